package core

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func asanaRequest(t *testing.T, v *Verifier, secretHeader, sigKey, body string) (*Outcome, error) {
	t.Helper()
	r := httptest.NewRequest("POST", "/hooks/asana", strings.NewReader(body))
	if secretHeader != "" {
		r.Header.Set("X-Hook-Secret", secretHeader)
	}
	if sigKey != "" {
		r.Header.Set("X-Hook-Signature", hex.EncodeToString(macOf(sha256.New, []byte(sigKey), []byte(body))))
	}
	return v.Inspect(r)
}

// TestAsanaLearnsTheHandshakeSecret covers the stateful handshake: the
// secret handed over in X-Hook-Secret verifies what follows, only the first
// handshake is accepted, and rehandshake replaces the learned secret.
func TestAsanaLearnsTheHandshakeSecret(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	body := `{"events":[{"action":"added","resource":{"gid":"1","resource_type":"task"}}]}`
	v, err := New(Config{Provider: "asana", Options: map[string]string{"learn_secret": "true"}, Dedup: -1, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := asanaRequest(t, v, "", "first-secret", body); !errors.Is(err, ErrSignatureMismatch) {
		t.Fatalf("before the handshake: %v", err)
	}
	o, err := asanaRequest(t, v, "first-secret", "", "")
	if err != nil || !o.Handshake || o.Reply.Header.Get("X-Hook-Secret") != "first-secret" {
		t.Fatalf("handshake: %+v %v", o, err)
	}
	o, err = asanaRequest(t, v, "", "first-secret", body)
	if err != nil || o.Event == nil || o.Event.Type != "task.added" || o.Event.Action != ActionCreated {
		t.Fatalf("delivery with the learned secret: %+v %v", o, err)
	}
	if _, err := asanaRequest(t, v, "attacker-secret", "", ""); !errors.Is(err, ErrVerifyTokenMismatch) || v.Status(err) != 403 {
		t.Fatalf("second handshake: %v", err)
	}
	if _, err := asanaRequest(t, v, "", "attacker-secret", body); !errors.Is(err, ErrSignatureMismatch) {
		t.Fatalf("refused handshake's secret verified: %v", err)
	}

	v2, err := New(Config{Provider: "asana", Secrets: []string{"configured"}, Options: map[string]string{"learn_secret": "true", "rehandshake": "true"}, Dedup: -1, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"one", "two"} {
		if _, err := asanaRequest(t, v2, s, "", ""); err != nil {
			t.Fatalf("handshake %s: %v", s, err)
		}
	}
	if _, err := asanaRequest(t, v2, "", "one", body); !errors.Is(err, ErrSignatureMismatch) {
		t.Fatalf("replaced secret still verifies: %v", err)
	}
	for _, k := range []string{"two", "configured"} {
		if _, err := asanaRequest(t, v2, "", k, body); err != nil {
			t.Fatalf("secret %s: %v", k, err)
		}
	}
}

// TestGroupAConfigErrors: every group A builder fails closed, naming the field.
func TestGroupAConfigErrors(t *testing.T) {
	cases := []struct {
		name  string
		cfg   Config
		want  error
		field string
	}{
		{"asana without secret or learn_secret", Config{Provider: "asana"}, ErrEmptySecret, "learn_secret"},
		{"asana rehandshake alone", Config{Provider: "asana", Secrets: []string{"s"}, Options: map[string]string{"rehandshake": "true"}}, ErrBadConfig, "rehandshake"},
		{"asana bad boolean", Config{Provider: "asana", Options: map[string]string{"learn_secret": "maybe"}}, ErrBadConfig, "learn_secret"},
		{"meta without verify_token", Config{Provider: "whatsapp", Secrets: []string{"s"}}, ErrBadConfig, "verify_token"},
		{"meta alias", Config{Provider: "meta", Secrets: []string{"s"}}, ErrBadConfig, "verify_token"},
		{"trello without callback_url", Config{Provider: "trello", Secrets: []string{"s"}}, ErrBadConfig, "callback_url"},
		{"trello relative callback_url", Config{Provider: "trello", Secrets: []string{"s"}, Options: map[string]string{"callback_url": "/hooks"}}, ErrBadConfig, "callback_url"},
		{"discord key not hex", Config{Provider: "discord", Secrets: []string{"not-hex"}}, ErrBadConfig, "secret #1"},
		{"discord key too short", Config{Provider: "discord", Secrets: []string{"abcd"}}, ErrBadConfig, "secret #1"},
		{"teams token not base64", Config{Provider: "microsoft_teams", Secrets: []string{"***"}}, ErrBadConfig, "secret #1"},
		{"twitch secret too short", Config{Provider: "twitch", Secrets: []string{"short"}}, ErrBadConfig, "secret #1"},
		{"notion bad verification", Config{Provider: "notion", Secrets: []string{"s"}, Options: map[string]string{"verification": "log"}}, ErrBadConfig, "verification"},
		{"notion without secret", Config{Provider: "notion"}, ErrEmptySecret, "secret"},
		{"event grid bad auth", Config{Provider: "azure_event_grid", Secrets: []string{"s"}, Options: map[string]string{"auth": "basic"}}, ErrBadConfig, "auth"},
		{"cloudevents bad origin", Config{Provider: "cloudevents", Secrets: []string{"s"}, Options: map[string]string{"allowed_origins": "a b"}}, ErrBadConfig, "allowed_origins"},
		{"cloudevents bad rate", Config{Provider: "cloudevents", Secrets: []string{"s"}, Options: map[string]string{"allowed_rate": "fast"}}, ErrBadConfig, "allowed_rate"},
		{"zoom without secret", Config{Provider: "zoom"}, ErrEmptySecret, "secret"},
		{"okta empty secret", Config{Provider: "okta", Secrets: []string{" "}}, ErrEmptySecret, "secret #1"},
		{"google drive without secret", Config{Provider: "google_drive"}, ErrEmptySecret, "secret"},
	}
	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			_, err := New(c.cfg)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.field) {
				t.Errorf("error %q does not name %q", err, c.field)
			}
		})
	}
}

// TestGroupAStripsTokens: shared tokens sent in headers are not forwarded.
func TestGroupAStripsTokens(t *testing.T) {
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
