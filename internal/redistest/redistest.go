// Package redistest runs a real redis-server (the Debian package) for
// tests: on a free loopback port, in a temporary directory, with no
// snapshots unless asked, stopped by its process id when the test ends.
// The root module's tests and the nested Yaegi/Traefik test module both
// use it; it is standard library only and runs under Yaegi too.
package redistest

import (
	"bufio"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is one redis-server process.
type Server struct {
	Port int
	Addr string // 127.0.0.1:Port
	Dir  string
	args []string

	mu  sync.Mutex
	cmd *exec.Cmd
}

// Start runs redis-server with the extra arguments (for example
// "--requirepass", "pw", or "--appendonly", "yes") and waits until it
// answers. There is no skipping: without redis-server the test fails.
func Start(t testing.TB, extra []string) *Server {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatal("redis-server is not installed (apt-get install redis-server; .ci/run installs it)")
	}
	s := &Server{Dir: t.TempDir(), args: extra}
	var last string
	for try := 0; try < 5; try++ {
		s.Port = FreePort(t)
		s.Addr = "127.0.0.1:" + strconv.Itoa(s.Port)
		if err := s.start(); err != "" {
			last = err
			continue
		}
		t.Cleanup(s.Stop)
		return s
	}
	t.Fatalf("redis-server did not start: %s", last)
	return nil
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return p
}

// start runs the process and waits for it to answer; it returns the reason
// it did not, or "".
func (s *Server) start() string {
	args := []string{
		"--port", strconv.Itoa(s.Port), "--bind", "127.0.0.1",
		"--dir", s.Dir, "--save", "", "--appendonly", "no",
		"--logfile", filepath.Join(s.Dir, "redis.log"),
		"--daemonize", "no", "--protected-mode", "no",
	}
	args = append(args, s.args...)
	cmd := exec.Command("redis-server", args...)
	cmd.Dir = s.Dir
	if err := cmd.Start(); err != nil {
		return err.Error()
	}
	var exitMu sync.Mutex
	exited := false
	go func() {
		cmd.Wait()
		exitMu.Lock()
		exited = true
		exitMu.Unlock()
	}()
	s.mu.Lock()
	s.cmd = cmd
	s.mu.Unlock()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if answers(s.Addr, s.password(), cmd.Process.Pid) {
			return ""
		}
		exitMu.Lock()
		gone := exited
		exitMu.Unlock()
		if gone {
			s.mu.Lock()
			s.cmd = nil
			s.mu.Unlock()
			return "exited at start: " + s.logTail()
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.Stop()
	return "no answer within 10s: " + s.logTail()
}

// answers reports whether the redis-server with process id pid answers on
// addr, done loading: a parallel test's server that took the port first
// does not count.
func answers(addr, password string, pid int) bool {
	c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return false
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Second))
	r := bufio.NewReader(c)
	if password != "" {
		if _, err := c.Write([]byte("*2\r\n$4\r\nAUTH\r\n$" + strconv.Itoa(len(password)) + "\r\n" + password + "\r\n")); err != nil {
			return false
		}
		if line, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(line, "+OK") {
			return false
		}
	}
	if _, err := c.Write([]byte("*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n")); err != nil {
		return false
	}
	head, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(head, "$") {
		return false // -LOADING, -NOAUTH ...
	}
	n, err := strconv.Atoi(strings.TrimSpace(head[1:]))
	if err != nil || n <= 0 || n > 1<<20 {
		return false
	}
	buf := make([]byte, n+2)
	if _, err := io.ReadFull(r, buf); err != nil {
		return false
	}
	if !strings.Contains(string(buf), "\nprocess_id:"+strconv.Itoa(pid)+"\r") {
		return false
	}
	// Ours, and done loading its AOF (until then it answers -LOADING).
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	line, err := r.ReadString('\n')
	return err == nil && strings.HasPrefix(line, "+PONG")
}

// password is the --requirepass the server was started with, if any.
func (s *Server) password() string {
	for i := 0; i+1 < len(s.args); i++ {
		if s.args[i] == "--requirepass" {
			return s.args[i+1]
		}
	}
	return ""
}

func (s *Server) logTail() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "redis.log"))
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// URL is redis://127.0.0.1:Port (add a password or db as the test needs).
func (s *Server) URL() string { return "redis://" + s.Addr }

// PID is the process id of the running server, 0 when stopped.
func (s *Server) PID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

// Stop ends the server by its process id (SIGKILL: what a crash does; with
// --appendonly yes and appendfsync always nothing acknowledged is lost) and
// waits until its port is closed. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	cmd := s.cmd
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Kill()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", s.Addr, 100*time.Millisecond)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(20 * time.Millisecond)
	}
}

// Restart starts the server again on the same port and directory.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Stop()
	var err string
	for try := 0; try < 20; try++ {
		if err = s.start(); err == "" {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("redis-server did not restart on %s: %s", s.Addr, err)
}

// Silent listens on a loopback port, accepts connections and never answers:
// a Redis that hangs. It is closed when the test ends.
func Silent(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return l.Addr().String()
}
