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
func Handler(v *core.Verifier, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o, err := v.Inspect(r) // bounded read, verify, dedup, normalize, re-sign
		if err != nil {
			log.Printf("rejected: %s", core.Reason(err)) // never a secret
			http.Error(w, http.StatusText(v.Status(err)), v.Status(err))
			return
		}
		if o.Reply != nil { // a handshake or a duplicate: answer it here
			for k, vs := range o.Reply.Header {
				w.Header()[k] = vs
			}
			w.WriteHeader(o.Reply.Status)
			w.Write(o.Reply.Body)
			return
		}
		o.Apply(r) // the request to forward: new body, re-signed headers
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		v.Finish(o, sw.status/100 == 2) // a failed delivery may come again
	})
}

// statusWriter records the status the upstream answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
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
