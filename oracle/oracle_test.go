package oracle

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	cloudevents "github.com/cloudevents/sdk-go/v2"
	"github.com/cloudevents/sdk-go/v2/binding"
	cehttp "github.com/cloudevents/sdk-go/v2/protocol/http"
	"github.com/google/go-github/v75/github"
	"github.com/slack-go/slack"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/internal/provsign"
)

const swSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

func inspect(t *testing.T, cfg core.Config, r *http.Request) (*core.Outcome, error) {
	t.Helper()
	v, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return v.Inspect(r)
}

// The Standard Webhooks library signs; core verifies.
func TestStandardWebhooksLibrarySignsCoreVerifies(t *testing.T) {
	wh, err := standardwebhooks.NewWebhook(swSecret)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	body := []byte(`{"type":"user.created","timestamp":"2026-11-24T10:00:00Z","data":{"id":"u_1"}}`)
	sig, err := wh.Sign("msg_oracle1", now, body)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(b []byte, sig string) *http.Request {
		r := httptest.NewRequest("POST", "/", bytes.NewReader(b))
		r.Header.Set("webhook-id", "msg_oracle1")
		r.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
		r.Header.Set("webhook-signature", sig)
		return r
	}
	cfg := core.Config{Provider: "standard_webhooks", Secrets: []string{swSecret}}
	if _, err := inspect(t, cfg, mk(body, sig)); err != nil {
		t.Fatalf("core rejected what the library signed: %v", err)
	}
	tampered := bytes.Replace(body, []byte("u_1"), []byte("u_2"), 1)
	if _, err := inspect(t, cfg, mk(tampered, sig)); err == nil {
		t.Fatal("core accepted a tampered body")
	}
	// The library and core agree on the tampered one too.
	if err := wh.Verify(tampered, mk(tampered, sig).Header); err == nil {
		t.Fatal("library accepted a tampered body")
	}
}

// Core re-signs; the Standard Webhooks library verifies every key's
// signature, and the CloudEvents SDK parses the forwarded event.
func TestCoreSignsStandardWebhooksLibraryVerifies(t *testing.T) {
	secret := "box-primary"
	body := `{"type":"webhook_event","trigger":"FILE.UPLOADED","source":{"id":"12","type":"file"}}`
	ts := time.Now().UTC().Format(time.RFC3339)
	r := httptest.NewRequest("POST", "/hooks/box", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set(core.HeaderBoxDelivery, "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f")
	r.Header.Set(core.HeaderBoxTimestamp, ts)
	r.Header.Set(core.HeaderBoxPrimary, base64.StdEncoding.EncodeToString(core.HMACSHA256([]byte(secret), []byte(body), []byte(ts))))
	keys := []string{"whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", swSecret}
	o, err := inspect(t, core.Config{Provider: "box", Secrets: []string{secret}, SignKeys: keys}, r)
	if err != nil {
		t.Fatal(err)
	}
	o.Apply(r)
	fwd, _ := io.ReadAll(r.Body)
	for _, k := range keys {
		wh, err := standardwebhooks.NewWebhook(k)
		if err != nil {
			t.Fatal(err)
		}
		if err := wh.Verify(fwd, r.Header); err != nil {
			t.Fatalf("Standard Webhooks library rejects core's signature for one key: %v", err)
		}
	}
	other, _ := standardwebhooks.NewWebhook("whsec_" + base64.StdEncoding.EncodeToString([]byte("some-other-key-material-123")))
	if err := other.Verify(fwd, r.Header); err == nil {
		t.Fatal("an unrelated key verified core's signature")
	}
	// Structured CloudEvent, parsed by the CloudEvents SDK.
	r.Body = io.NopCloser(bytes.NewReader(fwd))
	ev, err := binding.ToEvent(r.Context(), cehttp.NewMessageFromHttpRequest(r))
	if err != nil {
		t.Fatalf("CloudEvents SDK cannot parse: %v", err)
	}
	if err := ev.Validate(); err != nil {
		t.Fatal(err)
	}
	if ev.SpecVersion() != cloudevents.VersionV1 || ev.ID() != "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f" || ev.Type() != "box.FILE.UPLOADED" || ev.Source() != "/hookstile/box" {
		t.Fatalf("event attributes: %v", ev)
	}
	if ext := ev.Extensions(); ext["provider"] != "box" || ext["objectid"] != "12" || ext["action"] != "created" {
		t.Fatalf("extensions: %v", ext)
	}
	var data map[string]interface{}
	if err := ev.DataAs(&data); err != nil || data["trigger"] != "FILE.UPLOADED" {
		t.Fatalf("data: %v %v", data, err)
	}
}

// Binary mode: the CloudEvents SDK reads the ce-* headers.
func TestBinaryModeParsesWithCloudEventsSDK(t *testing.T) {
	body := `{"id":"evt_1","object":"event","type":"invoice.paid","data":{"object":{"id":"in_1","object":"invoice"}}}`
	secret := "whsec_stripe_oracle"
	sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: []byte(body), Secret: secret, Timestamp: time.Now()})
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Stripe-Signature", sp.Header)
	o, err := inspect(t, core.Config{Provider: "stripe", Secrets: []string{secret}, Format: core.FormatBinary}, r)
	if err != nil {
		t.Fatal(err)
	}
	o.Apply(r)
	ev, err := binding.ToEvent(r.Context(), cehttp.NewMessageFromHttpRequest(r))
	if err != nil {
		t.Fatal(err)
	}
	if ev.ID() != "evt_1" || ev.Type() != "stripe.invoice.paid" || ev.Extensions()["objectid"] != "in_1" {
		t.Fatalf("event: %v", ev)
	}
}

// stripe-go's test-signature helper signs; core verifies, with a rolled
// secret too, and rejects what stripe-go signed with another secret.
func TestStripeSDKSignsCoreVerifies(t *testing.T) {
	body := []byte(`{"id":"evt_oracle","object":"event","type":"customer.created","data":{"object":{"id":"cus_1","object":"customer"}}}`)
	secret := "whsec_oracle_endpoint_secret"
	for _, tc := range []struct {
		name    string
		signed  string
		secrets []string
		ok      bool
	}{
		{"same secret", secret, []string{secret}, true},
		{"rolled secret list", secret, []string{"whsec_old", secret}, true},
		{"other secret", "whsec_attacker", []string{secret}, false},
	} {
		sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: tc.signed, Timestamp: time.Now()})
		r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		r.Header.Set("Stripe-Signature", sp.Header)
		_, err := inspect(t, core.Config{Provider: "stripe", Secrets: tc.secrets}, r)
		if (err == nil) != tc.ok {
			t.Errorf("%s: core says %v, want ok=%v", tc.name, err, tc.ok)
		}
		// stripe-go's own verifier agrees.
		_, serr := webhook.ConstructEventWithOptions(body, sp.Header, secret, webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true})
		if (serr == nil) != tc.ok {
			t.Errorf("%s: stripe-go says %v, want ok=%v", tc.name, serr, tc.ok)
		}
	}
	// Stale: stripe-go rejects, core rejects.
	sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret, Timestamp: time.Now().Add(-10 * time.Minute)})
	r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
	r.Header.Set("Stripe-Signature", sp.Header)
	if _, err := inspect(t, core.Config{Provider: "stripe", Secrets: []string{secret}}, r); err == nil {
		t.Error("core accepted a 10-minute-old Stripe signature")
	}
}

// go-github's ValidatePayload and core agree on every request.
func TestGitHubAgreesWithGoGitHub(t *testing.T) {
	secret := "It's a Secret to Everybody"
	body := `{"action":"opened","issue":{"id":1}}`
	good := "sha256=" + hex.EncodeToString(mac(secret, body))
	cases := []struct {
		name, sig, body string
		ok              bool
	}{
		{"valid", good, body, true},
		{"tampered", good, strings.Replace(body, "opened", "closed", 1), false},
		{"wrong secret", "sha256=" + hex.EncodeToString(mac("nope", body)), body, false},
		{"not hex", "sha256=zz", body, false},
		{"empty", "", body, false},
	}
	for _, c := range cases {
		mk := func() *http.Request {
			r := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("X-GitHub-Event", "issues")
			r.Header.Set("X-GitHub-Delivery", "d-1")
			if c.sig != "" {
				r.Header.Set("X-Hub-Signature-256", c.sig)
			}
			return r
		}
		_, gerr := github.ValidatePayload(mk(), []byte(secret))
		_, cerr := inspect(t, core.Config{Provider: "github", Secrets: []string{secret}}, mk())
		if (gerr == nil) != c.ok || (cerr == nil) != c.ok {
			t.Errorf("%s: go-github %v, core %v, want ok=%v", c.name, gerr, cerr, c.ok)
		}
	}
}

// slack-go's SecretsVerifier and core agree on every request.
func TestSlackAgreesWithSlackGo(t *testing.T) {
	secret := "e6b19c573432dcc6b075501d51b51bb8"
	body := `{"type":"event_callback","event_id":"Ev1","team_id":"T1","event":{"type":"app_mention"}}`
	now := strconv.FormatInt(time.Now().Unix(), 10)
	old := strconv.FormatInt(time.Now().Add(-10*time.Minute).Unix(), 10)
	sign := func(key, ts, b string) string { return "v0=" + hex.EncodeToString(mac(key, "v0:"+ts+":"+b)) }
	cases := []struct {
		name, ts, sig, body string
		ok                  bool
	}{
		{"valid", now, sign(secret, now, body), body, true},
		{"tampered", now, sign(secret, now, body), body + " ", false},
		{"wrong secret", now, sign("x", now, body), body, false},
		{"stale", old, sign(secret, old, body), body, false},
	}
	for _, c := range cases {
		h := http.Header{}
		h.Set("X-Slack-Signature", c.sig)
		h.Set("X-Slack-Request-Timestamp", c.ts)
		var serr error
		sv, err := slack.NewSecretsVerifier(h, secret)
		if err != nil {
			serr = err
		} else {
			sv.Write([]byte(c.body))
			serr = sv.Ensure()
		}
		r := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
		r.Header = h.Clone()
		r.Header.Set("Content-Type", "application/json")
		_, cerr := inspect(t, core.Config{Provider: "slack", Secrets: []string{secret}}, r)
		if (serr == nil) != c.ok || (cerr == nil) != c.ok {
			t.Errorf("%s: slack-go %v, core %v, want ok=%v", c.name, serr, cerr, c.ok)
		}
	}
}

// mac is HMAC-SHA256 (the tests' one HMAC, internal/provsign).
func mac(key, msg string) []byte {
	b, _ := hex.DecodeString(provsign.MAC("sha256", "hex", []byte(key), msg))
	return b
}
