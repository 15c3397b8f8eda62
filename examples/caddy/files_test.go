package main

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/core"
)

// TestJSONExample runs examples/caddy/caddy.json (the README's JSON example)
// with its secrets from the environment, in front of a verifying upstream.
func TestJSONExample(t *testing.T) {
	up := newUpstream(t, demoSigningKey)
	c := startCaddy(t, "caddy.json", map[string]string{
		"HOOKSTILE_PORT":        strconv.Itoa(freePort(t)),
		"HOOKSTILE_UPSTREAM":    up.addr(),
		"BOX_PRIMARY_KEY":       demoBoxPrimary,
		"BOX_SECONDARY_KEY":     demoBoxSecondary,
		"HOOKSTILE_SIGNING_KEY": demoSigningKey,
	})
	resp, _ := send(t, c.base, boxDelivery(demoBoxSecondary, "json-1", time.Now(), boxBody("j1")))
	if resp.StatusCode/100 != 2 || up.count() != 1 || up.last(t).err != nil {
		t.Fatalf("valid delivery: status %d, upstream got %d", resp.StatusCode, up.count())
	}
	if resp, _ := send(t, c.base, boxDelivery("forged", "json-2", time.Now(), boxBody("j2"))); resp.StatusCode != 401 {
		t.Errorf("forged: got %d, want 401", resp.StatusCode)
	}
	if up.count() != 1 {
		t.Errorf("forged delivery reached the upstream")
	}
}

// TestJSONExampleMissingSecret: caddy.json without its secrets refuses to start.
func TestJSONExampleMissingSecret(t *testing.T) {
	bin := caddyBinary(t)
	cmd := exec.Command(bin, "validate", "--config", "caddy.json")
	cmd.Env = []string{"HOME=" + t.TempDir(), "HOOKSTILE_PORT=1", "HOOKSTILE_UPSTREAM=127.0.0.1:1",
		"BOX_PRIMARY_KEY=k", "HOOKSTILE_SIGNING_KEY=" + demoSigningKey}
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "secret #2: {env.BOX_SECONDARY_KEY} is empty or not set") {
		t.Errorf("validate without BOX_SECONDARY_KEY: err %v\n%s", err, out)
	}
}

// TestCurlScripts runs the README's curl snippets (examples/caddy/send-*.sh)
// against Caddyfile.example with the demo secrets, through the receiver: one
// given the whole URL, the others only HOOKSTILE_PORT.
func TestCurlScripts(t *testing.T) {
	for _, tool := range []string{"sh", "curl", "openssl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to test the README's curl snippets: %v", tool, err)
		}
	}
	env := exampleEnv(t, "")
	c := startCaddy(t, exampleCaddyfile, env)
	run := func(script string, vars ...string) string {
		cmd := exec.Command("sh", script)
		cmd.Env = append([]string{"PATH=/usr/local/bin:/usr/bin:/bin"}, vars...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", script, err, out)
		}
		return string(out)
	}
	if out := run("send-box.sh", "URL="+c.base+"/hooks/box"); out != "204\n" {
		t.Errorf("send-box.sh printed %q, want 204 (the receiver's answer)\n%s", out, c.stderr.String())
	}
	port := "HOOKSTILE_PORT=" + env["HOOKSTILE_PORT"]
	if out := run("send-dropbox.sh", port); out != "hello-hookstile\n204\n" {
		t.Errorf("send-dropbox.sh printed %q, want the challenge then 204\n%s", out, c.stderr.String())
	}
	if out := run("send-dropbox-sign.sh", port); out != core.DropboxSignAck+"\n200\n" {
		t.Errorf("send-dropbox-sign.sh printed %q, want Dropbox Sign's acknowledgement then 200\n%s", out, c.stderr.String())
	}
	if out := run("send-box.sh", port); out != "204\n" {
		t.Errorf("send-box.sh with HOOKSTILE_PORT printed %q, want 204\n%s", out, c.stderr.String())
	}
	waitOutput(t, c.stdout, "type: box.FILE.UPLOADED", "type: dropbox.notification", "type: dropbox_sign.signature_request_signed")
}
