package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// caddyHookstile runs `caddy hookstile args...` with the example binary and
// returns its exit code, stdout and stderr.
func caddyHookstile(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(caddyBinary(t), append([]string{"hookstile"}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// The hookstile command is registered in the Caddy built with the module.
func TestCaddyHookstileProviders(t *testing.T) {
	code, out, stderr := caddyHookstile(t, "", "providers")
	if code != 0 || !strings.Contains(out, "\ndropbox_sign ") || !strings.Contains(out, "\nzoom ") || strings.Count(out, "\n") != 100 {
		t.Fatalf("caddy hookstile providers: exit %d, %d lines\n%s%s", code, strings.Count(out, "\n"), out, stderr)
	}
	code, out, _ = caddyHookstile(t, "", "providers", "box")
	if code != 0 || !strings.Contains(out, "BOX-SIGNATURE-PRIMARY") || !strings.Contains(out, "caddy hookstile sign box") {
		t.Errorf("caddy hookstile providers box: exit %d\n%s", code, out)
	}
	code, out, stderr = caddyHookstile(t, "", "providers", "drop-box")
	if code != 2 || out != "" || stderr != "hookstile: unknown provider \"drop-box\"; did you mean dropbox?\n" {
		t.Errorf("unknown provider: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if code, _, stderr = caddyHookstile(t, "", "sign", "box"); code != 2 || !strings.Contains(stderr, "--secret is required") {
		t.Errorf("sign without a secret: exit %d %q", code, stderr)
	}
	if code, _, _ = caddyHookstile(t, ""); code != 2 {
		t.Errorf("no subcommand: exit %d, want 2", code)
	}
}

// sign prints a delivery that Caddy's route accepts when sent as printed;
// send posts it and exits 0 on the route's 2xx, 1 on its refusal.
func TestHookstileSignAndSendThroughCaddy(t *testing.T) {
	up := newUpstream(t, demoSigningKey)
	c := startCaddy(t, exampleCaddyfile, exampleEnv(t, up.addr()))
	for _, tc := range []struct {
		provider, path string
		secrets        []string
		reply          string // the provider's acknowledgement, if it needs one
	}{
		{"dropbox", "/hooks/dropbox", []string{demoDropbox}, ""},
		{"box", "/hooks/box", []string{demoBoxPrimary, demoBoxSecondary}, ""},
		{"dropbox_sign", "/hooks/dropbox-sign", []string{demoDropboxSign}, "Hello API Event Received"},
	} {
		args := []string{"--url", c.base + tc.path}
		for _, s := range tc.secrets {
			args = append(args, "--secret", s)
		}
		// sign, then send what it printed.
		n := up.count()
		code, text, stderr := caddyHookstile(t, "", append([]string{"sign", tc.provider}, args...)...)
		if code != 0 {
			t.Fatalf("%s: sign exit %d: %s", tc.provider, code, stderr)
		}
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(text)))
		if err != nil {
			t.Fatalf("%s: sign printed no HTTP/1.1 request: %v\n%s", tc.provider, err, text)
		}
		body, _ := io.ReadAll(req.Body)
		resp, answer := send(t, c.base, delivery{method: req.Method, path: req.URL.RequestURI(), header: req.Header, body: body})
		if resp.StatusCode != 200 && resp.StatusCode != 204 || up.count() != n+1 {
			t.Fatalf("%s: the printed delivery got %d %q, upstream %d -> %d", tc.provider, resp.StatusCode, answer, n, up.count())
		}
		if a := up.last(t); a.err != nil || a.event.Type() == "" {
			t.Errorf("%s: upstream: %v", tc.provider, a.err)
		}
		// send.
		code, out, stderr := caddyHookstile(t, "", append([]string{"send", tc.provider}, args...)...)
		if code != 0 || !strings.HasPrefix(out, "HTTP/1.1 20") || !strings.Contains(out, tc.reply) || up.count() != n+2 {
			t.Errorf("%s: send exit %d, %q %s", tc.provider, code, out, stderr)
		}
		// A wrong secret: the route refuses, send exits 1.
		bad := []string{"send", tc.provider, "--url", c.base + tc.path, "--secret", "not-the-secret"}
		code, out, _ = caddyHookstile(t, "", bad...)
		if code != 1 || !strings.HasPrefix(out, "HTTP/1.1 401 ") || up.count() != n+2 {
			t.Errorf("%s: wrong secret: exit %d, %q", tc.provider, code, out)
		}
	}
	// --body - reads the payload from standard input.
	n := up.count()
	code, out, stderr := caddyHookstile(t, `{"delta":{"users":[4242]}}`, "send", "dropbox", "--secret", demoDropbox, "--url", c.base+"/hooks/dropbox", "--body", "-")
	if code != 0 || up.count() != n+1 || !strings.Contains(string(up.last(t).body), "4242") {
		t.Errorf("--body -: exit %d %q %s", code, out, stderr)
	}
}

// The README's hookstile snippet (send-hookstile.sh) runs against the demo,
// with `go run github.com/hookstile/hookstile/cmd/hookstile` as written.
func TestSendHookstileScript(t *testing.T) {
	env := exampleEnv(t, "")
	c := startCaddy(t, exampleCaddyfile, env)
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "send-hookstile.sh")
	cmd.Env = append(os.Environ(), "HOOKSTILE_PORT="+env["HOOKSTILE_PORT"], "PATH="+filepath.Dir(goBin)+":/usr/local/bin:/usr/bin:/bin")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("send-hookstile.sh: %v\n%s", err, out)
	}
	if got := strings.Count(string(out), "HTTP/1.1 20"); got != 3 {
		t.Errorf("send-hookstile.sh: %d of 3 deliveries answered 2xx:\n%s", got, out)
	}
	waitOutput(t, c.stdout, "type: box.FILE.UPLOADED", "type: dropbox.notification", "type: dropbox_sign.signature_request_signed")
}
