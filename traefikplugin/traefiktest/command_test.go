package traefiktest

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hookstile/hookstile/internal/cli"
)

// hookstile runs the hookstile command in process.
func hookstile(stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := cli.Run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// hookstile sign and send against the plugin's routes, loaded by Traefik's
// plugin loader and interpreted by Yaegi: what sign prints and what send
// posts is accepted, a wrong secret is refused (send exits 1).
func TestHookstileSignAndSendThroughTraefik(t *testing.T) {
	s := newSite(t)
	for _, tc := range []struct {
		provider, path string
		secrets        []string
		reply          string
	}{
		{"dropbox", "/hooks/dropbox", []string{env("DROPBOX_APP_SECRET")}, ""},
		{"github", "/hooks/github", []string{env("GITHUB_WEBHOOK_SECRET")}, ""},
		{"box", "/hooks/box", []string{env("BOX_PRIMARY_KEY"), env("BOX_SECONDARY_KEY")}, ""},
		{"dropbox_sign", "/hooks/dropbox-sign", []string{env("DROPBOX_SIGN_API_KEY")}, "Hello API Event Received"},
		{"stripe", "/hooks/stripe", []string{stripeSecret}, ""},
		{"slack", "/hooks/slack", []string{env("SLACK_SIGNING_SECRET")}, ""},
		{"standard_webhooks", "/hooks/standard-webhooks", []string{env("SW_PROVIDER_SECRET")}, ""},
	} {
		args := []string{"--url", s.url + tc.path}
		for _, sec := range tc.secrets {
			args = append(args, "--secret", sec)
		}
		n := s.up.count(tc.path)
		code, text, stderr := hookstile("", append([]string{"sign", tc.provider}, args...)...)
		if code != 0 {
			t.Fatalf("%s: sign exit %d: %s", tc.provider, code, stderr)
		}
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(text)))
		if err != nil {
			t.Fatalf("%s: not HTTP/1.1: %v", tc.provider, err)
		}
		body, _ := io.ReadAll(req.Body)
		out, err := http.NewRequest(req.Method, s.url+req.URL.RequestURI(), bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		out.Header = req.Header
		if a := send(t, out); a.Status/100 != 2 || s.up.count(tc.path) != n+1 {
			t.Fatalf("%s: the printed delivery got %d %q", tc.provider, a.Status, a.Body)
		}
		code, answer, stderr := hookstile("", append([]string{"send", tc.provider}, args...)...)
		if code != 0 || !strings.HasPrefix(answer, "HTTP/1.1 200 OK\n") || !strings.Contains(answer, tc.reply) || s.up.count(tc.path) != n+2 {
			t.Errorf("%s: send exit %d %q %s", tc.provider, code, answer, stderr)
		}
		code, answer, _ = hookstile("", "send", tc.provider, "--url", s.url+tc.path, "--secret", tweakSecret(tc.secrets[0]))
		if code != 1 || !strings.HasPrefix(answer, "HTTP/1.1 401 ") || s.up.count(tc.path) != n+2 {
			t.Errorf("%s: wrong secret: exit %d %q", tc.provider, code, answer)
		}
	}
}

// tweakSecret is another secret of the same form (whsec_ stays base64).
func tweakSecret(s string) string {
	if strings.HasPrefix(s, "whsec_") {
		return "whsec_" + "b3RoZXIta2V5LW9mLXRoZS1zYW1lLWZvcm0="
	}
	return "other-" + s
}
