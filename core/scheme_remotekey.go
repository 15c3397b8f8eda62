package core

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// The remote key fetcher: verification keys (certificates, JWKs) fetched
// over HTTPS for AWS SNS, PayPal and Plaid.

// Bounds of the fetcher.
const (
	remoteTimeout      = 5 * time.Second  // one fetch, connect to last byte
	remoteMaxBytes     = 64 << 10         // certificates and JWKs are a few KiB
	remoteTTL          = 12 * time.Hour   // how long a fetched key is kept
	remoteMaxItems     = 64               // keys kept per route
	remoteMaxPerMinute = 20               // cache misses fetched per minute per route
	remoteWindow       = 60 * time.Second // the rate window
)

// remoteKey is a fetched verification key, parsed once (no interface values
// are cached, so nothing needs a type assertion on the way out).
type remoteKey struct {
	der []byte // what was fetched (certificate DER or JWK JSON)
	rsa *rsa.PublicKey
	ec  *ecdsa.PublicKey
}

type remoteEntry struct {
	key   *remoteKey
	until time.Time
}

// remoteFetcher fetches verification keys over HTTPS from allowlisted hosts
// only, with a timeout, a size bound, no redirects, a bounded cache and a
// bound on how many cache misses it fetches per minute (so forged deliveries
// cannot turn the edge into a request amplifier). A failure is ErrRemoteKey
// (503: the provider retries later).
type remoteFetcher struct {
	client *http.Client
	allow  func(u *url.URL) bool
	gate   *keyGate // which names may be fetched (remotekey_gate.go)

	mu      sync.Mutex
	cache   map[string]remoteEntry
	winFrom time.Time
	winN    int

	maxBytes  int64 // largest answer read; remoteMaxBytes unless set
	perMinute int   // fetches a minute; remoteMaxPerMinute unless set

	// loopback is a test hook, never set by any configuration: it also
	// allows https://127.0.0.1 so tests can serve keys from an httptest TLS
	// server (whose client replaces client).
	loopback bool
}

func newRemoteFetcher(allow func(u *url.URL) bool) *remoteFetcher {
	return &remoteFetcher{
		client: &http.Client{
			Timeout: remoteTimeout,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		allow: allow,
		cache: make(map[string]remoteEntry),
		gate:  newKeyGate("", nil),
	}
}

// allowed reports whether u may be fetched: HTTPS, no user info, default
// port, and the provider's allowlist (or loopback under the test hook).
func (f *remoteFetcher) allowed(u *url.URL) bool {
	if u == nil || u.Scheme != "https" || u.User != nil || u.Fragment != "" {
		return false
	}
	if f.loopback && u.Hostname() == "127.0.0.1" {
		return true
	}
	if p := u.Port(); p != "" && p != "443" {
		return false
	}
	if net.ParseIP(u.Hostname()) != nil {
		return false
	}
	return f.allow(u)
}

// cached returns the key cached under name, if still fresh.
func (f *remoteFetcher) cached(name string, now time.Time) *remoteKey {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.cache[name]
	if !ok || now.After(e.until) {
		return nil
	}
	return e.key
}

// store caches k under name, evicting expired entries, then the entry that
// expires first, when the cache is full.
func (f *remoteFetcher) store(name string, k *remoteKey, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.cache) >= remoteMaxItems {
		oldest := ""
		var oldestUntil time.Time
		for n, e := range f.cache {
			if now.After(e.until) {
				delete(f.cache, n)
				continue
			}
			if oldest == "" || e.until.Before(oldestUntil) {
				oldest, oldestUntil = n, e.until
			}
		}
		if len(f.cache) >= remoteMaxItems && oldest != "" {
			delete(f.cache, oldest)
		}
	}
	f.cache[name] = remoteEntry{key: k, until: now.Add(remoteTTL)}
}

// admit counts one fetch against the per-minute bound.
func (f *remoteFetcher) admit(now time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if now.Sub(f.winFrom) >= remoteWindow || now.Before(f.winFrom) {
		f.winFrom, f.winN = now, 0
	}
	limit := f.perMinute
	if limit == 0 {
		limit = remoteMaxPerMinute
	}
	if f.winN >= limit {
		return false
	}
	f.winN++
	return true
}

// fetch GETs (body nil) or POSTs (JSON body) rawURL and returns the response
// body. Only 200 answers of at most remoteMaxBytes are accepted.
func (f *remoteFetcher) fetch(rawURL string, body []byte, now time.Time) ([]byte, error) {
	status, b, err := f.do(rawURL, body, "", now)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("%w: key host answered %d", ErrRemoteKey, status)
	}
	return b, nil
}

// do GETs (body nil) or POSTs (JSON body) rawURL, with HTTP basic auth as
// user (empty password) when user is set, and returns the status and, for a
// 200, the body (at most maxBytes, not empty). Transport failures, an
// answer too large and the fetch bound are ErrRemoteKey.
func (f *remoteFetcher) do(rawURL string, body []byte, user string, now time.Time) (int, []byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil || !f.allowed(u) {
		return 0, nil, fmt.Errorf("%w: key URL not allowed", ErrRemoteKey)
	}
	if !f.admit(now) {
		return 0, nil, fmt.Errorf("%w: too many key fetches", ErrRemoteKey)
	}
	return f.send(u, body, user)
}

// send GETs (body nil) or POSTs (JSON body) u, an allowed URL, with HTTP
// basic auth as user (empty password) when user is set, and returns the
// status (0 when no answer came) and, for a 200, the body (at most
// maxBytes, not empty). Transport failures and an answer too large are
// ErrRemoteKey.
func (f *remoteFetcher) send(u *url.URL, body []byte, user string) (int, []byte, error) {
	method := http.MethodGet
	var rd io.Reader
	if body != nil {
		method = http.MethodPost
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, u.String(), rd)
	if err != nil {
		return 0, nil, fmt.Errorf("%w: bad request", ErrRemoteKey)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.SetBasicAuth(user, "")
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%w: fetch failed", ErrRemoteKey)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil, nil
	}
	max := f.maxBytes
	if max == 0 {
		max = remoteMaxBytes
	}
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, max+1))
	if err != nil || n > max || n == 0 {
		return resp.StatusCode, nil, fmt.Errorf("%w: bad key response", ErrRemoteKey)
	}
	return resp.StatusCode, buf.Bytes(), nil
}

// get is send for the key gate (remotekey_gate.go), which admits the fetch
// itself: any answer but a 200 is an error, returned with its status.
func (f *remoteFetcher) get(u *url.URL, body []byte) ([]byte, int, error) {
	status, b, err := f.send(u, body, "")
	if err != nil {
		return nil, status, err
	}
	if status != http.StatusOK {
		return nil, status, fmt.Errorf("%w: key host answered %d", ErrRemoteKey, status)
	}
	return b, status, nil
}

// rsaCert returns the RSA key of the certificate at certURL (PayPal, SNS),
// from the cache or fetched from an allowed host through the gate.
func (f *remoteFetcher) rsaCert(certURL string, now time.Time) (*remoteKey, error) {
	u, err := url.Parse(certURL)
	if err != nil || !f.allowed(u) {
		return nil, fmt.Errorf("%w: key URL not allowed", ErrRemoteKey)
	}
	return f.keyFor(certURL, now, func() (*remoteKey, int, error) {
		body, status, err := f.get(u, nil)
		if err != nil {
			return nil, status, err
		}
		k, err := rsaCertKey(body)
		return k, status, err
	})
}
