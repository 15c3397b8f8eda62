package oracle

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	svix "github.com/svix/svix-webhooks/go"

	"github.com/hookstile/hookstile/core"
)

// Svix's Go library (Webhook.Sign) signs; core verifies, for svix and the
// providers that deliver through Svix (Clerk, Resend). Svix's Webhook.Verify
// judges the same requests and must agree.
func TestSvixLibrarySignsCoreVerifies(t *testing.T) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	const otherSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
	wh, err := svix.NewWebhook(secret)
	if err != nil {
		t.Fatal(err)
	}
	otherWH, err := svix.NewWebhook(otherSecret)
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string][]byte{
		"svix":   []byte(`{"type":"invoice.paid","data":{"id":"inv_1"}}`),
		"clerk":  []byte(`{"data":{"id":"user_29w83sxmDNGwOuEthce5gg56FcC","object":"user"},"object":"event","type":"user.created","timestamp":1654012591835,"instance_id":"ins_123"}`),
		"resend": []byte(`{"type":"email.delivered","created_at":"2026-11-24T10:00:00.000Z","data":{"email_id":"4ef9a417-02e9-4d39-ad75-9611e0fcc33c"}}`),
	}
	now := time.Now()
	stale := now.Add(-10 * time.Minute)
	for provider, body := range bodies {
		sign := func(w *svix.Webhook, id string, ts time.Time, b []byte) string {
			s, err := w.Sign(id, ts, b)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		good := sign(wh, "msg_1", now, body)
		tampered := bytes.Replace(body, []byte(`"type":"`), []byte(`"type":"x`), 1)
		cases := []struct {
			name   string
			prefix string // svix- or webhook- header names
			id     string
			ts     time.Time
			body   []byte
			sig    string
			ok     bool
		}{
			{"valid", "svix-", "msg_1", now, body, good, true},
			{"valid under webhook-* names", "webhook-", "msg_1", now, body, good, true},
			{"one of several signatures", "svix-", "msg_1", now, body, sign(otherWH, "msg_1", now, body) + " " + good, true},
			{"tampered body", "svix-", "msg_1", now, tampered, good, false},
			{"other message id", "svix-", "msg_2", now, body, good, false},
			{"other secret", "svix-", "msg_1", now, body, sign(otherWH, "msg_1", now, body), false},
			{"stale, validly signed", "svix-", "msg_1", stale, body, sign(wh, "msg_1", stale, body), false},
			{"timestamp not the signed one", "svix-", "msg_1", now.Add(-time.Minute), body, good, false},
			{"other version", "svix-", "msg_1", now, body, "v2," + good[len("v1,"):], false},
			{"missing signature", "svix-", "msg_1", now, body, "", false},
		}
		for _, c := range cases {
			h := http.Header{}
			h.Set(c.prefix+"id", c.id)
			h.Set(c.prefix+"timestamp", strconv.FormatInt(c.ts.Unix(), 10))
			if c.sig != "" {
				h.Set(c.prefix+"signature", c.sig)
			}
			serr := wh.Verify(c.body, h)
			r := httptest.NewRequest("POST", "/", bytes.NewReader(c.body))
			r.Header = h.Clone()
			r.Header.Set("Content-Type", "application/json")
			_, cerr := inspect(t, core.Config{Provider: provider, Secrets: []string{secret}}, r)
			if (serr == nil) != c.ok || (cerr == nil) != c.ok {
				t.Errorf("%s: %s: svix %v, core %v, want ok=%v", provider, c.name, serr, cerr, c.ok)
			}
		}
		// A rolled secret list: the old and the new secret both configured.
		r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		r.Header.Set("svix-id", "msg_1")
		r.Header.Set("svix-timestamp", strconv.FormatInt(now.Unix(), 10))
		r.Header.Set("svix-signature", good)
		if _, err := inspect(t, core.Config{Provider: provider, Secrets: []string{otherSecret, secret}}, r); err != nil {
			t.Errorf("%s: rolled secret list rejected: %v", provider, err)
		}
	}
}
