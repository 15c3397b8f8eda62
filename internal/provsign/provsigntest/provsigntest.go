// Package provsigntest serves the certificates that PayPal and AWS SNS
// verifiers fetch, for tests: the providers sign with a key of the test
// (provsign.Sign), and their verifiers fetch the certificate from the
// provider's host (api-m.paypal.com, sns.<region>.amazonaws.com). Serve
// answers those hosts from a loopback TLS server with a certificate for
// their names, reached through http.DefaultTransport, which is what the
// verifiers' HTTP clients use: no verifier needs a test hook.
package provsigntest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/hookstile/hookstile/internal/provsign"
)

// Host is the loopback server standing in for the providers' key hosts.
type Host struct {
	mu    sync.Mutex
	files map[string][]byte // host + path -> content
	hits  int
	srv   *httptest.Server
}

// Serve answers every route's RemoteURL with its Remote content until the
// test ends, by replacing http.DefaultTransport (so tests using it must not
// run in parallel with tests that need the real network).
func Serve(t testing.TB, routes ...*provsign.Route) *Host {
	t.Helper()
	h := &Host{files: map[string][]byte{}}
	var names []string
	for _, r := range routes {
		if r == nil || r.RemoteURL == "" {
			continue
		}
		u, err := url.Parse(r.RemoteURL)
		if err != nil {
			t.Fatalf("provsigntest: %v", err)
		}
		h.files[u.Host+u.Path] = r.Remote
		names = append(names, u.Hostname())
	}
	if len(names) == 0 {
		t.Fatal("provsigntest: no route with a remote certificate")
	}
	cert, pool, err := serverCert(names)
	if err != nil {
		t.Fatal(err)
	}
	h.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		b, ok := h.files[r.Host+r.URL.Path]
		h.hits++
		h.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	}))
	h.srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	h.srv.StartTLS()
	addr := h.srv.Listener.Addr().String()
	allowed := map[string]bool{}
	for _, n := range names {
		allowed[net.JoinHostPort(n, "443")] = true
	}
	prev := http.DefaultTransport
	served := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool},
		DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
			if !allowed[a] {
				return nil, fmt.Errorf("provsigntest: %s is not a served key host", a)
			}
			var d net.Dialer
			return d.DialContext(ctx, "tcp", addr)
		},
	}
	http.DefaultTransport = &router{served: served, hosts: allowed, next: prev}
	t.Cleanup(func() {
		http.DefaultTransport = prev
		served.CloseIdleConnections()
		h.srv.Close()
	})
	return h
}

// router sends requests for the served hosts to the loopback server and
// everything else where it went before.
type router struct {
	served *http.Transport
	hosts  map[string]bool
	next   http.RoundTripper
}

func (r *router) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme == "https" && r.hosts[net.JoinHostPort(req.URL.Hostname(), "443")] && (req.URL.Port() == "" || req.URL.Port() == "443") {
		return r.served.RoundTrip(req)
	}
	return r.next.RoundTrip(req)
}

// Set replaces what is served for a route's RemoteURL.
func (h *Host) Set(r *provsign.Route) {
	u, _ := url.Parse(r.RemoteURL)
	h.mu.Lock()
	h.files[u.Host+u.Path] = r.Remote
	h.mu.Unlock()
}

// Hits is how many requests the host answered.
func (h *Host) Hits() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.hits
}

// serverCert is a self-signed certificate for names, and a pool trusting it.
func serverCert(names []string) (tls.Certificate, *x509.CertPool, error) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: names[0]},
		DNSNames:              names,
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: k, Leaf: leaf}, pool, nil
}
