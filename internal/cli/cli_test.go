package cli

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookstile/hookstile/core"
)

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitCodesAndUsage(t *testing.T) {
	for i, tc := range []struct {
		args    []string
		code    int
		stderr  string // a substring of stderr
		nostdin bool
	}{
		{args: nil, code: 2, stderr: "usage: hookstile"},
		{args: []string{"frobnicate"}, code: 2, stderr: "unknown command"},
		{args: []string{"sing", "github"}, code: 2, stderr: "did you mean sign?"},
		{args: []string{"sign"}, code: 2, stderr: "usage: hookstile sign"},
		{args: []string{"sign", "github"}, code: 2, stderr: "--secret is required"},
		{args: []string{"sign", "dropbox-sign", "--secret", "k"}, code: 2, stderr: `did you mean dropbox_sign?`},
		{args: []string{"sign", "github", "--secret", "k", "--bogus"}, code: 2, stderr: "flag provided but not defined: -bogus"},
		{args: []string{"sign", "github", "--secret", "k", "extra"}, code: 2, stderr: `unexpected argument "extra"`},
		{args: []string{"sign", "github", "--secret", "k", "--option", "nokey"}, code: 2, stderr: "want key=value"},
		{args: []string{"sign", "github", "--secret", "k", "--option", "publc_url=x"}, code: 2, stderr: `unknown option "publc_url"`},
		{args: []string{"sign", "github", "--secret", "k", "--body", "/nonexistent/file"}, code: 2, stderr: "--body"},
		{args: []string{"send", "github", "--secret", "k"}, code: 2, stderr: "--url is required"},
		{args: []string{"send", "github", "--secret", "k", "--url", "http://127.0.0.1:1/hooks"}, code: 1, stderr: "connection refused"},
		{args: []string{"providers", "a", "b"}, code: 2, stderr: "usage"},
		{args: []string{"providers", "strpe"}, code: 2, stderr: "did you mean stripe?"},
		{args: []string{"help"}, code: 0},
		{args: []string{"sign", "github", "--secret", "k"}, code: 0},
		{args: []string{"sign", "--secret", "k", "github"}, code: 0},
	} {
		code, _, stderr := run(t, "", tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("Test %d: %v: exit %d, stderr %q; want exit %d and %q", i, tc.args, code, stderr, tc.code, tc.stderr)
		}
	}
}

// An unknown provider is answered with one suggestion, never the list.
func TestUnknownProviderSuggestsOne(t *testing.T) {
	_, _, stderr := run(t, "", "providers", "hello-sign")
	if !strings.Contains(stderr, "did you mean dropbox_sign?") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("stderr %q", stderr)
	}
}

func TestProviders(t *testing.T) {
	code, out, _ := run(t, "", "providers")
	if code != 0 {
		t.Fatal(code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(core.Providers())+1 {
		t.Errorf("%d lines for %d providers", len(lines), len(core.Providers()))
	}
	for _, n := range core.Providers() {
		if !strings.Contains(out, "\n"+n+" ") {
			t.Errorf("table lacks %s", n)
		}
	}
	code, out, _ = run(t, "", "providers", "hellosign")
	d, _ := core.Describe("dropbox_sign")
	for _, want := range []string{"dropbox_sign\n", d.Scheme, d.Secret, d.Handshake, "encoding: multipart"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("providers hellosign lacks %q:\n%s", want, out)
		}
	}
	// The options core declares for a provider are listed.
	_, out, _ = run(t, "", "providers", "twilio")
	for _, o := range core.Options("twilio") {
		if !strings.Contains(out, "    "+o.Name+" ("+o.Kind+"): "+o.Doc+"\n") {
			t.Errorf("providers twilio lacks the declared option %s:\n%s", o.Name, out)
		}
	}
	if len(core.Options("twilio")) == 0 {
		t.Error("core declares no twilio option")
	}
}

// sign prints HTTP/1.1 that parses back; --body - reads standard input.
func TestSignBodyFromStdin(t *testing.T) {
	body := `{"action":"opened","issue":{"id":9},"repository":{"full_name":"o/r"}}`
	code, out, stderr := run(t, body, "sign", "github", "--secret", "s3cret", "--body", "-", "--url", "https://hooks.example.com/gh?x=1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(out)))
	if err != nil {
		t.Fatalf("not HTTP/1.1: %v\n%s", err, out)
	}
	b, _ := io.ReadAll(r.Body)
	if string(b) != body || r.Host != "hooks.example.com" || r.URL.String() != "/gh?x=1" || r.Header.Get("X-Hub-Signature-256") == "" {
		t.Fatalf("request: %s %s %v %q", r.Host, r.URL, r.Header, b)
	}
	v, err := core.New(core.Config{Provider: "github", Secrets: []string{"s3cret"}})
	if err != nil {
		t.Fatal(err)
	}
	r.Body = io.NopCloser(strings.NewReader(string(b)))
	if _, err := v.Inspect(r); err != nil {
		t.Fatalf("core refused what sign printed: %v", err)
	}
	// --body from a file.
	f := filepath.Join(t.TempDir(), "b.json")
	os.WriteFile(f, []byte(body), 0o600)
	if code, out, _ = run(t, "", "sign", "github", "--secret", "s3cret", "--body", f); code != 0 || !strings.HasSuffix(out, "\r\n\r\n"+body) {
		t.Fatalf("--body file: %d %q", code, out)
	}
}

// send prints the status line and the body; exit 0 only on a 2xx.
func TestSendExitCodes(t *testing.T) {
	v, err := core.New(core.Config{Provider: "stripe", Secrets: []string{"whsec_s"}, Dedup: -1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := v.Inspect(r); err != nil {
			http.Error(w, core.Reason(err), v.Status(err))
			return
		}
		w.Write([]byte("taken"))
	}))
	defer srv.Close()
	code, out, _ := run(t, "", "send", "stripe", "--secret", "whsec_s", "--url", srv.URL+"/hooks/stripe")
	if code != 0 || out != "HTTP/1.1 200 OK\ntaken\n" {
		t.Fatalf("exit %d, %q", code, out)
	}
	code, out, _ = run(t, "", "send", "stripe", "--secret", "whsec_other", "--url", srv.URL+"/hooks/stripe")
	if code != 1 || out != "HTTP/1.1 401 Unauthorized\nsignature_mismatch\n" {
		t.Fatalf("wrong secret: exit %d, %q", code, out)
	}
}

func TestNearest(t *testing.T) {
	names := core.Providers()
	for in, want := range map[string]string{"dropbox-sign": "dropbox_sign", "Github": "github", "stripee": "stripe", "lemon-squeezy": "lemon_squeezy", "qqqqqqqqqqqq": ""} {
		if got := nearest(in, names); got != want {
			t.Errorf("nearest(%q) = %q, want %q", in, got, want)
		}
	}
}
