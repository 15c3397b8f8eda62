package core

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookstile/hookstile/internal/vectortest"
)

// The remote-key providers (AWS SNS, PayPal, Plaid) with valid signatures:
// the keys are served by a loopback TLS server, reached through the
// remoteFetcher test hook (loopback + the server's client). The fixtures in
// testdata/remotekeys.json are written by testdata/gen_vectors.py.

type remoteFixture struct {
	RSACertPEM string `json:"rsa_cert_pem"`
	SNS        []struct {
		Name string `json:"name"`
		Now  string `json:"now"`
		Body string `json:"body"`
		Want string `json:"want"`
	} `json:"sns"`
	PayPal []struct {
		Name      string            `json:"name"`
		Now       string            `json:"now"`
		WebhookID string            `json:"webhook_id"`
		Headers   map[string]string `json:"headers"`
		Body      string            `json:"body"`
		Want      string            `json:"want"`
	} `json:"paypal"`
	Plaid struct {
		Kid   string                 `json:"kid"`
		JWK   map[string]interface{} `json:"jwk"`
		Body  string                 `json:"body"`
		Token string                 `json:"token"`
		Now   string                 `json:"now"`
	} `json:"plaid"`
}

func loadRemoteFixture(t *testing.T) remoteFixture {
	b, err := os.ReadFile(filepath.Join("testdata", "remotekeys.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f remoteFixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// keyServer serves the certificate and counts requests.
type keyServer struct {
	srv   *httptest.Server
	mu    sync.Mutex
	hits  int
	fail  bool
	plaid []byte
	last  map[string]interface{}
}

func newKeyServer(t *testing.T, cert string) *keyServer {
	ks := &keyServer{}
	ks.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ks.mu.Lock()
		ks.hits++
		fail := ks.fail
		ks.mu.Unlock()
		if fail {
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		if r.URL.Path == "/webhook_verification_key/get" {
			b, _ := io.ReadAll(r.Body)
			var m map[string]interface{}
			_ = json.Unmarshal(b, &m)
			ks.mu.Lock()
			ks.last = m
			ks.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.Write(ks.plaid)
			return
		}
		w.Write([]byte(cert))
	}))
	t.Cleanup(func() { ks.srv.Close() })
	return ks
}

func (ks *keyServer) count() int {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	return ks.hits
}

// hook points a provider's fetcher at the loopback server.
func hook(f *remoteFetcher, ks *keyServer) {
	f.loopback = true
	f.client = ks.srv.Client()
}

func remoteRequest(method, target, body string, headers map[string]string, now string, t *testing.T) *Request {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	return &Request{Method: method, URL: r.URL, Header: r.Header, Body: []byte(body), Now: caseTime(t, vectortest.Case{Now: now})}
}

func TestSNSRemoteCertificate(t *testing.T) {
	fx := loadRemoteFixture(t)
	ks := newKeyServer(t, fx.RSACertPEM)
	certURL := ks.srv.URL + "/SimpleNotificationService-test.pem"
	p, err := newSNS(&Config{Provider: "sns", Secrets: []string{"arn:aws:sns:us-west-2:123456789012:MyTopic"}})
	if err != nil {
		t.Fatal(err)
	}
	s := p.(*sns)
	hook(s.fetch, ks)
	for _, c := range fx.SNS {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			body := strings.Replace(c.Body, "CERTURL", certURL, 1)
			res, err := s.Verify(remoteRequest("POST", "/hooks/sns", body, nil, c.Now, t))
			if Reason(err) != c.Want {
				t.Fatalf("got %s (%v), want %s", Reason(err), err, c.Want)
			}
			if err == nil && (res.Event == nil || res.Event.DeliveryID == "") {
				t.Fatalf("no event or delivery id")
			}
		})
	}
	// Every case used one certificate URL: fetched once, then cached.
	if n := ks.count(); n != 1 {
		t.Errorf("certificate fetched %d times, want 1 (cache)", n)
	}
	// A server failure is ErrRemoteKey (503) for an uncached URL.
	ks.mu.Lock()
	ks.fail = true
	ks.mu.Unlock()
	body := strings.Replace(fx.SNS[1].Body, "CERTURL", ks.srv.URL+"/other.pem", 1)
	_, err = s.Verify(remoteRequest("POST", "/hooks/sns", body, nil, fx.SNS[1].Now, t))
	if Reason(err) != "remote_key_unavailable" || StatusOf(err) != http.StatusServiceUnavailable {
		t.Fatalf("got %v, want remote key unavailable (503)", err)
	}
	// Without the test hook, loopback is not allowed.
	s.fetch.loopback = false
	_, err = s.Verify(remoteRequest("POST", "/hooks/sns", strings.Replace(fx.SNS[1].Body, "CERTURL", certURL, 1), nil, fx.SNS[1].Now, t))
	if Reason(err) != "signature_mismatch" {
		t.Fatalf("loopback certificate URL accepted without the hook: %v", err)
	}
}

func TestSNSConfig(t *testing.T) {
	if _, err := New(Config{Provider: "sns"}); Reason(err) == "ok" || err == nil {
		t.Fatal("sns without a topic ARN must fail")
	}
	if _, err := New(Config{Provider: "sns", Secrets: []string{"not-an-arn"}}); err == nil {
		t.Fatal("sns with a bad topic ARN must fail")
	}
}

func TestPayPalRemoteCertificate(t *testing.T) {
	fx := loadRemoteFixture(t)
	ks := newKeyServer(t, fx.RSACertPEM)
	certURL := ks.srv.URL + "/v1/notifications/certs/CERT-test"
	for _, c := range fx.PayPal {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			p, err := newPayPal(&Config{Provider: "paypal", Options: map[string]string{"webhook_id": c.WebhookID}})
			if err != nil {
				t.Fatal(err)
			}
			pp := p.(*paypal)
			hook(pp.fetch, ks)
			h := map[string]string{}
			for k, v := range c.Headers {
				h[k] = strings.Replace(v, "CERTURL", certURL, 1)
			}
			res, err := pp.Verify(remoteRequest("POST", "/hooks/paypal", c.Body, h, c.Now, t))
			if Reason(err) != c.Want {
				t.Fatalf("got %s (%v), want %s", Reason(err), err, c.Want)
			}
			if err == nil && res.Event.DeliveryID != "WH-2WR32451HC0233532-67976317FL4543714" {
				t.Errorf("delivery id %q", res.Event.DeliveryID)
			}
			if err == nil && (len(res.Event.keys) != 1 || !strings.HasPrefix(res.Event.keys[0].material, "paypal_transmission\x00")) {
				// PayPal signs only a CRC32 of the body: a transmission is
				// accepted once (TestPayPalTransmissionReleasedOnUpstreamFailure).
				t.Fatalf("replay keys %+v, want the transmission id", res.Event.keys)
			}
		})
	}
	if _, err := New(Config{Provider: "paypal"}); err == nil {
		t.Fatal("paypal without webhook_id must fail")
	}
}

func TestPlaidRemoteKey(t *testing.T) {
	resetRemoteKnown()
	fx := loadRemoteFixture(t)
	ks := newKeyServer(t, "")
	resp, _ := json.Marshal(map[string]interface{}{"key": fx.Plaid.JWK, "request_id": "req-1"})
	ks.plaid = resp
	p, err := newPlaid(&Config{Provider: "plaid", Secrets: []string{"plaid-api-secret"},
		Options: map[string]string{"client_id": "client-1", "environment": "sandbox"}})
	if err != nil {
		t.Fatal(err)
	}
	pl := p.(*plaid)
	if pl.base != "https://sandbox.plaid.com" {
		t.Fatalf("base %q", pl.base)
	}
	hook(pl.fetch, ks)
	pl.base = ks.srv.URL
	h := map[string]string{"Plaid-Verification": fx.Plaid.Token}
	for i := 0; i < 3; i++ {
		res, err := pl.Verify(remoteRequest("POST", "/hooks/plaid", fx.Plaid.Body, h, fx.Plaid.Now, t))
		if err != nil {
			t.Fatalf("verify: %v", err)
		}
		if res.Event.Type != "TRANSACTIONS.DEFAULT_UPDATE" {
			t.Fatalf("type %q", res.Event.Type)
		}
	}
	if n := ks.count(); n != 1 {
		t.Errorf("key fetched %d times, want 1 (cache)", n)
	}
	ks.mu.Lock()
	last := ks.last
	ks.mu.Unlock()
	if last["client_id"] != "client-1" || last["secret"] != "plaid-api-secret" || last["key_id"] != fx.Plaid.Kid {
		t.Errorf("key request %v", last)
	}
	// A stale token never causes a fetch (a fresh fetcher state: the kid
	// above is known now, and a known kid is refetched once a minute).
	pl.fetch.cache = map[string]remoteEntry{}
	resetRemoteKnown()
	pl.fetch.gate = newKeyGate("plaid-test", nil)
	before := ks.count()
	_, err = pl.Verify(remoteRequest("POST", "/hooks/plaid", fx.Plaid.Body, h, "1800000000", t))
	if Reason(err) != "stale_timestamp" || ks.count() != before {
		t.Fatalf("stale token: %v, fetches %d -> %d", err, before, ks.count())
	}
	// An expired key is refused; a failing API is 503.
	jwk := map[string]interface{}{}
	for k, v := range fx.Plaid.JWK {
		jwk[k] = v
	}
	jwk["expired_at"] = 1700000000
	resp, _ = json.Marshal(map[string]interface{}{"key": jwk})
	ks.plaid = resp
	_, err = pl.Verify(remoteRequest("POST", "/hooks/plaid", fx.Plaid.Body, h, fx.Plaid.Now, t))
	if Reason(err) != "signature_mismatch" {
		t.Fatalf("expired key: %v", err)
	}
	ks.mu.Lock()
	ks.fail = true
	ks.mu.Unlock()
	_, err = pl.Verify(remoteRequest("POST", "/hooks/plaid", fx.Plaid.Body, h, fx.Plaid.Now, t))
	if StatusOf(err) != http.StatusServiceUnavailable {
		t.Fatalf("failing API: %v", err)
	}
	if _, err := New(Config{Provider: "plaid", Secrets: []string{"api-secret"}}); err == nil {
		t.Fatal("plaid API secret without client_id must fail")
	}
}

func TestRemoteFetcherBounds(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	big := newKeyServer(t, strings.Repeat("x", remoteMaxBytes+1))
	f := newRemoteFetcher(func(u *url.URL) bool { return false })
	hook(f, big)
	if _, err := f.fetch(big.srv.URL+"/big.pem", nil, now); Reason(err) != "remote_key_unavailable" {
		t.Fatalf("oversize key: %v", err)
	}
	// Redirects are not followed.
	redir := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://example.com/x.pem", http.StatusFound)
	}))
	defer redir.Close()
	f2 := newRemoteFetcher(func(u *url.URL) bool { return false })
	f2.loopback, f2.client.Transport = true, redir.Client().Transport
	if _, err := f2.fetch(redir.URL+"/x.pem", nil, now); Reason(err) != "remote_key_unavailable" {
		t.Fatalf("redirect: %v", err)
	}
	// The allowlist, not the hook, decides for other hosts; http is refused.
	if f.allowed(mustURL(t, "http://127.0.0.1/x.pem")) || f.allowed(mustURL(t, "https://example.com/x.pem")) {
		t.Fatal("allowed a URL outside the allowlist")
	}
	// At most remoteMaxPerMinute fetches a minute.
	ok := newKeyServer(t, "k")
	f3 := newRemoteFetcher(func(u *url.URL) bool { return false })
	hook(f3, ok)
	for i := 0; i < remoteMaxPerMinute; i++ {
		if _, err := f3.fetch(ok.srv.URL+"/k.pem", nil, now); err != nil {
			t.Fatalf("fetch %d: %v", i, err)
		}
	}
	if _, err := f3.fetch(ok.srv.URL+"/k.pem", nil, now); Reason(err) != "remote_key_unavailable" {
		t.Fatalf("fetch over the rate bound: %v", err)
	}
	if _, err := f3.fetch(ok.srv.URL+"/k.pem", nil, now.Add(remoteWindow)); err != nil {
		t.Fatalf("fetch in the next window: %v", err)
	}
	// The cache is bounded.
	for i := 0; i < remoteMaxItems+10; i++ {
		f3.store(strings.Repeat("k", i+1), &remoteKey{}, now)
	}
	if len(f3.cache) > remoteMaxItems {
		t.Fatalf("cache holds %d keys", len(f3.cache))
	}
	if f3.cached("k", now.Add(remoteTTL+time.Second)) != nil {
		t.Fatal("expired key returned")
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
