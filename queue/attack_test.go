package queue

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/core"
)

// Exploit-free break (no attacker needed): with format elements in queue
// mode, the Elements-Webhook-Signature that core computes is stripped from
// the stored record (signatureHeaders) and no attempt puts it back
// (SignHeaders sets only the Standard Webhooks headers). A receiver written
// for Cloud Elements / Open Connectors verifies that header: it refuses
// every queued event (a 401 or 403 is a dead letter at once), so events the
// provider got a 2xx for are never taken.
// Breaks: "Nothing verified is acknowledged to the provider unless ... it is
// durably queued" in spirit (the queue delivers what a receiver can
// verify), and design.md's elements format (Elements-Webhook-Signature on
// every forwarded delivery).
func TestAttackElementsQueueLosesSignature(t *testing.T) {
	s := openSpool(t, t.TempDir(), nil)
	d, _ := NewHTTPDeliverer("http://127.0.0.1:1/")
	e, err := NewEngine(s, d, nil, nil, nil, "test", fastOptions())
	if err != nil {
		t.Fatal(err)
	}
	key := "elements-signing-key"
	v, err := core.New(core.Config{Provider: "github", Secrets: []string{"s"}, SignKeys: []string{key}, Format: core.FormatElements, Queue: e})
	if err != nil {
		t.Fatal(err)
	}
	body := `{"zen":"hi"}`
	m := hmac.New(sha256.New, []byte("s"))
	m.Write([]byte(body))
	r := httptest.NewRequest("POST", "/hooks/github", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-GitHub-Delivery", "d-elements")
	r.Header.Set("X-GitHub-Event", "push")
	r.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(m.Sum(nil)))
	if sv := v.Serve(httptest.NewRecorder(), r, nil); sv.Outcome != core.OutcomeQueued {
		t.Fatalf("%+v", sv)
	}
	cs, _, err := s.Claim(1, 0, time.Now().Add(time.Second), time.Minute)
	if err != nil || len(cs) != 1 {
		t.Fatalf("claim: %d %v", len(cs), err)
	}
	rec := cs[0].Record
	req, _ := http.NewRequest("POST", "http://127.0.0.1:1/", nil)
	h := http.Header{}
	v.SignHeaders(h, rec.ID, rec.Body, time.Now())
	setHeaders(req, rec, h)
	mk := hmac.New(sha256.New, []byte(key))
	mk.Write(rec.Body)
	want := "sha256=" + base64.StdEncoding.EncodeToString(mk.Sum(nil))
	if got := req.Header.Get(core.HeaderElementsSig); got != want {
		t.Errorf("queued elements delivery carries Elements-Webhook-Signature %q, want %q", got, want)
	}
}
