package core

import (
	"encoding/base64"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/internal/vectortest"
)

// Single-use signatures (issue #11, points 15 and 7). Mailgun's and PayPal's
// signatures and monday.com's JWTs do not cover the event, so each is
// accepted once; but "once" is the two-phase replay key, not a value burned
// before the upstream answers: an upstream failure releases it, so the
// provider's retry with the same signature goes through (hookstile never
// turns an upstream failure into a lost event), and a delivered one makes
// every later copy a duplicate, never forwarded.

func TestMailgunSignatureReleasedOnUpstreamFailure(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	v, err := New(Config{Provider: "mailgun", Secrets: []string{"key-mailgun-signing-0123456789"}, Dedup: -1, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	sig := `"signature":{"timestamp":"1767225600","token":"e0b5477167110d68991efc6b9f89f0a11066af27834600e123","signature":"79388591545bc0c8ae68f88ad8bd99c6bfb94d5c768453b122511fd9326d0dbb"}`
	send := func(up *recordingUpstream, eventID string) Served {
		body := `{` + sig + `,"event-data":{"id":"` + eventID + `","event":"delivered"}}`
		r := httptest.NewRequest("POST", "/hooks/mailgun", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		return v.Serve(httptest.NewRecorder(), r, up)
	}
	down := &recordingUpstream{status: 503}
	if s := send(down, "CPgfbmQMTCKtHW6uIWtuVe"); s.Outcome != OutcomeUpstreamFailed {
		t.Fatalf("first attempt: %+v", s)
	}
	// Mailgun retries the same delivery with the same signature.
	up := &recordingUpstream{status: 200}
	if s := send(up, "CPgfbmQMTCKtHW6uIWtuVe"); s.Outcome != OutcomeForwarded {
		t.Fatalf("retry after the upstream failed: %+v (the signature was burned: the event is lost)", s)
	}
	// Once delivered, the signature carries nothing else.
	if s := send(up, "CPgfbmQMTCKtHW6uIWtuVe"); s.Outcome != OutcomeDuplicate {
		t.Fatalf("same delivery again: %+v", s)
	}
	if s := send(up, "forged-other-event"); s.Outcome == OutcomeForwarded {
		t.Fatalf("a captured signature carried another event: %+v", s)
	}
	if n := len(up.got); n != 1 {
		t.Fatalf("upstream got %d deliveries, want 1", n)
	}
}

func TestPayPalTransmissionReleasedOnUpstreamFailure(t *testing.T) {
	fx := loadRemoteFixture(t)
	ks := newKeyServer(t, fx.RSACertPEM)
	certURL := ks.srv.URL + "/v1/notifications/certs/CERT-test"
	for _, c := range fx.PayPal {
		if c.Want != "ok" {
			continue
		}
		now := caseTime(t, vectortest.Case{Now: c.Now})
		v, err := New(Config{Provider: "paypal", Options: map[string]string{"webhook_id": c.WebhookID}, Now: fixedClock(now)})
		if err != nil {
			t.Fatal(err)
		}
		hook(v.p.(*paypal).fetch, ks)
		send := func(up *recordingUpstream, body string) Served {
			r := httptest.NewRequest("POST", "/hooks/paypal", strings.NewReader(body))
			for k, val := range c.Headers {
				r.Header.Set(k, strings.Replace(val, "CERTURL", certURL, 1))
			}
			return v.Serve(httptest.NewRecorder(), r, up)
		}
		if s := send(&recordingUpstream{status: 500}, c.Body); s.Outcome != OutcomeUpstreamFailed {
			t.Fatalf("%s: first attempt: %+v", c.Name, s)
		}
		up := &recordingUpstream{status: 200}
		if s := send(up, c.Body); s.Outcome != OutcomeForwarded {
			t.Fatalf("%s: the same transmission after the upstream failed: %+v", c.Name, s)
		}
		if s := send(up, c.Body); s.Outcome != OutcomeDuplicate {
			t.Fatalf("%s: same transmission after delivery: %+v", c.Name, s)
		}
		if len(up.got) != 1 {
			t.Fatalf("%s: upstream got %d", c.Name, len(up.got))
		}
	}
}

// mondayJWT is an HS256 JWT with exp, signed with key.
func mondayJWT(key string, exp time.Time, nonce string) string {
	enc := base64.RawURLEncoding.EncodeToString
	h := enc([]byte(`{"alg":"HS256","typ":"JWT"}`))
	c := enc([]byte(`{"exp":` + strconv.FormatInt(exp.Unix(), 10) + `,"n":"` + nonce + `"}`))
	return h + "." + c + "." + enc(HMACSHA256([]byte(key), []byte(h+"."+c)))
}

// One monday.com JWT carried any body until exp: a captured Authorization
// header was replayed with other events, each forwarded.
func TestMondayJWTAcceptedOnce(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	v, err := New(Config{Provider: "monday", Secrets: []string{"monday-signing-secret"}, Dedup: -1, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	jwt := mondayJWT("monday-signing-secret", now.Add(time.Hour), "a")
	send := func(up *recordingUpstream, tok, pulse string) Served {
		body := `{"event":{"type":"create_pulse","triggerUuid":"` + pulse + `","boardId":1,"pulseId":` + pulse + `}}`
		r := httptest.NewRequest("POST", "/hooks/monday", strings.NewReader(body))
		r.Header.Set("Authorization", tok)
		return v.Serve(httptest.NewRecorder(), r, up)
	}
	up := &recordingUpstream{status: 200}
	if s := send(up, jwt, "11"); s.Outcome != OutcomeForwarded {
		t.Fatalf("genuine: %+v", s)
	}
	for _, pulse := range []string{"12", "13"} {
		if s := send(up, jwt, pulse); s.Outcome == OutcomeForwarded {
			t.Errorf("the same JWT carried another event (%s): forwarded", pulse)
		}
	}
	// A failed delivery releases the token: monday's retry goes through.
	jwt2 := mondayJWT("monday-signing-secret", now.Add(time.Hour), "b")
	if s := send(&recordingUpstream{status: 502}, jwt2, "21"); s.Outcome != OutcomeUpstreamFailed {
		t.Fatalf("failing upstream: %+v", s)
	}
	if s := send(up, jwt2, "21"); s.Outcome != OutcomeForwarded {
		t.Fatalf("retry after the upstream failed: %+v", s)
	}
	if len(up.got) != 2 {
		t.Fatalf("upstream got %d, want 2", len(up.got))
	}
}
