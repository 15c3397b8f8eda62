// Command library is hookstile's core used as a plain Go library, without a
// gateway: a GitHub webhook endpoint in front of a reverse proxy.
//
//	GITHUB_WEBHOOK_SECRET=... HOOKSTILE_SIGNING_KEY=whsec_... UPSTREAM=http://127.0.0.1:9000 \
//		go run ./examples/library
package main

import (
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"

	"github.com/hookstile/hookstile/core"
)

// Handler verifies each request with v and forwards what passes to next.
// Serve answers handshakes and duplicates itself, and the provider gets the
// answer it requires (Dropbox Sign's acknowledgement body, ...).
func Handler(v *core.Verifier, next http.Handler) http.Handler {
	up := core.HandlerUpstream{Handler: next}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := v.Serve(w, r, up) // bounded read, verify, dedup, normalize, re-sign, forward
		if s.Err != nil {
			log.Printf("rejected: %s", core.Reason(s.Err)) // never a secret
			core.WriteRejection(w, s.Status)
		}
	})
}

func main() {
	v, err := core.New(core.Config{
		Provider: "github",
		Secrets:  []string{os.Getenv("GITHUB_WEBHOOK_SECRET")},
		SignKeys: []string{os.Getenv("HOOKSTILE_SIGNING_KEY")},
	})
	if err != nil {
		log.Fatal(err) // no secret, no start
	}
	upstream, err := url.Parse(os.Getenv("UPSTREAM"))
	if err != nil || upstream.Host == "" {
		log.Fatal("UPSTREAM must be the application's URL, e.g. http://127.0.0.1:9000")
	}
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", Handler(v, httputil.NewSingleHostReverseProxy(upstream))))
}
