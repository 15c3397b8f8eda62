package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	cloudevents "github.com/cloudevents/sdk-go/v2/event"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/hookstile/hookstile/internal/provsign"
)

// The demo secrets of Caddyfile.example (its documented defaults).
const (
	demoSigningKey   = "whsec_aG9va3N0aWxlLWRlbW8tc2lnbmluZy1rZXk="
	demoDropbox      = "dropbox-demo-app-secret"
	demoDropboxSign  = "dropbox-sign-demo-api-key"
	demoBoxPrimary   = "box-demo-primary-key"
	demoBoxSecondary = "box-demo-secondary-key"
)

var (
	buildOnce sync.Once
	buildBin  string
	buildErr  error
	buildDir  string
)

// caddyBinary builds this package (Caddy + hookstile + the receiver) once.
// A failed build fails the test loudly: the end-to-end tests are the point.
func caddyBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "hookstile-caddy-")
		if err != nil {
			buildErr = err
			return
		}
		buildDir = dir
		bin := filepath.Join(dir, "caddy")
		ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
		defer cancel()
		out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build ./examples/caddy: %v\n%s", err, out)
			return
		}
		buildBin = bin
	})
	if buildErr != nil {
		t.Fatalf("BUILD FAILED, the end-to-end tests cannot run: %v", buildErr)
	}
	return buildBin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// freePort returns a port on 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// syncBuffer is an io.Writer safe for a process's output and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// caddyProc is a running Caddy.
type caddyProc struct {
	base   string // http://127.0.0.1:port of the hookstile site
	stdout *syncBuffer
	stderr *syncBuffer
	cmd    *exec.Cmd
	exited chan struct{}
}

// startCaddy runs the binary on config with env, waits until the hookstile
// site answers, and kills it when the test ends.
func startCaddy(t *testing.T, config string, env map[string]string) *caddyProc {
	t.Helper()
	return startCaddyBinary(t, caddyBinary(t), config, env)
}

// startCaddyBinary is startCaddy with another Caddy binary (an xcaddy build).
func startCaddyBinary(t *testing.T, bin, config string, env map[string]string) *caddyProc {
	t.Helper()
	port := env["HOOKSTILE_PORT"]
	if port == "" {
		t.Fatal("startCaddy: HOOKSTILE_PORT must be set")
	}
	home := t.TempDir()
	cmd := exec.Command(bin, "run", "--config", config)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "XDG_DATA_HOME="+home)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	p := &caddyProc{base: "http://127.0.0.1:" + port, stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	p.cmd, p.exited = cmd, exited
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			t.Errorf("caddy did not exit after kill")
		}
		if t.Failed() {
			t.Logf("caddy stderr:\n%s", p.stderr.String())
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-exited:
			t.Fatalf("caddy exited early:\n%s", p.stderr.String())
		default:
		}
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("caddy did not listen on %s within 30s:\n%s", port, p.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// arrival is one request the upstream got, verified and parsed.
type arrival struct {
	header http.Header
	body   []byte
	event  cloudevents.Event
	err    error // why the upstream refused it, nil if it verified and parsed
}

// upstream is a real application behind hookstile: it verifies the
// Standard Webhooks signature with the standard-webhooks library and parses
// the structured CloudEvent with the CloudEvents SDK.
type upstream struct {
	srv    *httptest.Server
	status atomic.Int32
	mu     sync.Mutex
	got    []arrival
}

func newUpstream(t *testing.T, key string) *upstream {
	t.Helper()
	wh, err := standardwebhooks.NewWebhook(key)
	if err != nil {
		t.Fatal(err)
	}
	u := &upstream{}
	u.status.Store(http.StatusNoContent)
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		a := arrival{header: r.Header.Clone(), body: body}
		if a.err = wh.Verify(body, r.Header); a.err == nil {
			a.event = cloudevents.New()
			if a.err = json.Unmarshal(body, &a.event); a.err == nil {
				a.err = a.event.Validate()
			}
		}
		u.mu.Lock()
		u.got = append(u.got, a)
		u.mu.Unlock()
		if a.err != nil {
			http.Error(w, "bad delivery", http.StatusBadRequest)
			return
		}
		w.WriteHeader(int(u.status.Load()))
		io.WriteString(w, "upstream says hi")
	}))
	t.Cleanup(u.srv.Close)
	return u
}

func (u *upstream) addr() string { return strings.TrimPrefix(u.srv.URL, "http://") }

func (u *upstream) count() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.got)
}

func (u *upstream) last(t *testing.T) arrival {
	t.Helper()
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.got) == 0 {
		t.Fatal("upstream got nothing")
	}
	return u.got[len(u.got)-1]
}

// delivery is one request to send to hookstile.
type delivery struct {
	method string
	path   string
	header http.Header
	body   []byte
}

var client = &http.Client{Timeout: 15 * time.Second}

func send(t *testing.T, base string, d delivery) (*http.Response, string) {
	t.Helper()
	m := d.method
	if m == "" {
		m = http.MethodPost
	}
	req, err := http.NewRequest(m, base+d.path, bytes.NewReader(d.body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range d.header {
		req.Header[k] = vs
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", m, d.path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// signed signs body as provider signs it at at (internal/provsign, the one
// signer of the tests), for path; set overrides headers the provider does
// not sign (delivery ids the test chooses).
func signed(provider, path string, secrets []string, at time.Time, body string, opts map[string]string, set ...string) delivery {
	r, err := provsign.Sign(provider, provsign.Input{Secrets: secrets, Options: opts, Body: []byte(body), Now: at,
		URL: "http://127.0.0.1" + path})
	if err != nil {
		panic(err)
	}
	h := r.Header.Clone()
	h.Del("Content-Length")
	for i := 0; i+1 < len(set); i += 2 {
		h.Set(set[i], set[i+1])
	}
	return delivery{method: r.Method, path: path, header: h, body: r.Body}
}

// Signed deliveries, built from each provider's documented scheme.

func dropboxDelivery(secret, body string) delivery {
	return signed("dropbox", "/hooks/dropbox", []string{secret}, time.Now(), body, nil)
}

func boxDelivery(key, id string, at time.Time, body string) delivery {
	return signed("box", "/hooks/box", []string{key}, at, body, nil, "BOX-DELIVERY-ID", id)
}

func boxBody(fileID string) string {
	return `{"type":"webhook_event","id":"ev-` + fileID + `","trigger":"FILE.UPLOADED","source":{"id":"` + fileID + `","type":"file"}}`
}

// dropboxSignDelivery posts the event JSON as the multipart field "json",
// as Dropbox Sign does.
func dropboxSignDelivery(key string, at time.Time, eventType, requestID string) delivery {
	evTime := strconv.FormatInt(at.Unix(), 10)
	js := `{"event":{"event_time":"` + evTime + `","event_type":"` + eventType + `","event_metadata":{"reported_for_account_id":"acct1"}},` +
		`"signature_request":{"signature_request_id":"` + requestID + `","title":"NDA"}}`
	return signed("dropbox_sign", "/hooks/dropbox-sign", []string{key}, at, js, nil)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// waitOutput waits until the process printed every one of wants.
func waitOutput(t *testing.T, b *syncBuffer, wants ...string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		missing := ""
		for _, w := range wants {
			if !strings.Contains(b.String(), w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("output lacks %q:\n%s", missing, b.String())
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}
