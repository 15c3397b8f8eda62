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

// Asana posts every delivery to the target URL the webhook was created
// with, so handshake_token (put in that URL) arrives on every delivery and
// must not be forwarded.
func TestAsanaHandshakeTokenIsNotForwarded(t *testing.T) {
	v, err := New(Config{Provider: "asana", Options: map[string]string{"learn_secret": "true", "handshake_token": "hs-tok-123"}, Dedup: -1})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("POST", "/hooks/asana?handshake_token=hs-tok-123&keep=1", nil)
	r.Header.Set(HeaderAsanaSecret, "learned-secret")
	if o, err := v.Inspect(r); err != nil || !o.Handshake {
		t.Fatalf("handshake: %+v %v", o, err)
	}
	body := `{"events":[{"action":"added","resource":{"gid":"1","resource_type":"task"}}]}`
	r = httptest.NewRequest("POST", "/hooks/asana?handshake_token=hs-tok-123&keep=1", strings.NewReader(body))
	r.Header.Set(HeaderAsanaSignature, hex.EncodeToString(macOf(sha256.New, []byte("learned-secret"), []byte(body))))
	o, err := v.Inspect(r)
	if err != nil {
		t.Fatal(err)
	}
	o.Apply(r)
	if strings.Contains(r.URL.String(), "hs-tok-123") || strings.Contains(r.RequestURI, "hs-tok-123") || r.URL.Query().Get("keep") != "1" {
		t.Fatalf("forwarded URL %q / %q", r.URL.String(), r.RequestURI)
	}
}
