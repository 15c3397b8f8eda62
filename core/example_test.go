//go:build !yaegi
// +build !yaegi

// The example imports core from outside (package core_test), which Yaegi
// cannot load next to package core; the Yaegi run sets the yaegi tag.

package core_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/hookstile/hookstile/core"
)

// A GitHub delivery is verified, normalized into a CloudEvent and re-signed
// with the operator's Standard Webhooks key; a forged one is refused.
func Example() {
	now := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	v, err := core.New(core.Config{
		Provider: "github",
		Secrets:  []string{"It's a Secret to Everybody"},
		SignKeys: []string{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
		Now:      func() time.Time { return now },
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	body := `{"action":"opened","issue":{"id":1},"repository":{"full_name":"octo/hello"}}`
	mac := hmac.New(sha256.New, []byte("It's a Secret to Everybody"))
	mac.Write([]byte(body))
	r := httptest.NewRequest("POST", "/hooks/github", strings.NewReader(body))
	r.Header.Set("X-GitHub-Event", "issues")
	r.Header.Set("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
	r.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil)))

	o, err := v.Inspect(r)
	if err != nil {
		fmt.Println("rejected:", v.Status(err), core.Reason(err))
		return
	}
	o.Apply(r) // what the upstream receives
	fwd, _ := io.ReadAll(r.Body)
	fmt.Println(r.Header.Get("Content-Type"))
	fmt.Println(r.Header.Get("Webhook-Id"), r.Header.Get("Webhook-Timestamp"))
	fmt.Println(r.Header.Get("X-Hub-Signature-256") == "", strings.HasPrefix(r.Header.Get("Webhook-Signature"), "v1,"))
	fmt.Println(string(fwd))
	v.Finish(o, true) // the upstream answered 2xx

	forged := httptest.NewRequest("POST", "/hooks/github", strings.NewReader(body))
	forged.Header.Set("X-Hub-Signature-256", "sha256="+strings.Repeat("0", 64))
	if _, err := v.Inspect(forged); err != nil {
		fmt.Println("rejected:", v.Status(err), core.Reason(err))
	}
	// Output:
	// application/cloudevents+json
	// 72d3162e-cc78-11e3-81ab-4c9367dc0958 1795512600
	// true true
	// {"specversion":"1.0","id":"72d3162e-cc78-11e3-81ab-4c9367dc0958","source":"/hookstile/github","type":"github.issues","subject":"octo/hello","time":"2026-11-24T09:30:00Z","datacontenttype":"application/json","provider":"github","objecttype":"issue","objectid":"1","action":"created","typesource":"header","data":{"action":"opened","issue":{"id":1},"repository":{"full_name":"octo/hello"}}}
	// rejected: 401 signature_mismatch
}
