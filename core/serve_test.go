package core

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// recordingUpstream is a real handler standing for the application: it
// records what it got and answers with status and body.
type recordingUpstream struct {
	mu     sync.Mutex
	status int
	body   []byte
	err    error // returned instead of answering (Caddy's reverse_proxy on a dial error)
	got    []*http.Request
	bodies [][]byte
	flush  bool // flush through http.ResponseController before answering
}

func (u *recordingUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) error {
	b, _ := io.ReadAll(r.Body)
	u.mu.Lock()
	u.got = append(u.got, r)
	u.bodies = append(u.bodies, b)
	u.mu.Unlock()
	if u.err != nil {
		return u.err
	}
	if u.flush {
		w.WriteHeader(u.status)
		if err := http.NewResponseController(w).Flush(); err != nil {
			return err
		}
		w.Write(u.body)
		return nil
	}
	w.WriteHeader(u.status)
	w.Write(u.body)
	return nil
}

func (u *recordingUpstream) count() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.got)
}

func dropboxSignRequest(key string, evTime int64, evType, reqID string) *http.Request {
	ts := strconv.FormatInt(evTime, 10)
	hash := encodeSig("hex", HMACSHA256([]byte(key), []byte(ts+evType)))
	body := `{"event":{"event_time":"` + ts + `","event_type":"` + evType + `","event_hash":"` + hash +
		`"},"signature_request":{"signature_request_id":"` + reqID + `"}}`
	r := httptest.NewRequest("POST", "/hooks/dropbox_sign", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func TestServeForwardsThenDeduplicates(t *testing.T) {
	v, err := New(Config{Provider: "github", Secrets: []string{"s"}, SignKeys: []string{"k"}})
	if err != nil {
		t.Fatal(err)
	}
	up := &recordingUpstream{status: 202, body: []byte("taken")}
	body := `{"zen":"hi"}`
	w := httptest.NewRecorder()
	s := v.Serve(w, githubRequest("s", "d-1", body), up)
	if s.Outcome != OutcomeForwarded || s.Err != nil || w.Code != 202 || w.Body.String() != "taken" {
		t.Fatalf("first delivery: %+v, answered %d %q", s, w.Code, w.Body.String())
	}
	if s.Event == nil || s.Event.DeliveryID != "d-1" {
		t.Fatalf("served event: %+v", s.Event)
	}
	got := up.got[0]
	if got.Header.Get(HeaderWebhookSignature) == "" || got.Header.Get(HeaderGitHubSignature256) != "" {
		t.Fatalf("forwarded headers: %v", got.Header)
	}
	if got.Header.Get(HeaderEventID) != "d-1" {
		t.Fatalf("Hookstile-Event-Id = %q", got.Header.Get(HeaderEventID))
	}
	w = httptest.NewRecorder()
	s = v.Serve(w, githubRequest("s", "d-1", body), up)
	if s.Outcome != OutcomeDuplicate || w.Code != 200 || up.count() != 1 {
		t.Fatalf("duplicate: %+v, answered %d, upstream saw %d", s, w.Code, up.count())
	}
}

func TestServeRejectsWithoutWriting(t *testing.T) {
	v, _ := New(Config{Provider: "github", Secrets: []string{"s"}})
	up := &recordingUpstream{status: 200}
	w := httptest.NewRecorder()
	s := v.Serve(w, githubRequest("wrong", "d-1", `{}`), up)
	if s.Outcome != OutcomeRejected || s.Status != 401 || !errors.Is(s.Err, ErrSignatureMismatch) {
		t.Fatalf("forged: %+v", s)
	}
	if w.Body.Len() != 0 || len(w.Header()) != 0 || up.count() != 0 {
		t.Fatalf("a rejection wrote %q / reached the upstream", w.Body.String())
	}
	WriteRejection(w, s.Status)
	if w.Code != 401 || w.Body.String() != "Unauthorized\n" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("rejection answer: %d %q", w.Code, w.Body.String())
	}
}

// An upstream failure reaches the provider (so it retries) and releases the
// replay keys (so the retry is forwarded), whether the upstream answered an
// error status or returned an error without answering.
func TestServeUpstreamFailureReleases(t *testing.T) {
	v, _ := New(Config{Provider: "github", Secrets: []string{"s"}})
	up := &recordingUpstream{status: 503, body: []byte("deploying")}
	w := httptest.NewRecorder()
	s := v.Serve(w, githubRequest("s", "d-1", `{}`), up)
	if s.Outcome != OutcomeUpstreamFailed || w.Code != 503 || w.Body.String() != "deploying" {
		t.Fatalf("upstream 503: %+v, answered %d", s, w.Code)
	}
	dial := errors.New("dial tcp: connection refused")
	up.err = dial
	w = httptest.NewRecorder()
	s = v.Serve(w, githubRequest("s", "d-1", `{}`), up)
	if s.Outcome != OutcomeUpstreamFailed || s.UpstreamErr != dial || w.Body.Len() != 0 {
		t.Fatalf("upstream error: %+v", s)
	}
	up.err = nil
	up.status = 200
	w = httptest.NewRecorder()
	if s = v.Serve(w, githubRequest("s", "d-1", `{}`), up); s.Outcome != OutcomeForwarded || up.count() != 3 {
		t.Fatalf("retry after failures: %+v (upstream saw %d)", s, up.count())
	}
}

// Dropbox Sign must get its acknowledgement body, never the upstream's; a
// failing upstream's answer is passed on, held back at most 1 MiB.
func TestServeHoldsBackForTheAck(t *testing.T) {
	now := time.Unix(1700000000, 0)
	v, err := New(Config{Provider: "dropbox_sign", Secrets: []string{"k"}, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	up := &recordingUpstream{status: 200, body: []byte("application says hi")}
	w := httptest.NewRecorder()
	s := v.Serve(w, dropboxSignRequest("k", now.Unix(), "signature_request_sent", "sr1"), up)
	if s.Outcome != OutcomeForwarded || w.Code != 200 || w.Body.String() != DropboxSignAck {
		t.Fatalf("ack: %+v, answered %d %q", s, w.Code, w.Body.String())
	}
	up.status = 500
	up.body = bytes.Repeat([]byte("x"), 3<<20)
	w = httptest.NewRecorder()
	s = v.Serve(w, dropboxSignRequest("k", now.Unix(), "signature_request_viewed", "sr1"), up)
	if s.Outcome != OutcomeUpstreamFailed || w.Code != 500 || w.Body.Len() != maxHeldAnswer {
		t.Fatalf("failure: %+v, answered %d with %d bytes", s, w.Code, w.Body.Len())
	}
	up.err = errors.New("no upstream")
	w = httptest.NewRecorder()
	s = v.Serve(w, dropboxSignRequest("k", now.Unix(), "signature_request_signed", "sr1"), up)
	if s.UpstreamErr == nil || s.Status != 0 || w.Body.Len() != 0 {
		t.Fatalf("upstream error with an ack provider: %+v, wrote %q", s, w.Body.String())
	}
}

// Headers in hookstile's namespaces are never taken from the request:
// an attacker's Webhook-Signature, Hookstile-Event-Type, Ce-* or Elements-*
// must not reach the upstream, without a sign key, in any format.
func TestServeRemovesInboundOwnHeaders(t *testing.T) {
	for _, format := range []string{FormatCloudEvents, FormatBinary, FormatRaw, FormatElements} {
		v, _ := New(Config{Provider: "github", Secrets: []string{"s"}, Format: format})
		up := &recordingUpstream{status: 200}
		r := githubRequest("s", "d-"+format, `{"zen":"hi"}`)
		r.Header.Set("Webhook-Signature", "v1,forged")
		r.Header.Set("Webhook-Id", "forged")
		r.Header.Set("Webhook-Timestamp", "1")
		r.Header.Set("Hookstile-Event-Type", "forged")
		r.Header.Set("Hookstile-Anything", "forged")
		r.Header.Set("Ce-Type", "forged")
		r.Header.Set("Ce-Subject", "forged")
		r.Header.Set("Elements-Webhook-Signature", "forged")
		if s := v.Serve(httptest.NewRecorder(), r, up); s.Outcome != OutcomeForwarded {
			t.Fatalf("%s: %+v", format, s)
		}
		for k, vs := range up.got[0].Header {
			for _, x := range vs {
				if x == "forged" || strings.Contains(x, "forged") {
					t.Errorf("%s: inbound %s: %q reached the upstream", format, k, x)
				}
			}
		}
	}
}

// Replay keys are stored as fixed-size digests: a flood of huge delivery ids
// does not grow the store by what the requests carry.
func TestReplayKeysAreDigests(t *testing.T) {
	st := newDedupStore(time.Minute, 1000)
	v, _ := New(Config{Provider: "github", Secrets: []string{"s"}, Store: st})
	up := &recordingUpstream{status: 200}
	huge := strings.Repeat("i", 256<<10)
	for i := 0; i < 20; i++ {
		id := huge + strconv.Itoa(i)
		v.Serve(httptest.NewRecorder(), githubRequest("s", id, `{"n":`+strconv.Itoa(i)+`}`), up)
	}
	if st.size() != 40 { // each delivery: its id and its body digest
		t.Fatalf("store holds %d keys, want 40", st.size())
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	for k := range st.m {
		if len(k) > 100 {
			t.Fatalf("store key of %d bytes", len(k))
		}
	}
}

// memQueue is a Queue that keeps deliveries in memory: enough to test
// Serve's side of queue mode (the durable queues are tested on their own).
type memQueue struct {
	mu  sync.Mutex
	got []*Delivery
	err error
}

func (q *memQueue) Enqueue(ds []*Delivery) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.err != nil {
		return q.err
	}
	q.got = append(q.got, ds...)
	return nil
}

func TestServeQueueMode(t *testing.T) {
	now := time.Unix(1700000000, 0)
	q := &memQueue{}
	v, err := New(Config{Provider: "dropbox_sign", Secrets: []string{"k"}, SignKeys: []string{"key"}, Queue: q, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	up := &recordingUpstream{status: 200}
	w := httptest.NewRecorder()
	s := v.Serve(w, dropboxSignRequest("k", now.Unix(), "signature_request_sent", "sr1"), up)
	if s.Outcome != OutcomeQueued || w.Code != 200 || w.Body.String() != DropboxSignAck || up.count() != 0 {
		t.Fatalf("queued: %+v, answered %d %q, upstream saw %d", s, w.Code, w.Body.String(), up.count())
	}
	if len(q.got) != 1 || q.got[0].Header.Get(HeaderWebhookSignature) != "" || q.got[0].Provider != "dropbox_sign" {
		t.Fatalf("queued deliveries: %+v", q.got)
	}
	h := http.Header{}
	v.SignHeaders(h, q.got[0].ID, q.got[0].Body, now)
	if h.Get(HeaderWebhookID) != q.got[0].ID || !strings.HasPrefix(h.Get(HeaderWebhookSignature), "v1,") {
		t.Fatalf("signed attempt headers: %v", h)
	}
	// A copy is a duplicate once queued; a queue failure is 503 and releases.
	if s = v.Serve(httptest.NewRecorder(), dropboxSignRequest("k", now.Unix(), "signature_request_sent", "sr1"), up); s.Outcome != OutcomeDuplicate {
		t.Fatalf("copy of a queued delivery: %+v", s)
	}
	q.err = errors.New("disk full")
	s = v.Serve(httptest.NewRecorder(), dropboxSignRequest("k", now.Unix(), "signature_request_viewed", "sr1"), up)
	if s.Outcome != OutcomeRejected || s.Status != 503 || !errors.Is(s.Err, ErrQueueUnavailable) {
		t.Fatalf("queue failure: %+v", s)
	}
	q.err = ErrBodyTooLarge
	s = v.Serve(httptest.NewRecorder(), dropboxSignRequest("k", now.Unix(), "signature_request_viewed", "sr1"), up)
	if s.Status != 413 {
		t.Fatalf("too large for the queue: %+v", s)
	}
	q.err = nil
	if s = v.Serve(httptest.NewRecorder(), dropboxSignRequest("k", now.Unix(), "signature_request_viewed", "sr1"), up); s.Outcome != OutcomeQueued {
		t.Fatalf("retry after queue failures: %+v", s)
	}
}

// In queue mode a Dropbox notification naming several accounts becomes one
// delivery per account.
func TestServeQueueSplitsDropboxAccounts(t *testing.T) {
	q := &memQueue{}
	v, _ := New(Config{Provider: "dropbox", Secrets: []string{"app"}, Queue: q})
	body := `{"list_folder":{"accounts":["dbid:A","dbid:B"]},"delta":{"users":[1,2]}}`
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	r.Header.Set(HeaderDropboxSignature, encodeSig("hex", HMACSHA256([]byte("app"), []byte(body))))
	if s := v.Serve(httptest.NewRecorder(), r, &recordingUpstream{}); s.Outcome != OutcomeQueued {
		t.Fatalf("%+v", s)
	}
	if len(q.got) != 2 || q.got[0].Subject != "dbid:A" || q.got[1].Subject != "dbid:B" || q.got[0].ID == q.got[1].ID {
		t.Fatalf("deliveries: %+v", q.got)
	}
	if !bytes.Contains(q.got[1].Body, []byte(`"subject":"dbid:B"`)) {
		t.Fatalf("second delivery's envelope: %s", q.got[1].Body)
	}
}

// failingStore is a shared store that cannot be reached.
type failingStore struct {
	err error
}

func (f *failingStore) Reserve(keys []StoreKey, lease time.Duration, now time.Time) (int, error) {
	return 0, f.err
}

func (f *failingStore) Finish(keys []StoreKey, delivered bool, now time.Time) error {
	return f.err
}

func (f *failingStore) Get(key string, now time.Time) (string, bool, error) {
	return "", false, f.err
}

func (f *failingStore) Set(key, value string, ttl time.Duration, onlyIfAbsent bool, now time.Time) (bool, error) {
	return false, f.err
}

// A store that cannot be reached fails closed: 503, nothing forwarded.
func TestServeStoreUnavailableIs503(t *testing.T) {
	v, _ := New(Config{Provider: "github", Secrets: []string{"s"}, Store: &failingStore{err: errors.New("dial tcp 127.0.0.1:1: connection refused")}})
	up := &recordingUpstream{status: 200}
	s := v.Serve(httptest.NewRecorder(), githubRequest("s", "d-1", `{}`), up)
	if s.Status != 503 || !errors.Is(s.Err, ErrStoreUnavailable) || up.count() != 0 || Reason(s.Err) != "store_unavailable" {
		t.Fatalf("%+v (upstream saw %d)", s, up.count())
	}
}
