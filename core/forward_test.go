package core

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Credentials that arrive in the URL or the Authorization header are not
// forwarded upstream.
func TestCredentialsAreNotForwarded(t *testing.T) {
	body := `{"specversion":"1.0","type":"com.example.created","source":"/s","id":"ev-1","data":{"a":1}}`
	v, err := New(Config{Provider: "cloudevents", Secrets: []string{"ce-token-123"}, Dedup: -1})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("POST", "/hooks/ce?keep=1&access_token=ce-token-123", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/cloudevents+json")
	o, err := v.Inspect(r)
	if err != nil {
		t.Fatal(err)
	}
	o.Apply(r)
	if strings.Contains(r.URL.String(), "ce-token-123") || strings.Contains(r.RequestURI, "ce-token-123") || r.URL.Query().Get("keep") != "1" {
		t.Fatalf("forwarded URL %q / %q", r.URL.String(), r.RequestURI)
	}

	r = httptest.NewRequest("POST", "/hooks/ce", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/cloudevents+json")
	r.Header.Set("Authorization", "Bearer ce-token-123")
	o, err = v.Inspect(r)
	if err != nil {
		t.Fatal(err)
	}
	o.Apply(r)
	if r.Header.Get("Authorization") != "" {
		t.Fatal("Authorization forwarded")
	}
}

// Providers with a fixed acknowledgement get it with the right type.
func TestAcknowledgements(t *testing.T) {
	cases := []struct {
		provider, secret, body, ctype string
	}{
		{"dropbox_sign", "k", DropboxSignAck, "text/plain; charset=utf-8"},
		{"salesforce", "00D000000000062", "<Ack>true</Ack>", "text/xml; charset=utf-8"},
		{"lemon_squeezy", "k", "", "text/plain; charset=utf-8"},
	}
	for _, c := range cases {
		v, err := New(Config{Provider: c.provider, Secrets: []string{c.secret}})
		if err != nil {
			t.Fatalf("%s: %v", c.provider, err)
		}
		a := v.Ack()
		if a == nil || a.Status != 200 || !strings.Contains(string(a.Body), c.body) || a.Header.Get("Content-Type") != c.ctype {
			t.Errorf("%s: ack %+v", c.provider, a)
		}
	}
}

// Mailgun's MAC covers only timestamp and token, not the event: a signature
// is accepted once, so a captured one cannot carry other events.
func TestMailgunSignatureIsUsedOnce(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	v, err := New(Config{Provider: "mailgun", Secrets: []string{"key-mailgun-signing-0123456789"}, Dedup: -1, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	sig := `"signature":{"timestamp":"1767225600","token":"e0b5477167110d68991efc6b9f89f0a11066af27834600e123","signature":"79388591545bc0c8ae68f88ad8bd99c6bfb94d5c768453b122511fd9326d0dbb"}`
	send := func(eventID string) error {
		body := `{` + sig + `,"event-data":{"id":"` + eventID + `","event":"delivered"}}`
		r := httptest.NewRequest("POST", "/hooks/mailgun", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		_, err := v.Inspect(r)
		return err
	}
	if err := send("CPgfbmQMTCKtHW6uIWtuVe"); err != nil {
		t.Fatalf("first use: %v", err)
	}
	// While the first is being delivered, the signature is reserved (409);
	// TestMailgunSignatureReleasedOnUpstreamFailure follows it further.
	err = send("forged-other-event")
	if !errors.Is(err, ErrDeliveryInFlight) || v.Status(err) != 409 {
		t.Fatalf("second use of the same signature: %v", err)
	}
}

// Delivery ids are remembered at least as long as a signed timestamp is
// accepted (SNS: about an hour), so a replay cannot outlive the memory.
func TestDedupCoversTheReplayWindow(t *testing.T) {
	sns, err := New(Config{Provider: "sns", Secrets: []string{"arn:aws:sns:us-east-1:123456789012:topic"}})
	if err != nil {
		t.Fatal(err)
	}
	if sns.dedupTTL < time.Hour {
		t.Errorf("sns remembers ids for %v, shorter than its replay window", sns.dedupTTL)
	}
	wide, _ := New(Config{Provider: "github", Secrets: []string{"s"}, Tolerance: 30 * time.Hour})
	if wide.dedupTTL != 30*time.Hour {
		t.Errorf("widened tolerance: ids remembered %v", wide.dedupTTL)
	}
	plain, _ := New(Config{Provider: "github", Secrets: []string{"s"}})
	if plain.dedupTTL != DefaultDedupTTL {
		t.Errorf("default: ids remembered %v", plain.dedupTTL)
	}
}

// TestTokenHeadersAreNotForwarded: headers carrying a credential (GitLab's plain
// token, Postmark's Basic auth) are removed before forwarding.
func TestTokenHeadersAreNotForwarded(t *testing.T) {
	cases := []struct{ provider, secret, header, value string }{
		{"gitlab", "gitlab-secret-token", "X-Gitlab-Token", "gitlab-secret-token"},
		{"postmark", "user:pass", "Authorization", "Basic dXNlcjpwYXNz"},
	}
	for _, c := range cases {
		c := c
		t.Run(c.provider, func(t *testing.T) {
			v, err := New(Config{Provider: c.provider, Secrets: []string{c.secret}, Dedup: -1})
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("POST", "/hooks", strings.NewReader(`{"object_kind":"push"}`))
			r.Header.Set(c.header, c.value)
			r.Header.Set("Content-Type", "application/json")
			o, err := v.Inspect(r)
			if err != nil {
				t.Fatal(err)
			}
			o.Apply(r)
			if r.Header.Get(c.header) != "" {
				t.Errorf("%s forwarded upstream", c.header)
			}
		})
	}
}

// TestOktaHeaderIsNotForwarded: shared tokens sent in headers are not forwarded.
func TestOktaHeaderIsNotForwarded(t *testing.T) {
	v, err := New(Config{Provider: "okta", Secrets: []string{"tok"}, Options: map[string]string{"header": "X-Hook-Auth"}, Dedup: -1})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("POST", "/hooks/okta", strings.NewReader(`{"eventId":"e1"}`))
	r.Header.Set("X-Hook-Auth", "tok")
	o, err := v.Inspect(r)
	if err != nil {
		t.Fatal(err)
	}
	o.Apply(r)
	if r.Header.Get("X-Hook-Auth") != "" {
		t.Fatal("okta's authorization header was forwarded")
	}
}
