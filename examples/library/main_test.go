package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/hookstile/hookstile/core"

	"github.com/hookstile/hookstile/internal/provsign"
)

// The README's library example: a signed delivery reaches the upstream
// re-signed, once; a forged one and a duplicate do not.
func TestLibraryExample(t *testing.T) {
	const secret, key = "gh-secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	arrived := 0
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		wh, _ := standardwebhooks.NewWebhook(key)
		if err := wh.Verify(body, r.Header); err != nil {
			t.Errorf("upstream: %v", err)
		}
		arrived++
		w.WriteHeader(http.StatusNoContent)
	}))
	defer up.Close()
	u, _ := url.Parse(up.URL)
	v, err := core.New(core.Config{Provider: "github", Secrets: []string{secret}, SignKeys: []string{key}})
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewServer(Handler(v, httputil.NewSingleHostReverseProxy(u)))
	defer front.Close()

	body := `{"zen":"Keep it logically awesome."}`
	signed, err := provsign.Sign("github", provsign.Input{Secrets: []string{secret}, Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	send := func(sig string) int {
		req, _ := http.NewRequest("POST", front.URL, strings.NewReader(body))
		req.Header.Set("X-GitHub-Event", "ping")
		req.Header.Set("X-GitHub-Delivery", "d-1")
		req.Header.Set("X-Hub-Signature-256", sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	good := signed.Header.Get("X-Hub-Signature-256")
	if s := send("sha256=" + strings.Repeat("0", 64)); s != 401 {
		t.Errorf("forged: %d", s)
	}
	if s := send(good); s != 204 {
		t.Errorf("valid: %d", s)
	}
	if s := send(good); s != 200 {
		t.Errorf("duplicate: %d", s)
	}
	if arrived != 1 {
		t.Fatalf("%d deliveries reached the upstream, want 1", arrived)
	}
}
