package reliability

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig"
	_ "github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	_ "github.com/caddyserver/caddy/v2/modules/standard"

	_ "github.com/hookstile/hookstile/caddymodule"
)

// This package runs a real Caddy in-process with caddy.Load, with the admin
// endpoint off (so it never competes with caddytest's admin port 2999 in
// caddymodule's tests), bound to 127.0.0.1, logging to a file the tests read.

// gateway is one running Caddy.
type gateway struct {
	base string // http://127.0.0.1:port
	addr string // 127.0.0.1:port
	log  string // path of Caddy's log file
}

func (g *gateway) logs(t *testing.T) string {
	b, err := os.ReadFile(g.log)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// routes is the Caddyfile routes of the shared test configuration, each to
// upstream.
func routes(upstream string, extra string) string {
	route := func(path, provider, body string) string {
		return fmt.Sprintf("\troute %s {\n\t\thookstile %s {\n%s\t\t\tsign_key %s\n\t\t\tmax_body %d\n\t\t\tdedup %s\n\t\t}\n\t\treverse_proxy %s {\n\t\t\ttransport http {\n\t\t\t\tresponse_header_timeout 2s\n\t\t\t}\n\t\t}\n\t}\n",
			path, provider, body, SigningKey, MaxBody, DedupTTL, upstream)
	}
	return route(GitHubPath, "github", "\t\t\tsecret "+GitHubSecret+"\n") +
		route(SlackPath, "slack", fmt.Sprintf("\t\t\tsecret %s\n\t\t\ttolerance %ds\n", SlackSecret, SlackToleranceS)) +
		route(StripePath, "stripe", "\t\t\tsecret "+StripeSecret+"\n") +
		route(DropboxPath, "dropbox", "\t\t\tsecret "+DropboxSecret+"\n") +
		route(DropboxSignPath, "dropbox_sign", "\t\t\tsecret "+DropboxSignKey+"\n") +
		route(StandardWebhooks, "standard_webhooks", "\t\t\tsecret "+SWSecret+"\n") +
		route(BoxPath, "box", "\t\t\tsecret "+BoxSecret+"\n") +
		route(MailgunPath, "mailgun", "\t\t\tsecret "+MailgunKey+"\n") +
		route(PlivoPath, "plivo", "\t\t\tsecret "+PlivoToken+"\n\t\t\toption public_url "+PlivoPublicURL+"\n") + extra
}

// caddyfile is a whole Caddyfile: loopback only, admin off, a read_body
// timeout (slow senders), a DEBUG log to logPath.
func caddyfile(port int, logPath, routes string) string {
	return fmt.Sprintf(`{
	admin off
	persist_config off
	auto_https off
	default_bind 127.0.0.1
	log {
		output file %s
		level DEBUG
		format json
	}
	servers {
		timeouts {
			read_body %s
			read_header 5s
		}
	}
}

http://127.0.0.1:%d {
%s	respond 404
}
`, logPath, SlowReadTimeout, port, routes)
}

// adapt turns Caddyfile text into Caddy's JSON config.
func adapt(cf string) ([]byte, error) {
	a := caddyconfig.GetAdapter("caddyfile")
	if a == nil {
		return nil, fmt.Errorf("no caddyfile adapter")
	}
	js, _, err := a.Adapt([]byte(cf), map[string]any{"filename": "Caddyfile"})
	return js, err
}

// startCaddy loads cf into the in-process Caddy and stops it when the test ends.
func startCaddy(t *testing.T, build func(port int, logPath string) string) *gateway {
	t.Helper()
	port := freePort(t)
	logPath := filepath.Join(t.TempDir(), "caddy.log")
	cf := build(port, logPath)
	js, err := adapt(cf)
	if err != nil {
		t.Fatalf("adapting the Caddyfile: %v\n%s", err, cf)
	}
	if err := caddy.Load(js, true); err != nil {
		t.Fatalf("caddy.Load: %v", err)
	}
	t.Cleanup(func() {
		if err := caddy.Stop(); err != nil {
			t.Errorf("caddy.Stop: %v", err)
		}
	})
	g := &gateway{base: "http://127.0.0.1:" + strconv.Itoa(port), addr: "127.0.0.1:" + strconv.Itoa(port), log: logPath}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", g.addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return g
		}
		if time.Now().After(deadline) {
			t.Fatalf("caddy does not listen on %s", g.addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func newUpstream(t *testing.T) *Upstream {
	t.Helper()
	up, err := NewUpstream()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(up.Close)
	return up
}

// logLines returns the JSON log lines of the hookstile logger.
func hookstileLogLines(t *testing.T, logs string) []map[string]any {
	var out []map[string]any
	for _, l := range strings.Split(logs, "\n") {
		if !strings.Contains(l, "hookstile") {
			continue
		}
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// TestCaddyHostileCorpus runs the hostile corpus through a real Caddy with
// the module, in front of a counting upstream.
func TestCaddyHostileCorpus(t *testing.T) {
	up := newUpstream(t)
	g := startCaddy(t, func(port int, logPath string) string {
		return caddyfile(port, logPath, routes(up.Addr, ""))
	})
	RunCorpus(t, g.base, g.addr, up, Corpus(time.Now()))
	logs := g.logs(t)
	if what := Leak(logs); what != "" {
		t.Errorf("Caddy's log carries a %s", what)
	}
	if n := len(hookstileLogLines(t, logs)); n < 20 {
		t.Errorf("only %d hookstile log lines for the whole corpus: are rejections logged?", n)
	}
	if bad := up.Unverified(); len(bad) > 0 {
		t.Errorf("%d arrivals did not verify", len(bad))
	}
}
