package queue

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// These helpers are written in the subset of Go that Yaegi v0.16.1 runs:
// the package's tests also run interpreted (traefiktest/queue_yaegi_test.go).

// memLog collects log lines.
type memLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *memLog) Log(level, msg string) {
	l.mu.Lock()
	l.lines = append(l.lines, level+": "+msg)
	l.mu.Unlock()
}

func (l *memLog) count(sub string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.lines {
		if strings.Contains(s, sub) {
			n++
		}
	}
	return n
}

func (l *memLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// testKey signs attempts the Standard Webhooks way.
var testKey = []byte("queue-test-signing-key")

type testSigner struct{}

func (testSigner) SignHeaders(h http.Header, id string, body []byte, now time.Time) {
	ts := strconv.FormatInt(now.Unix(), 10)
	m := hmac.New(sha256.New, testKey)
	m.Write([]byte(id + "." + ts + "."))
	m.Write(body)
	h.Set("Webhook-Id", id)
	h.Set("Webhook-Timestamp", ts)
	h.Set("Webhook-Signature", "v1,"+base64.StdEncoding.EncodeToString(m.Sum(nil)))
}

func verifySigned(h http.Header, body []byte) error {
	id := h.Get("Webhook-Id")
	ts := h.Get("Webhook-Timestamp")
	m := hmac.New(sha256.New, testKey)
	m.Write([]byte(id + "." + ts + "."))
	m.Write(body)
	want := "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
	if h.Get("Webhook-Signature") != want {
		return fmt.Errorf("bad signature for %s", id)
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return err
	}
	if d := time.Since(time.Unix(n, 0)); d > 5*time.Second || d < -5*time.Second {
		return fmt.Errorf("stale webhook-timestamp %s", ts)
	}
	return nil
}

// arrival is one request the test upstream got.
type arrival struct {
	id      string
	ts      string
	subject string
	body    string
	at      time.Time
	status  int
}

// upstream is a real HTTP receiver on loopback that can be down (nothing
// listening on its port), slow, failing (5xx) or rejecting (4xx). It checks
// every signature and how many deliveries of one subject overlap.
type upstream struct {
	t    testing.TB
	addr string

	mu       sync.Mutex
	ln       net.Listener
	srv      *http.Server
	status   int
	delay    time.Duration
	retryAft string
	got      []arrival
	errs     []string
	inflight map[string]int
	maxSubj  int
	inflAll  int
	maxAll   int
	perID    map[string]int // attempts in flight per webhook-id
	maxID    int
}

func newUpstream(t testing.TB) *upstream {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := &upstream{t: t, addr: ln.Addr().String(), status: http.StatusNoContent, inflight: map[string]int{}, perID: map[string]int{}}
	u.serve(ln)
	t.Cleanup(u.down)
	return u
}

func (u *upstream) url() string { return "http://" + u.addr + "/hooks" }

func (u *upstream) serve(ln net.Listener) {
	srv := &http.Server{Handler: http.HandlerFunc(u.handle)}
	u.mu.Lock()
	u.ln = ln
	u.srv = srv
	u.mu.Unlock()
	go srv.Serve(ln)
}

// down stops listening: attempts get "connection refused".
func (u *upstream) down() {
	u.mu.Lock()
	srv := u.srv
	u.srv = nil
	u.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// up listens again on the same port.
func (u *upstream) up() {
	var ln net.Listener
	var err error
	for i := 0; i < 100; i++ {
		ln, err = net.Listen("tcp", u.addr)
		if err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		u.t.Fatal(err)
	}
	u.serve(ln)
}

func (u *upstream) set(status int, delay time.Duration, retryAfter string) {
	u.mu.Lock()
	u.status = status
	u.delay = delay
	u.retryAft = retryAfter
	u.mu.Unlock()
}

func (u *upstream) handle(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	a := arrival{id: r.Header.Get("Webhook-Id"), ts: r.Header.Get("Webhook-Timestamp"), subject: r.Header.Get("X-Subject"), body: string(body), at: time.Now()}
	u.mu.Lock()
	if err := verifySigned(r.Header, body); err != nil {
		u.errs = append(u.errs, err.Error())
	}
	u.inflight[a.subject]++
	if a.subject != "" && u.inflight[a.subject] > u.maxSubj {
		u.maxSubj = u.inflight[a.subject]
	}
	u.inflAll++
	if u.inflAll > u.maxAll {
		u.maxAll = u.inflAll
	}
	u.perID[a.id]++
	if u.perID[a.id] > u.maxID {
		u.maxID = u.perID[a.id]
	}
	status := u.status
	delay := u.delay
	ra := u.retryAft
	u.mu.Unlock()
	if delay > 0 {
		time.Sleep(delay)
	}
	u.mu.Lock()
	u.inflight[a.subject]--
	u.inflAll--
	u.perID[a.id]--
	a.status = status
	u.got = append(u.got, a)
	u.mu.Unlock()
	if ra != "" {
		w.Header().Set("Retry-After", ra)
	}
	w.WriteHeader(status)
}

func (u *upstream) arrivals() []arrival {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := make([]arrival, len(u.got))
	copy(out, u.got)
	return out
}

// delivered returns the ids answered 2xx, with how often.
func (u *upstream) delivered() map[string]int {
	out := map[string]int{}
	for _, a := range u.arrivals() {
		if a.status >= 200 && a.status < 300 {
			out[a.id]++
		}
	}
	return out
}

func (u *upstream) check(t testing.TB) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, e := range u.errs {
		t.Errorf("upstream: %s", e)
	}
	if u.maxID > 1 {
		t.Errorf("upstream: one event was in flight %d times at once", u.maxID)
	}
}

// waitFor polls cond until it holds or d passes.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// rec builds a prepared record.
func rec(id, subject, body string) *Record {
	r := &Record{ID: id, Provider: "test", Type: "ping", Subject: subject, Body: []byte(body)}
	r.Header = http.Header{}
	r.Header.Set("Content-Type", "application/json")
	if subject != "" {
		r.Header.Set("X-Subject", subject)
	}
	// Accepted a moment ago, so it is due at any `now` a test took before.
	return r.Prepare(time.Now().Add(-time.Second))
}

func openSpool(t testing.TB, dir string, log Logger) *Spool {
	t.Helper()
	s, err := OpenSpool(dir, SpoolOptions{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// breakSpool makes dir unwritable for records, as a full or read-only disk
// would (the tests run as root, so permissions alone do not do it).
func breakSpool(t testing.TB, dir string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(dir, "tmp")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tmp"), []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
}
