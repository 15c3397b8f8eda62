package provsign_test

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/internal/provsign"
	"github.com/hookstile/hookstile/internal/provsign/provsigntest"
)

// tweak changes one character of s in its middle to another of the same
// class (digit, lower, upper), so the result has s's format and differs.
func tweak(s string) string {
	b := []byte(s)
	for i := len(b) / 2; i < len(b)+len(b)/2; i++ {
		j := i % len(b)
		c := b[j]
		switch {
		case c >= '0' && c <= '9':
			b[j] = map[bool]byte{true: '1', false: '0'}[c == '0']
		case c >= 'a' && c <= 'z':
			b[j] = map[bool]byte{true: 'b', false: 'a'}[c == 'a']
		case c >= 'A' && c <= 'Z':
			b[j] = map[bool]byte{true: 'B', false: 'A'}[c == 'A']
		default:
			continue
		}
		return string(b)
	}
	return s + "x"
}

// otherInput is in with other secrets of the same kind.
func otherInput(t *testing.T, name string, in provsign.Input) provsign.Input {
	t.Helper()
	out := in
	out.Secrets = nil
	for _, s := range in.Secrets {
		if provsign.PublicKey(name) {
			k, err := provsign.GenerateKey(name)
			if err != nil {
				t.Fatal(err)
			}
			out.Secrets = append(out.Secrets, k)
			continue
		}
		out.Secrets = append(out.Secrets, tweak(s))
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

// Every provider of core: the signed sample is a verified event for a
// route configured as RouteFor says, and a route with other secrets refuses
// the same request.
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
			o, err := verifier(t, name, rt).Inspect(httpRequest(t, req))
			if err != nil {
				var text bytes.Buffer
				req.WriteText(&text)
				t.Fatalf("core refused the signed delivery: %v (%s)\n%s", err, core.Reason(err), text.String())
			}
			if o.Handshake || o.Event == nil {
				t.Fatalf("the sample is a handshake, not an event: %+v", o)
			}
			if o.Event.Type == "" {
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
			_, err = verifier(t, name, brt).Inspect(httpRequest(t, req))
			if err == nil {
				t.Fatalf("a route with other secrets %q accepted the delivery", brt.Secrets)
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
		{"dropbox_sign", `{"event":{"event_type":"callback_test"}}`, ""}, // event_time: the signer sets the clock
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
