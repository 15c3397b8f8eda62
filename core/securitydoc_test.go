package core

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/internal/vectortest"
)

// docs/security.md holds, per provider, what its signature covers (the
// spec's scheme) and what hookstile adds: the replay keys a genuine
// delivery gets and where its type comes from. The table is generated from
// what core does with each provider's first genuine vector, so it cannot
// drift: run with UPDATE_SECURITY=1 to rewrite it.

const secBegin, secEnd = "<!-- replay-keys:begin -->", "<!-- replay-keys:end -->"

// replayRow describes provider from its first verified vector.
func replayRow(t *testing.T, provider string, c vectortest.Case) string {
	now := caseTime(t, c)
	cfg := Config{Provider: provider, Secrets: c.Secrets, Options: c.Options, MaxBody: c.MaxBody, Now: func() time.Time { return now }}
	if c.Tolerance != "" {
		cfg.Tolerance, _ = ParseDuration(c.Tolerance)
	}
	v, err := New(cfg)
	if err != nil {
		t.Fatalf("%s: %v", provider, err)
	}
	body, _ := c.Payload()
	res, err := v.p.Verify(&Request{Method: methodOf(c), URL: c.Request(provider, body, c.Headers).URL,
		Header: c.Request(provider, body, c.Headers).Header, Body: []byte(body), Now: now})
	if err != nil || res.Event == nil {
		t.Fatalf("%s %s: %v", provider, c.Name, err)
	}
	ev := res.Event
	var keys []string
	if ev.DeliveryID != "" {
		keys = append(keys, deliveryIDSource(t, v, provider, c, body, ev.DeliveryID))
	}
	for _, k := range ev.keys {
		kind := k.material[:strings.IndexByte(k.material, 0)]
		keep := "kept 2× the window"
		if k.ttl == ttlDedup {
			keep = "kept for `dedup` (24 h)"
		} else if k.ttl <= 0 {
			keep = "kept for `dedup`"
		}
		switch kind {
		case "signed":
			keys = append(keys, "digest of the signed timestamp and content, "+keep)
		case "body":
			if bodyUnsigned(provider, c, body) {
				keys = append(keys, "digest of the body (not signed: a verbatim copy is a duplicate), "+keep)
			} else {
				keys = append(keys, "digest of the signed body, "+keep)
			}
		case "url":
			keys = append(keys, "digest of the signed URL and parameters (or body), "+keep)
		case "dropbox_sign":
			keys = append(keys, "digest of event_time, event_type and the event's ids, kept 2× the window (146 h)")
		case "mailgun_token":
			keys = append(keys, "the signed token: each signature accepted once, "+keep)
		case "paypal_transmission":
			keys = append(keys, "the signed transmission id: each accepted once, "+keep)
		case "monday_jwt":
			keys = append(keys, "the JWT's signed part: each token accepted once, until exp")
		default:
			keys = append(keys, kind+", "+keep)
		}
	}
	if len(keys) == 0 {
		if notificationStyle[provider] {
			keys = append(keys, "none: notification-style, identical bodies are distinct notifications")
		} else {
			keys = append(keys, "none")
		}
	}
	typ := "—"
	switch {
	case ev.typeSource == "header":
		typ = "unsigned header (`typesource: header`)"
	case ev.Type != "":
		typ = "signed content"
	}
	if provider == "github" {
		typ += "; checked against the payload"
	}
	if unsignedBody[provider] && ev.Type != "" && ev.typeSource == "" {
		typ = "body (not signed: token scheme)"
	}
	_, sp, _ := lookup(provider)
	return "| `" + provider + "` | " + cellOf(sp.scheme) + " | " + cellOf(strings.Join(keys, "; ")) + " | " + cellOf(typ) + " |\n"
}

func methodOf(c vectortest.Case) string {
	if c.Method == "" {
		return "POST"
	}
	return c.Method
}

func cellOf(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// deliveryIDSource says where the delivery id comes from, and whether the
// signature covers it (a changed value must fail verification).
func deliveryIDSource(t *testing.T, v *Verifier, provider string, c vectortest.Case, body, id string) string {
	for k, val := range c.Headers {
		if val != id {
			continue
		}
		h := map[string]string{}
		for k2, v2 := range c.Headers {
			h[k2] = v2
		}
		h[k] = val + "x"
		r := c.Request(provider, body, h)
		_, err := v.p.Verify(&Request{Method: methodOf(c), URL: r.URL, Header: r.Header, Body: []byte(body), Now: caseTime(t, c)})
		if err != nil {
			return "delivery id from `" + k + "` (signed)"
		}
		return "delivery id from `" + k + "` (not signed: names the event, never alone makes it new)"
	}
	if provider == "google_drive" {
		return "delivery id from `X-Goog-Channel-ID` and `X-Goog-Message-Number` (not signed)"
	}
	if unsignedBody[provider] {
		return "delivery id from the body (not signed)"
	}
	return "delivery id from the body (signed)"
}

// remoteRows describe the providers whose genuine vectors need a key host
// (their keys are checked in scheme_remotekey_test.go and singleuse_test.go).
var remoteRows = map[string]string{
	"paypal": "delivery id from the body (the CRC32 covers it); the signed transmission id: each accepted once, kept 2× the window | signed content",
	"sns":    "delivery id from the body (`MessageId`, signed) | signed content",
}

func securityTable(t *testing.T) string {
	first := map[string]vectortest.Case{}
	for _, f := range loadVectors(t) {
		for _, name := range append([]string{f.Provider}, f.Also...) {
			for _, c := range f.Cases {
				if _, ok := first[name]; ok || c.Want != "ok" {
					continue
				}
				first[name] = c
			}
		}
	}
	names := Providers()
	sort.Strings(names)
	var sb strings.Builder
	sb.WriteString("| Provider | What its signature covers | Replay keys hookstile adds | Event type |\n|---|---|---|---|\n")
	for _, n := range names {
		c, ok := first[n]
		if row, byHand := remoteRows[n]; byHand {
			_, sp, _ := lookup(n)
			sb.WriteString("| `" + n + "` | " + cellOf(sp.scheme) + " | " + row + " |\n")
			continue
		}
		if !ok {
			t.Fatalf("%s: no genuine vector", n)
		}
		sb.WriteString(replayRow(t, n, c))
	}
	return sb.String()
}

// TestSecurityDocTable keeps docs/security.md's per-provider table equal to
// what core does.
func TestSecurityDocTable(t *testing.T) {
	path := filepath.Join("..", "docs", "security.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skip("docs/security.md not here (core copied alone, as under Yaegi)")
	}
	text := string(b)
	i, j := strings.Index(text, secBegin), strings.Index(text, secEnd)
	if i < 0 || j < i {
		t.Fatal("docs/security.md has no replay-keys table markers")
	}
	want := securityTable(t)
	if text[i+len(secBegin)+1:j] == want {
		return
	}
	if os.Getenv("UPDATE_SECURITY") == "1" {
		text = text[:i+len(secBegin)+1] + want + text[j:]
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("docs/security.md's per-provider table differs from core; run UPDATE_SECURITY=1 go test -run TestSecurityDocTable ./core")
}
