package reliability

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/internal/vectortest"
)

// canaryVariants are distinctive secrets in the shapes providers accept:
// plain text, Standard Webhooks whsec_<base64>, hex, base64, a Bearer token.
func canaryVariants(provider string) []string {
	raw := "hkcanary-" + provider + "-Q7zX4p2V"
	return []string{
		raw,
		"whsec_" + base64.StdEncoding.EncodeToString([]byte(raw+"-whsec-key-bytes")),
		fmt.Sprintf("%x", raw),
		base64.StdEncoding.EncodeToString([]byte(raw)),
		"Bearer " + raw,
		"hkcanary:" + provider + "-Q7zX4p2V", // user:password shape
	}
}

// signCanary is the provider's distinctive re-signing key.
func signCanary(provider string) string {
	return "whsec_" + base64.StdEncoding.EncodeToString([]byte("hkcanary-signing-key-"+provider+"-3Rt9"))
}

// transcript is everything a run shows the outside world except what is
// forwarded to the upstream: error texts (what the adapters log), statuses,
// handshake and duplicate replies (what the provider sees).
type transcript struct{ b strings.Builder }

func (tr *transcript) add(format string, args ...any) { fmt.Fprintf(&tr.b, format+"\n", args...) }

// variant is one request derived from a vector case.
type variant struct {
	name   string
	method string
	body   string
	header map[string]string
}

func variantsOf(c vectortest.Case, body string) []variant {
	hdr := func(f func(k, v string) (string, bool)) map[string]string {
		m := map[string]string{}
		for k, v := range c.Headers {
			if nv, ok := f(k, v); ok {
				m[k] = nv
			}
		}
		return m
	}
	same := hdr(func(k, v string) (string, bool) { return v, true })
	out := []variant{
		{"as-is", c.Method, body, same},
		{"forged body", c.Method, body + " ", same},
		{"body tampered", c.Method, strings.Replace(body, "e", "E", 1) + "\x00\xff", same},
		{"headers truncated", c.Method, body, hdr(func(k, v string) (string, bool) { return v[:len(v)/2], true })},
		{"headers one char flipped", c.Method, body, hdr(func(k, v string) (string, bool) {
			if v == "" {
				return v, true
			}
			b := []byte(v)
			b[len(b)-1] ^= 1
			return string(b), true
		})},
		{"no headers", c.Method, body, map[string]string{}},
		{"only content type", c.Method, body, map[string]string{"Content-Type": c.Headers["Content-Type"]}},
		{"enormous header values", c.Method, body, hdr(func(k, v string) (string, bool) {
			if strings.EqualFold(k, "Content-Type") {
				return v, true
			}
			return strings.Repeat(v+",", 2000), true
		})},
		{"wrong method", "PATCH", body, same},
	}
	return out
}

// TestSecretsNeverLeakCore runs every provider of core.Providers() over its
// vector requests and variants of them (forged, tampered, truncated, missing,
// enormous, wrong method), each configured with the vector's secrets plus a
// distinctive canary secret and a canary signing key, and fails if a
// configured secret, signing key or a MAC the provider would expect appears
// in an error text (what the adapters log), a reply to the provider, or a
// header forwarded upstream.
func TestSecretsNeverLeakCore(t *testing.T) {
	vectors := vectorsByProvider(t)
	providers := core.Providers()
	if len(providers) < 10 {
		t.Fatalf("core.Providers() lists %d providers", len(providers))
	}
	withCanary, requests := 0, 0
	for _, p := range providers {
		p := p
		cases := vectors[p]
		if len(cases) == 0 {
			t.Errorf("%s: no vectors in core/testdata/vectors", p)
			continue
		}
		t.Run(p, func(t *testing.T) {
			canary := pickCanary(t, p, cases)
			if canary != "" {
				withCanary++
			}
			sk := signCanary(p)
			for _, c := range cases {
				body := caseBody(t, c)
				secrets := append([]string{}, c.Secrets...)
				if canary != "" {
					secrets = append(secrets, canary)
				}
				leaks := newLeakSet()
				for _, s := range secrets {
					if s == canary || len(s) >= 10 {
						leaks.addSecret("secret", s)
					}
				}
				leaks.addSecret("signing key", sk)
				for _, vr := range variantsOf(c, body) {
					leaks.addMACs("expected MAC", secrets, vr.method, c.URL, vr.body, c.Headers)
				}
				for _, vr := range variantsOf(c, body) {
					cfg := caseConfig(t, c, p, secrets)
					cfg.SignKeys = []string{sk}
					v, err := core.New(cfg)
					if err != nil {
						t.Fatalf("%s: New: %v", c.Name, err)
					}
					cc := c
					cc.Method = vr.method
					r := cc.Request(p, vr.body, vr.header)
					var tr transcript
					o, err := v.Inspect(r)
					requests++
					switch {
					case err != nil:
						st := v.Status(err)
						tr.add("log: reason=%s status=%d error=%s", core.Reason(err), st, err.Error())
						tr.add("response: %d %s", st, http.StatusText(st))
					case o.Reply != nil:
						tr.add("reply: %d %v %s", o.Reply.Status, o.Reply.Header, o.Reply.Body)
					default:
						o.Apply(r)
						v.Finish(o, true)
						for k, vs := range r.Header {
							if what := leaks.find(k + ": " + strings.Join(vs, ", ")); what != "" {
								t.Errorf("%s / %s: forwarded header %s carries a %s", c.Name, vr.name, k, what)
							}
						}
					}
					if what := leaks.find(tr.b.String()); what != "" {
						t.Errorf("%s / %s: output carries a %s:\n%s", c.Name, vr.name, what, clip(tr.b.String()))
					}
				}
			}
		})
	}
	t.Logf("%d providers, %d with a canary secret, %d requests", len(providers), withCanary, requests)
	if withCanary < len(providers)/2 {
		t.Errorf("only %d of %d providers took a canary secret: the test is too weak", withCanary, len(providers))
	}
}

// pickCanary returns the first canary variant the provider accepts as an
// extra secret without changing the answer to any of its valid vectors, or
// "" when none does (the vector secrets are still checked).
func pickCanary(t *testing.T, p string, cases []vectortest.Case) string {
	t.Helper()
	for _, cand := range canaryVariants(p) {
		ok := true
		for _, c := range cases {
			cfg := caseConfig(t, c, p, append(append([]string{}, c.Secrets...), cand))
			v, err := core.New(cfg)
			if err != nil {
				if strings.Contains(err.Error(), cand) {
					t.Errorf("New's error carries the secret: %v", err)
				}
				ok = false
				break
			}
			if c.Want != "ok" && c.Want != "handshake" {
				continue
			}
			o, err := v.Inspect(c.Request(p, caseBody(t, c), c.Headers))
			if err != nil || (c.Want == "handshake") != (o.Reply != nil && o.Handshake) {
				ok = false
				break
			}
		}
		if ok {
			return cand
		}
	}
	t.Logf("%s: no canary secret shape accepted; only the vector secrets are checked", p)
	return ""
}

// TestConfigErrorsNeverEchoSecrets: a rejected configuration names the field,
// never the secret or key that was wrong.
func TestConfigErrorsNeverEchoSecrets(t *testing.T) {
	canary := "hkcanary-config-Zr81xQ"
	cases := []core.Config{
		{Provider: "standard_webhooks", Secrets: []string{"whsec_!!" + canary}},
		{Provider: "svix", Secrets: []string{"whsec_" + canary + "%%%"}},
		{Provider: "github", Secrets: []string{"ok-secret-value"}, SignKeys: []string{"whsec_" + canary + "!!"}},
		{Provider: "generic", Secrets: []string{canary + "zz"}, Options: map[string]string{"header": "X-Sig", "key_encoding": "hex"}},
		{Provider: "generic", Secrets: []string{canary + "**"}, Options: map[string]string{"header": "X-Sig", "key_encoding": "base64"}},
		{Provider: "generic", Secrets: []string{canary}, Options: map[string]string{"header": "X-Sig", "algorithm": canary}},
		{Provider: canary, Secrets: []string{canary}},
		{Provider: "github", Secrets: []string{canary}, Format: canary},
		{Provider: "github", Secrets: []string{canary, ""}},
	}
	for i, cfg := range cases {
		_, err := core.New(cfg)
		if err == nil {
			t.Errorf("case %d (%s): New accepted a bad configuration", i, cfg.Provider)
			continue
		}
		msg := err.Error()
		if cfg.Provider == canary || cfg.Format == canary || cfg.Options["algorithm"] == canary {
			// The bad value is not a secret here: it may be quoted, clipped.
			continue
		}
		if strings.Contains(msg, canary) {
			t.Errorf("case %d: error carries the secret: %s", i, msg)
		}
	}
}

// TestLeakSetCatchesRealMACs keeps the leak detector honest: the MACs it
// computes must include the real signatures of known vectors, and the
// configured secret must be found in a text that quotes it.
func TestLeakSetCatchesRealMACs(t *testing.T) {
	vectors := vectorsByProvider(t)
	for _, tc := range []struct{ provider, header, strip string }{
		{"github", "X-Hub-Signature-256", "sha256="},
		{"dropbox", "X-Dropbox-Signature", ""},
		{"slack", "X-Slack-Signature", "v0="},
		{"shopify", "X-Shopify-Hmac-Sha256", ""},
	} {
		found := false
		for _, c := range vectors[tc.provider] {
			sig := c.Headers[tc.header]
			if c.Want != "ok" || sig == "" {
				continue
			}
			l := newLeakSet()
			l.addMACs("mac", c.Secrets, c.Method, c.URL, caseBody(t, c), c.Headers)
			if l.find("log: "+strings.TrimPrefix(sig, tc.strip)+" end") == "" {
				t.Errorf("%s %s: the leak set misses the real signature %s", tc.provider, c.Name, sig)
			}
			found = true
			break
		}
		if !found {
			t.Errorf("%s: no valid vector with %s", tc.provider, tc.header)
		}
	}
	l := newLeakSet()
	l.addSecret("secret", "whsec_"+base64.StdEncoding.EncodeToString([]byte("some-key-bytes-here")))
	if l.find("key=some-key-bytes-here") == "" || l.find("x c29tZS1rZXktYnl0ZXMtaGVyZQ== y") == "" {
		t.Errorf("the leak set misses a decoded or bare whsec key")
	}
}
