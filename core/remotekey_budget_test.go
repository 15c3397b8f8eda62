package core

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// strictKeyServer is a loopback TLS key host that knows one certificate
// path and one Plaid kid: anything else is 404 (certificates) or 400 (Plaid,
// as its API answers an unknown key id). It counts requests per name and the
// key requests that carried the operator's Plaid secret.
type strictKeyServer struct {
	srv      *httptest.Server
	mu       sync.Mutex
	hits     map[string]int
	secretTo int // Plaid key requests carrying the API secret
}

func newStrictKeyServer(t *testing.T, certPath, cert, kid string, plaidKey []byte) *strictKeyServer {
	ks := &strictKeyServer{hits: map[string]int{}}
	ks.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path
		if name == "/webhook_verification_key/get" {
			var m map[string]string
			b, _ := io.ReadAll(r.Body)
			json.Unmarshal(b, &m)
			name = "kid:" + m["key_id"]
			ks.mu.Lock()
			if m["secret"] != "" {
				ks.secretTo++
			}
			ks.mu.Unlock()
			if m["key_id"] != kid {
				http.Error(w, `{"error_code":"INVALID_WEBHOOK_VERIFICATION_KEY_ID"}`, http.StatusBadRequest)
			} else {
				w.Write(plaidKey)
			}
		} else if name == certPath {
			w.Write([]byte(cert))
		} else {
			http.NotFound(w, r)
		}
		ks.mu.Lock()
		ks.hits[name]++
		ks.mu.Unlock()
	}))
	t.Cleanup(func() { ks.srv.Close() })
	return ks
}

func (ks *strictKeyServer) count(name string) int {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if name != "" {
		return ks.hits[name]
	}
	n := 0
	for _, v := range ks.hits {
		n += v
	}
	return n
}

// remoteRoute is one provider instance as a route builds it, pointed at the
// loopback key host.
type remoteRoute struct {
	verify  func(r *Request) (*Result, error)
	genuine func() *Request
	bogus   func(i int) *Request // an unauthenticated request naming key i
}

// TestRemoteKeysBogusNamesCannotStarveGenuine: after a restart (fresh
// fetcher, empty cache; the route's store remembers what verified before)
// or a reload, unauthenticated requests naming bogus certificate URLs or key
// ids, many more than the fetch budget, must not make the genuine delivery
// fail with 503; a bogus name is fetched at most once (negative cache), and
// a forged Plaid JWT repeated does not make the gateway send the API secret
// again and again.
func TestRemoteKeysBogusNamesCannotStarveGenuine(t *testing.T) {
	fx := loadRemoteFixture(t)
	const attack = 3 * remoteMaxPerMinute
	for _, name := range []string{"paypal", "sns", "plaid"} {
		name := name
		t.Run(name, func(t *testing.T) {
			resetRemoteKnown()
			store := NewMemoryStore(0) // what Redis is across a restart
			var ks *strictKeyServer
			var build func() remoteRoute
			var genuineName string
			switch name {
			case "paypal":
				path := "/v1/notifications/certs/CERT-genuine"
				ks = newStrictKeyServer(t, path, fx.RSACertPEM, "", nil)
				genuineName = path
				c := fx.PayPal[0]
				hdr := func(certURL string) map[string]string {
					h := map[string]string{}
					for k, v := range c.Headers {
						h[k] = strings.Replace(v, "CERTURL", certURL, 1)
					}
					return h
				}
				build = func() remoteRoute {
					p, err := newPayPal(&Config{Provider: "paypal", Source: "/t/paypal", Store: store, Options: map[string]string{"webhook_id": c.WebhookID}})
					if err != nil {
						t.Fatal(err)
					}
					pp := p.(*paypal)
					pp.fetch.loopback = true
					pp.fetch.client = ks.srv.Client()
					return remoteRoute{verify: pp.Verify,
						genuine: func() *Request { return remoteRequest("POST", "/hooks/paypal", c.Body, hdr(ks.srv.URL+path), c.Now, t) },
						bogus: func(i int) *Request {
							return remoteRequest("POST", "/hooks/paypal", c.Body, hdr(fmt.Sprintf("%s/v1/notifications/certs/CERT-bogus-%d", ks.srv.URL, i)), c.Now, t)
						}}
				}
			case "sns":
				path := "/SimpleNotificationService-genuine.pem"
				ks = newStrictKeyServer(t, path, fx.RSACertPEM, "", nil)
				genuineName = path
				c := fx.SNS[0]
				build = func() remoteRoute {
					p, err := newSNS(&Config{Provider: "sns", Source: "/t/sns", Store: store, Secrets: []string{"arn:aws:sns:us-west-2:123456789012:MyTopic"}})
					if err != nil {
						t.Fatal(err)
					}
					s := p.(*sns)
					s.fetch.loopback = true
					s.fetch.client = ks.srv.Client()
					return remoteRoute{verify: s.Verify,
						genuine: func() *Request {
							return remoteRequest("POST", "/hooks/sns", strings.Replace(c.Body, "CERTURL", ks.srv.URL+path, 1), nil, c.Now, t)
						},
						bogus: func(i int) *Request {
							u := fmt.Sprintf("%s/SimpleNotificationService-bogus%d.pem", ks.srv.URL, i)
							return remoteRequest("POST", "/hooks/sns", strings.Replace(c.Body, "CERTURL", u, 1), nil, c.Now, t)
						}}
				}
			case "plaid":
				resp, _ := json.Marshal(map[string]interface{}{"key": fx.Plaid.JWK, "request_id": "req-1"})
				ks = newStrictKeyServer(t, "", "", fx.Plaid.Kid, resp)
				genuineName = "kid:" + fx.Plaid.Kid
				parts := strings.Split(fx.Plaid.Token, ".")
				build = func() remoteRoute {
					p, err := newPlaid(&Config{Provider: "plaid", Source: "/t/plaid", Store: store, Secrets: []string{"plaid-api-secret"},
						Options: map[string]string{"client_id": "client-1", "environment": "sandbox"}})
					if err != nil {
						t.Fatal(err)
					}
					pl := p.(*plaid)
					pl.fetch.loopback = true
					pl.fetch.client = ks.srv.Client()
					pl.base = ks.srv.URL
					return remoteRoute{verify: pl.Verify,
						genuine: func() *Request {
							return remoteRequest("POST", "/hooks/plaid", fx.Plaid.Body, map[string]string{"Plaid-Verification": fx.Plaid.Token}, fx.Plaid.Now, t)
						},
						bogus: func(i int) *Request {
							// A forged JWT: fresh iat and the body's hash (both
							// cheap to forge), a made-up kid, any signature.
							h := base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf(`{"alg":"ES256","kid":"bogus-%d"}`, i)))
							tok := h + "." + parts[1] + "." + parts[2]
							return remoteRequest("POST", "/hooks/plaid", fx.Plaid.Body, map[string]string{"Plaid-Verification": tok}, fx.Plaid.Now, t)
						}}
				}
			}
			first := build()
			if _, err := first.verify(first.genuine()); err != nil {
				t.Fatalf("genuine delivery before the attack: %v", err)
			}
			for _, what := range []string{"restart", "reload"} {
				if what == "restart" {
					resetRemoteKnown() // a new process: only the store remembers
				}
				route := build() // a new instance: empty key cache, fresh budget
				for i := 0; i < attack; i++ {
					if _, err := route.verify(route.bogus(i)); err == nil {
						t.Fatalf("%s: bogus key name %d verified", what, i)
					}
				}
				if _, err := route.verify(route.genuine()); err != nil {
					t.Errorf("%s: genuine delivery after %d requests naming bogus keys: %v (%s), want verified", what, attack, err, Reason(err))
				}
			}
			// A bogus name repeated is fetched once.
			route := build()
			before := ks.count("")
			for i := 0; i < attack; i++ {
				route.verify(route.bogus(999))
			}
			if n := ks.count("") - before; n > 1 {
				t.Errorf("one bogus key name asked %d times was fetched %d times, want at most 1", attack, n)
			}
			if n := ks.count(genuineName); n > 3 {
				t.Errorf("the genuine key was fetched %d times", n)
			}
			if name == "plaid" {
				ks.mu.Lock()
				sent := ks.secretTo
				ks.mu.Unlock()
				if max := 2*remoteMaxPerMinute + 4; sent > max {
					t.Errorf("%d forged JWTs made the gateway send the Plaid secret %d times, want at most %d", 3*attack, sent, max)
				}
				t.Logf("%d forged JWTs: the Plaid secret was sent %d times", 3*attack, sent)
			}
		})
	}
}

// TestPayPalCertURLCheckedBeforeFetch: what is not shaped like a PayPal
// certificate URL is refused without a fetch.
func TestPayPalCertURLCheckedBeforeFetch(t *testing.T) {
	for s, want := range map[string]bool{
		"https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270":  true,
		"https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594": true,
		"https://api.paypal.com/v1/notifications/certs/":                                 false,
		"https://api.paypal.com/v1/notifications/certs/CERT-1?x=1":                       false,
		"https://api.paypal.com/v1/notifications/certs/CERT-1/../../oauth2":              false,
		"https://api.paypal.com/v1/notifications/certs/a/b":                              false,
		"https://api.paypal.com/v1/notifications/certs/CERT%2e1":                         false,
		"https://evil.example/v1/notifications/certs/CERT-1":                             false,
	} {
		if got := paypalCertURLAllowed(mustURL(t, s)); got != want {
			t.Errorf("%s: allowed %v, want %v", s, got, want)
		}
	}
}
