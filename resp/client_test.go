package resp

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookstile/hookstile/internal/redistest"
)

const testPassword = "hunter2-secret"

func dialT(t *testing.T, url string) *Client {
	t.Helper()
	c, err := Dial(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func mustDo(t *testing.T, c *Client, args []string) Reply {
	t.Helper()
	r, err := c.Do(args...)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return r
}

func TestClientReplyTypes(t *testing.T) {
	srv := redistest.Start(t, nil)
	c := dialT(t, srv.URL())

	if r := mustDo(t, c, []string{"SET", "k", "v\r\nwith CRLF"}); r.Kind != KindString || r.Str != "OK" {
		t.Errorf("SET: %+v", r)
	}
	if r := mustDo(t, c, []string{"GET", "k"}); r.Kind != KindBulk || r.Str != "v\r\nwith CRLF" || r.Nil {
		t.Errorf("GET: %+v", r)
	}
	if r := mustDo(t, c, []string{"GET", "absent"}); r.Kind != KindBulk || !r.Nil {
		t.Errorf("GET absent: %+v", r)
	}
	mustDo(t, c, []string{"SET", "empty", ""})
	if r := mustDo(t, c, []string{"GET", "empty"}); r.Nil || r.Str != "" {
		t.Errorf("GET empty: %+v", r)
	}
	if r := mustDo(t, c, []string{"INCRBY", "n", "-7"}); r.Kind != KindInteger || r.Int != -7 {
		t.Errorf("INCRBY: %+v", r)
	}
	r, err := c.Do("INCR", "k")
	if !errors.Is(err, ErrReply) || r.Kind != KindError || errors.Is(err, ErrConn) {
		t.Errorf("INCR on a string: %+v, %v", r, err)
	}
	// The connection that got an error reply is still good.
	if c.Open() != 1 {
		t.Errorf("%d connections open after an error reply, want 1", c.Open())
	}
	if r := mustDo(t, c, []string{"MGET", "k", "absent", "n"}); r.Kind != KindArray || len(r.Array) != 3 ||
		r.Array[0].Str != "v\r\nwith CRLF" || !r.Array[1].Nil || r.Array[2].Str != "-7" {
		t.Errorf("MGET: %+v", r)
	}
	if r := mustDo(t, c, []string{"EVAL", "return {1, {'x', false}, 'y'}", "0"}); len(r.Array) != 3 ||
		r.Array[0].Int != 1 || len(r.Array[1].Array) != 2 || r.Array[1].Array[0].Str != "x" || !r.Array[1].Array[1].Nil {
		t.Errorf("nested array: %+v", r)
	}
	if r := mustDo(t, c, []string{"BLPOP", "nolist", "0.05"}); r.Kind != KindArray || !r.Nil {
		t.Errorf("BLPOP timeout (nil array): %+v", r)
	}
	if r := mustDo(t, c, []string{"LRANGE", "nolist", "0", "-1"}); r.Kind != KindArray || r.Nil || len(r.Array) != 0 {
		t.Errorf("empty array: %+v", r)
	}
	big := strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB
	mustDo(t, c, []string{"SET", "big", big})
	if r := mustDo(t, c, []string{"GET", "big"}); r.Str != big {
		t.Errorf("1 MiB value: got %d bytes", len(r.Str))
	}
}

func TestClientPipeline(t *testing.T) {
	srv := redistest.Start(t, nil)
	c := dialT(t, srv.URL())
	var cmds [][]string
	for i := 0; i < 100; i++ {
		cmds = append(cmds, []string{"INCR", "p"})
	}
	cmds = append(cmds, []string{"HGET", "p", "x"}) // WRONGTYPE in the middle of a pipeline is a reply
	cmds = append(cmds, []string{"GET", "p"})
	rs, err := c.Pipeline(cmds)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if rs[i].Int != int64(i+1) {
			t.Fatalf("reply %d: %+v", i, rs[i])
		}
	}
	if !rs[100].IsError("WRONGTYPE") || rs[101].Str != "100" {
		t.Errorf("tail of the pipeline: %+v %+v", rs[100], rs[101])
	}
}

func TestClientAuth(t *testing.T) {
	srv := redistest.Start(t, []string{"--requirepass", testPassword,
		"--user", "alice", "on", ">alice-" + testPassword, "~*", "+@all"})
	host := srv.Addr

	// No password: the server refuses commands (a reply, not a broken connection).
	c := dialT(t, "redis://"+host)
	if r, err := c.Do("GET", "k"); !errors.Is(err, ErrReply) || !r.IsError("NOAUTH") {
		t.Errorf("without AUTH: %+v %v", r, err)
	}
	// Password only (the default user), and user + password (ACL).
	for _, u := range []string{"redis://:" + testPassword + "@" + host, "redis://" + testPassword + "@" + host, "redis://alice:alice-" + testPassword + "@" + host + "/1"} {
		c := dialT(t, u)
		if _, err := c.Do("SET", "k", "v"); err != nil {
			t.Errorf("%s: %v", Redact(u), err)
		}
	}
	// A wrong password fails at connect, and the error never shows a password.
	for _, u := range []string{"redis://:wrong-" + testPassword + "@" + host, "redis://alice:wrong-" + testPassword + "@" + host} {
		c := dialT(t, u)
		_, err := c.Do("PING")
		if !errors.Is(err, ErrConn) || !strings.Contains(err.Error(), "AUTH refused") {
			t.Errorf("wrong password: %v", err)
		}
		if err != nil && strings.Contains(err.Error(), testPassword) {
			t.Errorf("error shows the password: %v", err)
		}
		if c.Open() != 0 {
			t.Errorf("a refused connection is kept: %d open", c.Open())
		}
	}
}

func TestClientSelect(t *testing.T) {
	srv := redistest.Start(t, nil)
	c0 := dialT(t, srv.URL()+"/0")
	c3 := dialT(t, srv.URL()+"/3")
	mustDo(t, c3, []string{"SET", "k", "in-db-3"})
	if r := mustDo(t, c0, []string{"GET", "k"}); !r.Nil {
		t.Errorf("db 0 sees db 3's key: %+v", r)
	}
	if r := mustDo(t, c3, []string{"GET", "k"}); r.Str != "in-db-3" {
		t.Errorf("db 3: %+v", r)
	}
	bad := dialT(t, srv.URL()+"/99999")
	if _, err := bad.Do("PING"); !errors.Is(err, ErrConn) || !strings.Contains(err.Error(), "SELECT refused") {
		t.Errorf("SELECT 99999: %v", err)
	}
}

// A server that accepts and never answers: every call fails within its
// timeout, and the connection is not reused.
func TestClientTimeouts(t *testing.T) {
	addr := redistest.Silent(t)
	c := dialT(t, "redis://:"+testPassword+"@"+addr+"?timeout=150ms")
	for i := 0; i < 3; i++ {
		start := time.Now()
		_, err := c.Do("PING")
		took := time.Since(start)
		if !errors.Is(err, ErrConn) {
			t.Fatalf("silent server: %v", err)
		}
		if strings.Contains(err.Error(), testPassword) {
			t.Errorf("error shows the password: %v", err)
		}
		if took > 3*time.Second {
			t.Errorf("call took %v with a 150ms timeout", took)
		}
		if c.Open() != 0 {
			t.Errorf("a timed-out connection is kept: %d open", c.Open())
		}
	}
	// Without AUTH the dial succeeds and the read times out.
	c2 := dialT(t, "redis://"+addr+"?read_timeout=150ms")
	if _, err := c2.Do("PING"); !errors.Is(err, ErrConn) || !strings.Contains(err.Error(), "timeout") {
		t.Errorf("read timeout: %v", err)
	}
	// TLS: the handshake with a silent server is bounded by dial_timeout.
	c3 := dialT(t, "rediss://"+addr+"?dial_timeout=150ms")
	start := time.Now()
	if _, err := c3.Do("PING"); !errors.Is(err, ErrConn) {
		t.Errorf("TLS handshake with a silent server: %v", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("TLS handshake took %v with a 150ms dial timeout", took)
	}
	// Refused: nothing listens.
	port := redistest.FreePort(t)
	c4 := dialT(t, "redis://127.0.0.1:"+strconv.Itoa(port))
	if _, err := c4.Do("PING"); !errors.Is(err, ErrConn) {
		t.Errorf("refused: %v", err)
	}
}

func TestClientPoolBound(t *testing.T) {
	srv := redistest.Start(t, nil)
	c := dialT(t, srv.URL()+"?pool_size=3&pool_timeout=10s")
	var wg sync.WaitGroup
	var mu sync.Mutex
	maxOpen, failed := 0, 0
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Do("BLPOP", "nothing", "0.1")
			mu.Lock()
			if err != nil {
				failed++
			}
			if n := c.Open(); n > maxOpen {
				maxOpen = n
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if failed != 0 || maxOpen > 3 || maxOpen < 1 {
		t.Errorf("12 calls on a pool of 3: %d failed, %d connections open at most", failed, maxOpen)
	}
	info := mustDo(t, dialT(t, srv.URL()), []string{"CLIENT", "LIST"})
	if n := strings.Count(info.Str, "\n"); n > 4 {
		t.Errorf("the server saw %d clients, want at most 3 + 1", n)
	}

	// A call that finds the pool busy waits at most pool_timeout.
	one := dialT(t, srv.URL()+"?pool_size=1&pool_timeout=100ms&read_timeout=5s")
	done := make(chan error, 1)
	go func() {
		_, err := one.Do("BLPOP", "nothing", "1")
		done <- err
	}()
	// Wait until the server sees the BLPOP blocked: the only connection is taken.
	watch := dialT(t, srv.URL())
	for i := 0; ; i++ {
		cl := mustDo(t, watch, []string{"CLIENT", "LIST"})
		if strings.Contains(cl.Str, " flags=b ") {
			break
		}
		if i > 200 {
			t.Fatalf("the BLPOP never blocked:\n%s", cl.Str)
		}
		time.Sleep(5 * time.Millisecond)
	}
	_, err := one.Do("PING")
	if !errors.Is(err, ErrConn) || !strings.Contains(err.Error(), "no free connection") {
		t.Errorf("busy pool: %v", err)
	}
	if err := <-done; err != nil {
		t.Errorf("blocked call: %v", err)
	}
	if _, err := one.Do("PING"); err != nil {
		t.Errorf("after the pool freed up: %v", err)
	}
}

// The server goes away and comes back: calls fail meanwhile, then work
// again without a new client.
func TestClientReconnect(t *testing.T) {
	srv := redistest.Start(t, []string{"--appendonly", "yes", "--appendfsync", "always"})
	c := dialT(t, srv.URL()+"?timeout=500ms")
	mustDo(t, c, []string{"SET", "k", "before"})
	srv.Stop()
	for i := 0; i < 3; i++ {
		if _, err := c.Do("GET", "k"); !errors.Is(err, ErrConn) {
			t.Fatalf("server down, call %d: %v", i, err)
		}
	}
	if c.Open() != 0 {
		t.Errorf("%d connections kept while the server is down", c.Open())
	}
	srv.Restart(t)
	r, err := c.Do("GET", "k")
	if err != nil {
		t.Fatalf("after restart: %v", err)
	}
	if r.Str != "before" {
		t.Errorf("after restart (AOF, appendfsync always): %+v", r)
	}

	// Restarted under several idle connections: the first call may fail on
	// a dead connection (never hangs, never answers wrong); it takes the
	// other dead ones with it, so the next call works.
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Do("BLPOP", "nothing", "0.05")
		}()
	}
	wg.Wait()
	if c.Open() < 2 {
		t.Fatalf("%d connections open, want several idle ones", c.Open())
	}
	srv.Restart(t)
	if _, err := c.Do("GET", "k"); err != nil && !errors.Is(err, ErrConn) {
		t.Errorf("first call on a dead connection: %v", err)
	}
	if r, err := c.Do("GET", "k"); err != nil || r.Str != "before" {
		t.Errorf("second call after restart: %+v %v", r, err)
	}
}

func TestClientScript(t *testing.T) {
	srv := redistest.Start(t, nil)
	c := dialT(t, srv.URL())
	s := NewScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
	r, err := c.Run(s, []string{"n"}, []string{"5"})
	if err != nil || r.Int != 5 {
		t.Fatalf("first run (EVAL fallback): %+v %v", r, err)
	}
	ex := mustDo(t, c, []string{"SCRIPT", "EXISTS", s.SHA()})
	if len(ex.Array) != 1 || ex.Array[0].Int != 1 {
		t.Errorf("script not loaded by EVAL: %+v", ex)
	}
	r, err = c.Run(s, []string{"n"}, []string{"2"})
	if err != nil || r.Int != 7 {
		t.Errorf("EVALSHA: %+v %v", r, err)
	}
	mustDo(t, c, []string{"SCRIPT", "FLUSH"})
	r, err = c.Run(s, []string{"n"}, []string{"1"})
	if err != nil || r.Int != 8 {
		t.Errorf("after SCRIPT FLUSH (NOSCRIPT, then EVAL): %+v %v", r, err)
	}
	bad := NewScript("return redis.error_reply('ERR nope')")
	if _, err := c.Run(bad, nil, nil); !errors.Is(err, ErrReply) {
		t.Errorf("script error: %v", err)
	}
}

func TestShared(t *testing.T) {
	srv := redistest.Start(t, nil)
	u := srv.URL() + "/5"
	a, err := Shared(u)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Shared(u)
	if err != nil {
		t.Fatal(err)
	}
	if a != b || SharedCount(u) != 2 {
		t.Fatalf("two users of %s: same client %v, count %d", u, a == b, SharedCount(u))
	}
	if _, err := a.Do("PING"); err != nil {
		t.Fatal(err)
	}
	Release(u)
	if _, err := b.Do("PING"); err != nil {
		t.Errorf("still used by one: %v", err)
	}
	Release(u)
	if SharedCount(u) != 0 {
		t.Errorf("count after both released: %d", SharedCount(u))
	}
	if _, err := b.Do("PING"); !errors.Is(err, ErrConn) {
		t.Errorf("released client still works: %v", err)
	}
	if _, err := Shared("redis://:" + testPassword + "@h:0"); err == nil || strings.Contains(err.Error(), testPassword) {
		t.Errorf("bad shared URL: %v", err)
	}
}

// rediss:// against redis-server's own TLS port, with a CA given in ca_file.
func TestClientTLS(t *testing.T) {
	dir := t.TempDir()
	ca, cert, key := makeCerts(t, dir)
	tlsPort := redistest.FreePort(t)
	srv := redistest.Start(t, []string{"--tls-port", strconv.Itoa(tlsPort),
		"--tls-cert-file", cert, "--tls-key-file", key, "--tls-ca-cert-file", ca,
		"--tls-auth-clients", "no", "--requirepass", testPassword})
	_ = srv
	u := "rediss://:" + testPassword + "@127.0.0.1:" + strconv.Itoa(tlsPort) + "/2?ca_file=" + ca
	c := dialT(t, u)
	mustDo(t, c, []string{"SET", "k", "over TLS"})
	if r := mustDo(t, c, []string{"GET", "k"}); r.Str != "over TLS" {
		t.Errorf("GET over TLS: %+v", r)
	}
	// Without the CA the server's certificate is not trusted, and there is
	// no option to skip the check.
	c2 := dialT(t, "rediss://:"+testPassword+"@127.0.0.1:"+strconv.Itoa(tlsPort))
	_, err := c2.Do("PING")
	if !errors.Is(err, ErrConn) || !strings.Contains(err.Error(), "TLS") {
		t.Errorf("untrusted certificate: %v", err)
	}
	if err != nil && strings.Contains(err.Error(), testPassword) {
		t.Errorf("error shows the password: %v", err)
	}
}

// makeCerts writes a CA and a server certificate for 127.0.0.1.
func makeCerts(t *testing.T, dir string) (caPath, certPath, keyPath string) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "hookstile test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	caPath = filepath.Join(dir, "ca.pem")
	certPath = filepath.Join(dir, "cert.pem")
	keyPath = filepath.Join(dir, "key.pem")
	write := func(p, typ string, b []byte) {
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(caPath, "CERTIFICATE", caDER)
	write(certPath, "CERTIFICATE", der)
	write(keyPath, "EC PRIVATE KEY", keyDER)
	return caPath, certPath, keyPath
}
