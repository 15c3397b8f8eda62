package core

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Dropbox Sign signs only event_time + event_type (issue #11, point 1). The
// tests below are the exploits of the security review: each was accepted
// (forwarded again, or forwarded at all) before the fix of its commit.

const dsKey = "dropbox-sign-test-api-key"

// dsEvent is a Dropbox Sign callback JSON at t, signed with key.
func dsEvent(key string, t time.Time, evType, requestID, title string) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	hash := encodeSig("hex", HMACSHA256([]byte(key), []byte(ts+evType)))
	return `{"event":{"event_time":"` + ts + `","event_type":"` + evType + `","event_hash":"` + hash +
		`","event_metadata":{"related_signature_id":"sig-1","reported_for_account_id":"acct-1","reported_for_app_id":"app-1"}},` +
		`"account_guid":"acct-1","client_id":"app-1",` +
		`"signature_request":{"signature_request_id":"` + requestID + `","title":"` + title + `","is_complete":false,"is_declined":false,` +
		`"signatures":[{"signature_id":"sig-1","status_code":"signed"}]}}`
}

// dsMultipart posts js as Dropbox Sign does: the multipart field "json".
func dsMultipart(js string) *http.Request {
	body := "--B0und\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n" + js + "\r\n--B0und--\r\n"
	r := httptest.NewRequest("POST", "/hooks/dropbox-sign", strings.NewReader(body))
	r.Header.Set("Content-Type", "multipart/form-data; boundary=B0und")
	return r
}

func dsJSON(js string) *http.Request {
	r := httptest.NewRequest("POST", "/hooks/dropbox-sign", strings.NewReader(js))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func dsForm(js string) *http.Request {
	r := httptest.NewRequest("POST", "/hooks/dropbox-sign", strings.NewReader("json="+url.QueryEscape(js)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// A captured callback re-sent with whitespace, reordered members, another
// body encoding or edited unsigned fields is the same event: a duplicate,
// acknowledged and never forwarded again.
func TestDropboxSignReplayKeyIsTheSignedTuple(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	v, err := New(Config{Provider: "dropbox_sign", Secrets: []string{dsKey}, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	js := dsEvent(dsKey, now.Add(-time.Minute), "signature_request_signed", "fa5c8a0b0f492d768749333ad6fcc214c111e967", "NDA")
	o, err := v.Inspect(dsMultipart(js))
	if err != nil || o.Duplicate || o.Reply != nil {
		t.Fatalf("genuine callback: %+v %v", o, err)
	}
	v.Finish(o, true)

	replays := map[string]*http.Request{
		"same bytes":              dsMultipart(js),
		"a space added":           dsMultipart(strings.Replace(js, `{"event":`, `{ "event":`, 1)),
		"trailing whitespace":     dsMultipart(js + "\n  "),
		"as raw JSON":             dsJSON(js),
		"as a form field":         dsForm(js),
		"unsigned title changed":  dsMultipart(strings.Replace(js, `"title":"NDA"`, `"title":"Pay the attacker"`, 1)),
		"unsigned state changed":  dsMultipart(strings.Replace(js, `"is_complete":false`, `"is_complete":true`, 1)),
		"unsigned member added":   dsMultipart(strings.Replace(js, `"client_id":"app-1",`, `"client_id":"app-1","extra":{"a":1},`, 1)),
		"event members reordered": dsMultipart(reorderDSEvent(js)),
	}
	for name, r := range replays {
		o, err := v.Inspect(r)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !o.Duplicate || o.Reply == nil || string(o.Reply.Body) != DropboxSignAck {
			t.Errorf("%s: forwarded again (duplicate %v)", name, o.Duplicate)
			v.Finish(o, true)
		}
	}

	// Another signature request with the same signed tuple is another event.
	other := dsEvent(dsKey, now.Add(-time.Minute), "signature_request_signed", "0000000000000000000000000000000000000001", "NDA")
	if o, err := v.Inspect(dsMultipart(other)); err != nil || o.Duplicate {
		t.Fatalf("another request's event: %+v %v", o, err)
	}
}

// reorderDSEvent moves event_hash before event_time inside "event".
func reorderDSEvent(js string) string {
	i := strings.Index(js, `"event_time":`)
	j := strings.Index(js, `"event_hash":`)
	k := strings.Index(js, `"event_metadata":`)
	return js[:i] + js[j:k] + js[i:j] + js[k:]
}

// Without a tolerance the route used to accept any event_time: a callback
// captured in 2023 verified in 2026. The default window covers Dropbox
// Sign's documented retries (about three days) and no more.
func TestDropboxSignDefaultFreshness(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	v, err := New(Config{Provider: "dropbox_sign", Secrets: []string{dsKey}, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	old := dsEvent(dsKey, time.Date(2023, 5, 4, 0, 0, 0, 0, time.UTC), "signature_request_sent", "aa", "NDA")
	if _, err := v.Inspect(dsMultipart(old)); Reason(err) != "stale_timestamp" {
		t.Fatalf("a 2023 callback: %v, want stale_timestamp", err)
	}
	future := dsEvent(dsKey, now.Add(10*24*time.Hour), "signature_request_sent", "aa", "NDA")
	if _, err := v.Inspect(dsMultipart(future)); Reason(err) != "future_timestamp" {
		t.Fatalf("a callback ten days ahead: %v, want future_timestamp", err)
	}
	// The last documented retry (6 retries, 5 min to 20 h 15 min apart:
	// 30 h 20 min in all; "about 3 days" in the newer glossary) still passes.
	retry := dsEvent(dsKey, now.Add(-72*time.Hour), "signature_request_sent", "bb", "NDA")
	o, err := v.Inspect(dsMultipart(retry))
	if err != nil {
		t.Fatalf("a retry three days after the event: %v", err)
	}
	v.Finish(o, true)
	// The replay key is remembered as long as the window: a day later the
	// same callback is still a duplicate.
	now = now.Add(24 * time.Hour)
	later := dsEvent(dsKey, now.Add(-24*time.Hour-time.Minute), "signature_request_sent", "cc", "NDA")
	o, err = v.Inspect(dsMultipart(later))
	if err != nil {
		t.Fatal(err)
	}
	v.Finish(o, true)
	now = now.Add(24 * time.Hour)
	if o, err := v.Inspect(dsMultipart(later)); err != nil || !o.Duplicate {
		t.Fatalf("the same callback a day later: %+v %v, want a duplicate", o, err)
	}
}

// dsAPI is a loopback stand-in for the Dropbox Sign API.
type dsAPI struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits int
	fail bool
	reqs map[string]string // id -> signature_request JSON
}

func newDSAPI(t *testing.T) *dsAPI {
	a := &dsAPI{reqs: map[string]string{}}
	a.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.hits++
		if user, pass, ok := r.BasicAuth(); !ok || user != dsKey || pass != "" || r.Method != "GET" {
			http.Error(w, `{"error":{"error_name":"unauthorized"}}`, http.StatusUnauthorized)
			return
		}
		if a.fail {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		obj, ok := a.reqs[strings.TrimPrefix(r.URL.Path, "/v3/signature_request/")]
		if !ok {
			http.Error(w, `{"error":{"error_name":"not_found"}}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"signature_request":`+obj+`}`)
	}))
	t.Cleanup(func() { a.srv.Close() })
	return a
}

func (a *dsAPI) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.hits
}

// With verify_api on, the signature request is fetched from the API: the
// forwarded object is the API's, and an event the API contradicts, or about
// a request the account does not have, is refused.
func TestDropboxSignVerifyAPI(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	api := newDSAPI(t)
	const known, pending = "fa5c8a0b0f492d768749333ad6fcc214c111e967", "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a"
	api.reqs[known] = `{"signature_request_id":"` + known + `","title":"NDA","is_complete":true,"is_declined":false,` +
		`"signatures":[{"signature_id":"sig-1","status_code":"signed"}]}`
	api.reqs[pending] = `{"signature_request_id":"` + pending + `","title":"Lease","is_complete":false,"is_declined":false,` +
		`"signatures":[{"signature_id":"sig-1","status_code":"awaiting_signature"}]}`
	v, err := New(Config{Provider: "dropbox_sign", Secrets: []string{"old-key", dsKey}, Options: map[string]string{"verify_api": "on"},
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	p := v.p.(*dropboxSign)
	if p.api == nil || p.api.base != "https://api.hellosign.com" {
		t.Fatalf("verify_api: %+v", p.api)
	}
	if p.api.fetch.allowed(mustURL(t, api.srv.URL+"/v3/signature_request/"+known)) {
		t.Fatal("a loopback API host allowed without the test hook")
	}
	for _, u := range []string{"https://api.hellosign.com/v3/signature_request/" + known, "https://API.hellosign.com/v3/signature_request/x"} {
		if !p.api.fetch.allowed(mustURL(t, u)) {
			t.Fatalf("%s refused", u)
		}
	}
	for _, u := range []string{"http://api.hellosign.com/v3/signature_request/x", "https://api.hellosign.com.evil.example/v3/signature_request/x",
		"https://api.hellosign.com/v3/account", "https://api.hellosign.com:8443/v3/signature_request/x"} {
		if p.api.fetch.allowed(mustURL(t, u)) {
			t.Fatalf("%s allowed", u)
		}
	}
	p.api.fetch.loopback = true
	p.api.fetch.client = api.srv.Client()
	p.api.base = api.srv.URL

	at := now.Add(-time.Minute)
	// The callback's unsigned title is replaced by the API's.
	forged := dsEvent(dsKey, at, "signature_request_all_signed", known, "Pay the attacker")
	o, err := v.Inspect(dsMultipart(forged))
	if err != nil {
		t.Fatalf("genuine event: %v", err)
	}
	if strings.Contains(string(o.Body), "Pay the attacker") || !strings.Contains(string(o.Body), `"title":"NDA"`) {
		t.Fatalf("forwarded the callback's object, not the API's: %s", o.Body)
	}
	v.Finish(o, true)
	if n := api.count(); n != 1 {
		t.Fatalf("%d API calls, want 1", n)
	}
	// In the raw format too (the body is otherwise forwarded as received).
	raw, _ := New(Config{Provider: "dropbox_sign", Secrets: []string{dsKey}, Format: FormatRaw, Dedup: -1,
		Options: map[string]string{"verify_api": "on"}, Now: func() time.Time { return now }})
	rp := raw.p.(*dropboxSign)
	rp.api.fetch.loopback = true
	rp.api.fetch.client = api.srv.Client()
	rp.api.base = api.srv.URL
	if o, err := raw.Inspect(dsMultipart(forged)); err != nil || strings.Contains(string(o.Body), "Pay the attacker") || o.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("raw format: %v %q %v", err, o.Body, o.Header)
	}

	refusals := []struct {
		name, js string
		calls    int // API calls it may make
	}{
		{"request unknown to the account", dsEvent(dsKey, at, "signature_request_signed", "1111111111111111111111111111111111111111", "x"), 1},
		{"same unknown request again (remembered)", dsEvent(dsKey, at.Add(time.Second), "signature_request_signed", "1111111111111111111111111111111111111111", "x"), 0},
		{"all_signed, the API says not complete", dsEvent(dsKey, at, "signature_request_all_signed", pending, "Lease"), 1},
		{"signed, the API says awaiting", dsEvent(dsKey, at.Add(2*time.Second), "signature_request_signed", pending, "Lease"), 1},
		{"declined, the API says not declined", dsEvent(dsKey, at, "signature_request_declined", known, "NDA"), 1},
		{"an id that is not a Dropbox Sign id", dsEvent(dsKey, at, "signature_request_signed", "..%2f..%2faccount", "x"), 0},
		{"a signature request event without an id", dsEvent(dsKey, at, "signature_request_sent", "", "x"), 0},
	}
	for _, c := range refusals {
		before := api.count()
		o, err := v.Inspect(dsMultipart(c.js))
		if err == nil {
			t.Errorf("%s: forwarded: %s", c.name, o.Body)
			v.Finish(o, false)
			continue
		}
		if s := v.Status(err); s != 400 && s != 401 {
			t.Errorf("%s: status %d (%v)", c.name, s, err)
		}
		if got := api.count() - before; got > c.calls {
			t.Errorf("%s: %d API calls, want at most %d", c.name, got, c.calls)
		}
	}
	// A signed event the API confirms, answered from the cache.
	before := api.count()
	o, err = v.Inspect(dsMultipart(dsEvent(dsKey, at.Add(3*time.Second), "signature_request_signed", known, "NDA")))
	if err != nil || api.count() != before {
		t.Fatalf("cached confirmation: %v, %d calls", err, api.count()-before)
	}
	v.Finish(o, true)

	// A failing API is 503: Dropbox Sign retries.
	api.mu.Lock()
	api.fail = true
	api.mu.Unlock()
	_, err = v.Inspect(dsMultipart(dsEvent(dsKey, at, "signature_request_sent", "2222222222222222222222222222222222222222", "x")))
	if v.Status(err) != http.StatusServiceUnavailable {
		t.Fatalf("failing API: %v", err)
	}
	// Events about no signature request pass as they came.
	o, err = v.Inspect(dsJSON(`{"event":{"event_time":"` + strconv.FormatInt(at.Unix(), 10) + `","event_type":"callback_test","event_hash":"` +
		encodeSig("hex", HMACSHA256([]byte(dsKey), []byte(strconv.FormatInt(at.Unix(), 10)+"callback_test"))) + `"}}`))
	if err != nil {
		t.Fatalf("callback_test: %v", err)
	}
	if _, err := New(Config{Provider: "dropbox_sign", Secrets: []string{dsKey}, Options: map[string]string{"verify_api": "sometimes"}}); err == nil {
		t.Fatal("verify_api sometimes accepted")
	}
}
