package provsign_test

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/internal/provsign"
	"github.com/hookstile/hookstile/internal/provsign/provsigntest"
)

// otherInput is in with other secrets of the same kind.
func otherInput(t *testing.T, name string, in provsign.Input) provsign.Input {
	t.Helper()
	out, err := provsign.Other(name, in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func verifier(t *testing.T, name string, rt *provsign.Route) *core.Verifier {
	t.Helper()
	v, err := core.New(core.Config{Provider: name, Secrets: rt.Secrets, Options: rt.Options})
	if err != nil {
		t.Fatalf("core.New with the route for the signed delivery: %v", err)
	}
	return v
}

func httpRequest(t *testing.T, r *provsign.Request) *http.Request {
	t.Helper()
	req, err := r.HTTPRequest()
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// Every provider of core: the signed sample is verified and forwarded by
// core's entry point (Verifier.Serve) for a route configured as RouteFor
// says, and a route with other secrets rejects the same request.
func TestCoreAcceptsEveryProvider(t *testing.T) {
	names := core.Providers()
	if len(names) != len(provsign.Providers()) {
		t.Errorf("core has %d providers, provsign %d", len(names), len(provsign.Providers()))
	}
	for _, name := range names {
		name := name
		t.Run(name, func(t *testing.T) {
			in, err := provsign.Example(name)
			if err != nil {
				t.Fatal(err)
			}
			req, err := provsign.Sign(name, in)
			if err != nil {
				t.Fatalf("Sign: %v", err)
			}
			rt, err := provsign.RouteFor(name, in)
			if err != nil {
				t.Fatal(err)
			}
			var host *provsigntest.Host
			if rt.RemoteURL != "" {
				host = provsigntest.Serve(t, rt)
			}
			var got []byte
			up := core.HandlerUpstream{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got, _ = io.ReadAll(r.Body)
				w.WriteHeader(http.StatusNoContent)
			})}
			w := httptest.NewRecorder()
			sv := verifier(t, name, rt).Serve(w, httpRequest(t, req), up)
			if sv.Outcome != core.OutcomeForwarded {
				var text bytes.Buffer
				req.WriteText(&text)
				t.Fatalf("core did not forward the signed delivery: %s %v (%s)\n%s", sv.Outcome, sv.Err, core.Reason(sv.Err), text.String())
			}
			if w.Code/100 != 2 || len(got) == 0 {
				t.Fatalf("answered %d, upstream got %d bytes", w.Code, len(got))
			}
			if sv.Event == nil || sv.Event.Type == "" {
				t.Errorf("the sample has no event type")
			}
			bad := otherInput(t, name, in)
			brt, err := provsign.RouteFor(name, bad)
			if err != nil {
				t.Fatal(err)
			}
			if host != nil {
				host.Set(brt)
			}
			got = nil
			sv = verifier(t, name, brt).Serve(httptest.NewRecorder(), httpRequest(t, req), up)
			err = sv.Err
			if sv.Outcome != core.OutcomeRejected || got != nil {
				t.Fatalf("a route with other secrets %q did not reject the delivery: %s", brt.Secrets, sv.Outcome)
			}
			if r := core.Reason(err); r != "signature_mismatch" {
				t.Errorf("other secrets: reason %s (%v), want signature_mismatch", r, err)
			}
		})
	}
}

// A body given by the caller is what is signed (or, for providers that
// carry the signature in the body, what is edited), and the clock is the
// one given.
func TestGivenBodyAndClock(t *testing.T) {
	now := time.Now().Add(-2 * time.Minute).Truncate(time.Second)
	for _, tc := range []struct {
		name, body string
		header     string // a header that must carry now
	}{
		{"stripe", `{"id":"evt_given","type":"invoice.paid","data":{"object":{"id":"in_1","object":"invoice"}}}`, "Stripe-Signature"},
		{"github", `{"zen":"Keep it logically awesome.","hook_id":1}`, ""},
		{"dropbox_sign", `{"event":{"event_type":"callback_test"}}`, ""},                           // event_time: the signer sets the clock
		{"dropbox_sign", `{"event":{"event_time":"1700000000","event_type":"callback_test"}}`, ""}, // and replaces a given one, as Dropbox Sign would
		{"slack", `{"type":"event_callback","event_id":"EvGiven","team_id":"T1","event":{"type":"app_mention"}}`, "X-Slack-Request-Timestamp"},
	} {
		in, _ := provsign.Example(tc.name)
		in.Body, in.Now = []byte(tc.body), now
		req, err := provsign.Sign(tc.name, in)
		if err != nil {
			t.Fatal(err)
		}
		if tc.name != "dropbox_sign" && string(req.Body) != tc.body {
			t.Errorf("%s: body %q, want the given one", tc.name, req.Body)
		}
		if tc.header != "" && !strings.Contains(req.Header.Get(tc.header), strconv.FormatInt(now.Unix(), 10)) {
			t.Errorf("%s: %s = %q does not carry the given clock", tc.name, tc.header, req.Header.Get(tc.header))
		}
		rt, _ := provsign.RouteFor(tc.name, in)
		v, err := core.New(core.Config{Provider: tc.name, Secrets: rt.Secrets, Options: rt.Options, Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Inspect(httpRequest(t, req)); err != nil {
			t.Errorf("%s: core refused a given body: %v", tc.name, err)
		}
	}
}

func timeText(t time.Time) string {
	return strings.TrimSuffix(strings.TrimSuffix(t.UTC().Format("20060102150405"), ""), "")
}

// WriteText is HTTP/1.1 that Go's own parser reads back to the same request.
func TestWriteTextParses(t *testing.T) {
	in, _ := provsign.Example("box")
	in.Secrets = []string{"primary", "secondary"}
	req, err := provsign.Sign("box", in)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := req.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	r, err := http.ReadRequest(bufioReader(b.Bytes()))
	if err != nil {
		t.Fatalf("not HTTP/1.1: %v\n%s", err, b.String())
	}
	body, _ := io.ReadAll(r.Body)
	if r.Method != "POST" || r.URL.Path != "/hooks/box" || string(body) != string(req.Body) ||
		r.Header.Get("Box-Signature-Secondary") == "" || r.Host != "127.0.0.1:8080" {
		t.Fatalf("parsed back: %s %s host %s headers %v body %q", r.Method, r.URL, r.Host, r.Header, body)
	}
}

// Unknown providers and options, and missing secrets, are errors.
func TestErrors(t *testing.T) {
	if _, err := provsign.Sign("dropbx", provsign.Input{Secrets: []string{"x"}}); err == nil {
		t.Error("unknown provider signed")
	}
	if _, err := provsign.Sign("github", provsign.Input{}); err == nil || !strings.Contains(err.Error(), "secret") {
		t.Errorf("no secret: %v", err)
	}
	_, err := provsign.Sign("github", provsign.Input{Secrets: []string{"x"}, Options: map[string]string{"public_ulr": "x"}})
	if err == nil || !strings.Contains(err.Error(), "public_ulr") {
		t.Errorf("unknown option: %v", err)
	}
	if _, err := provsign.Sign("discord", provsign.Input{Secrets: []string{"not-a-key"}}); err == nil {
		t.Error("discord signed with a non-key")
	}
	if n, ok := provsign.Canonical("HelloSign"); !ok || n != "dropbox_sign" {
		t.Errorf("alias: %q %v", n, ok)
	}
}

func bufioReader(b []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(b)) }

// The options a signer shares with the route are options core declares for
// that provider.
func TestRouteOptionsAreDeclaredByCore(t *testing.T) {
	for _, name := range provsign.Providers() {
		declared := map[string]bool{}
		for _, o := range core.Options(name) {
			declared[o.Name] = true
		}
		for _, o := range provsign.Options(name) {
			if o.Route && !declared[o.Name] {
				t.Errorf("%s: option %s is passed to the route, core does not declare it", name, o.Name)
			}
			if !o.Route && declared[o.Name] {
				t.Errorf("%s: option %s is declared by core but not passed to the route", name, o.Name)
			}
		}
	}
}

// The options and variants of the special schemes, each through core.
func TestVariantsAcceptedByCore(t *testing.T) {
	for i, tc := range []struct {
		provider string
		secrets  []string
		opts     map[string]string
		url      string
		body     string
	}{
		{provider: "sns", opts: map[string]string{"type": "SubscriptionConfirmation"}},
		{provider: "sns", opts: map[string]string{"topic_arn": "arn:aws:sns:eu-west-1:123456789012:orders"}},
		{provider: "adyen", opts: map[string]string{"platform": "true"},
			body: `{"data":{"balancePlatform":"YourBalancePlatform","id":"BA00000000000000000000001","creationDate":"2024-01-01T10:00:00+01:00"},"environment":"test","type":"balancePlatform.accountHolder.created"}`},
		{provider: "dropbox_sign", opts: map[string]string{"encoding": "form"}},
		{provider: "dropbox_sign", opts: map[string]string{"encoding": "json"}},
		{provider: "twilio", body: `{"property":"value","boolean":true}`},
		{provider: "twilio", url: "https://hooks.example.com/twilio?foo=1&bar=2"},
		{provider: "postmark", secrets: []string{"tok-0123456789abcdef"}, opts: map[string]string{"token_param": "token"}},
		{provider: "azure_event_grid", opts: map[string]string{"auth": "bearer"}},
		{provider: "azure_event_grid", opts: map[string]string{"query_param": "code"}},
		{provider: "okta", opts: map[string]string{"header": "X-Hook-Auth"}},
		{provider: "graphcms", opts: map[string]string{"environment": "staging"}},
		{provider: "hubspot", url: "https://hooks.example.com/hubspot?name=a%3Ab%2Cc&x=%20y"},
		{provider: "contentful", url: "http://127.0.0.1:8080/internal/rewritten", opts: map[string]string{"public_url": "https://hooks.example.com/hooks/contentful?a=1&b=x%20y"}},
		{provider: "plivo", url: "https://voice.example.com/plivo/answer?lang=en&a=2&a=1"},
		{provider: "gitlab", secrets: []string{"whsec_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY3OA==", "gitlab-secret-token"}},
		{provider: "gitlab", secrets: []string{"whsec_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY3OA=="}},
		{provider: "box", secrets: []string{"primary", "secondary"}},
		{provider: "pagerduty", secrets: []string{"new-secret", "old-secret"}},
		{provider: "standard_webhooks", secrets: []string{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"}, opts: map[string]string{"id": "msg_given"}},
		{provider: "generic", opts: map[string]string{"header": "X-Sig", "algorithm": "sha512", "encoding": "base64", "signed_content": "{timestamp}.{body}",
			"timestamp_header": "X-Ts", "timestamp_format": "unix_ms", "id_header": "X-Id", "event_type_header": "X-Event"}},
		{provider: "generic", secrets: []string{"cmF3LWtleS1ieXRlcw=="}, opts: map[string]string{"header": "X-Sig", "algorithm": "sha1", "signed_content": "{id}:{body}", "id_header": "X-Id", "key_encoding": "base64"}},
		{provider: "worldline", opts: map[string]string{"key_id": "key-2"}},
		{provider: "pusher", opts: map[string]string{"app_key": "key-1"}},
		{provider: "trello", url: "https://hooks.example.com/trello", opts: map[string]string{"callback_url": "https://hooks.example.com/trello"}},
		{provider: "square", opts: map[string]string{"notification_url": "https://hooks.example.com/square"}},
		{provider: "monday", opts: map[string]string{"audience": "https://hooks.example.com/monday"}},
		{provider: "linear", body: `{"action":"update","type":"Comment","data":{"id":"c1"},"webhookTimestamp":1}`},
		{provider: "mailgun", body: `{"event-data":{"id":"given","event":"opened","timestamp":1}}`},
		{provider: "figma", body: `{"event_type":"FILE_COMMENT","file_key":"k","timestamp":"2026-01-01T00:00:00Z","webhook_id":"9"}`},
		{provider: "salesforce", secrets: []string{"00D000000000062", "00D000000000062EAA"}},
	} {
		in, err := provsign.Example(tc.provider)
		if err != nil {
			t.Fatal(err)
		}
		if tc.secrets != nil {
			in.Secrets = tc.secrets
		}
		if tc.opts != nil {
			in.Options = tc.opts
		}
		if tc.url != "" {
			in.URL = tc.url
		}
		if tc.body != "" {
			in.Body = []byte(tc.body)
		}
		req, err := provsign.Sign(tc.provider, in)
		if err != nil {
			t.Errorf("Test %d (%s): Sign: %v", i, tc.provider, err)
			continue
		}
		rt, err := provsign.RouteFor(tc.provider, in)
		if err != nil {
			t.Fatal(err)
		}
		if rt.RemoteURL != "" {
			provsigntest.Serve(t, rt)
		}
		if tc.provider == "contentful" && !strings.Contains(req.URL, "/internal/rewritten") {
			t.Errorf("Test %d: contentful sent to %s", i, req.URL)
		}
		v, err := core.New(core.Config{Provider: tc.provider, Secrets: rt.Secrets, Options: rt.Options})
		if err != nil {
			t.Errorf("Test %d (%s): core.New: %v", i, tc.provider, err)
			continue
		}
		if _, err := v.Inspect(httpRequest(t, req)); err != nil {
			var text bytes.Buffer
			req.WriteText(&text)
			t.Errorf("Test %d (%s %v): core refused: %v\n%s", i, tc.provider, tc.opts, err, text.String())
		}
	}
}

// A route pinning the key as a JWK, with its kid, accepts it too.
func TestPlaidPinnedJWK(t *testing.T) {
	in, _ := provsign.Example("plaid")
	in.Options = map[string]string{"kid": "kid-7"}
	req, err := provsign.Sign("plaid", in)
	if err != nil {
		t.Fatal(err)
	}
	jwk, err := provsign.PlaidJWK(in.Secrets[0], "kid-7")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		jwk string
		ok  bool
	}{{jwk, true}, {strings.Replace(jwk, "kid-7", "kid-8", 1), false}} {
		v, err := core.New(core.Config{Provider: "plaid", Secrets: []string{tc.jwk}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Inspect(httpRequest(t, req)); (err == nil) != tc.ok {
			t.Errorf("JWK %s: %v, want ok=%v", tc.jwk, err, tc.ok)
		}
	}
}
