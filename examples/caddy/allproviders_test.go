package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/internal/cli"
	"github.com/hookstile/hookstile/internal/provsign"
)

// remoteKeyProviders fetch their verification certificate from the
// provider's own host (api-m.paypal.com, sns.<region>.amazonaws.com), which
// a Caddy process cannot be pointed elsewhere for: they are verified in
// process by internal/provsign's tests, with the certificate served on a
// loopback TLS server (provsigntest).
var remoteKeyProviders = map[string]bool{"paypal": true, "sns": true}

// TestEveryProviderThroughCaddy configures the built Caddy with one route
// per provider, as provsign.RouteFor says, and sends each a delivery with
// `hookstile send` (in process): each is forwarded to the verifying
// upstream, and the same delivery signed with other secrets is refused.
func TestEveryProviderThroughCaddy(t *testing.T) {
	up := newUpstream(t, demoSigningKey)
	port := strconv.Itoa(freePort(t))
	base := "http://127.0.0.1:" + port
	type route struct {
		name string
		in   provsign.Input
	}
	var routes []route
	var handlers []interface{}
	for _, name := range core.Providers() {
		if remoteKeyProviders[name] {
			continue
		}
		in, err := provsign.Example(name)
		if err != nil {
			t.Fatal(err)
		}
		in.URL = base + "/hooks/" + name
		rt, err := provsign.RouteFor(name, in)
		if err != nil {
			t.Fatal(err)
		}
		routes = append(routes, route{name, in})
		handlers = append(handlers, map[string]interface{}{
			"match": []interface{}{map[string]interface{}{"path": []string{"/hooks/" + name}}},
			"handle": []interface{}{
				map[string]interface{}{"handler": "hookstile", "provider": name, "secrets": rt.Secrets, "options": rt.Options,
					"sign_keys": []string{demoSigningKey}},
				map[string]interface{}{"handler": "reverse_proxy", "upstreams": []interface{}{map[string]string{"dial": up.addr()}}},
			},
			"terminal": true,
		})
	}
	cfg := map[string]interface{}{
		"admin": map[string]interface{}{"disabled": true, "config": map[string]bool{"persist": false}},
		"apps": map[string]interface{}{"http": map[string]interface{}{"servers": map[string]interface{}{"hooks": map[string]interface{}{
			"listen": []string{"127.0.0.1:" + port}, "automatic_https": map[string]bool{"disable": true}, "routes": handlers}}}},
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "providers.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	c := startCaddy(t, path, map[string]string{"HOOKSTILE_PORT": port})
	sendArgs := func(name string, secrets []string, in provsign.Input) []string {
		args := []string{"send", name, "--url", in.URL}
		for _, s := range secrets {
			args = append(args, "--secret", s)
		}
		for k, v := range in.Options {
			args = append(args, "--option", k+"="+v)
		}
		return args
	}
	for _, r := range routes {
		n := up.count()
		var out, errb bytes.Buffer
		if code := cli.Run(sendArgs(r.name, r.in.Secrets, r.in), nil, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "HTTP/1.1 2") {
			t.Errorf("%s: hookstile send exit %d: %s%s", r.name, code, out.String(), errb.String())
			continue
		}
		if up.count() != n+1 {
			t.Errorf("%s: the upstream got %d deliveries, want 1", r.name, up.count()-n)
			continue
		}
		if a := up.last(t); a.err != nil || !strings.HasPrefix(a.event.Type(), r.name+".") {
			t.Errorf("%s: upstream: %v, type %q", r.name, a.err, a.event.Type())
		}
		o, err := provsign.Other(r.name, r.in)
		if err != nil {
			t.Fatal(err)
		}
		other := o.Secrets
		out.Reset()
		errb.Reset()
		if code := cli.Run(sendArgs(r.name, other, r.in), nil, &out, &errb); code != 1 || up.count() != n+1 {
			t.Errorf("%s: other secrets: exit %d, upstream +%d: %s%s", r.name, code, up.count()-n-1, out.String(), errb.String())
		}
	}
	if t.Failed() {
		t.Logf("caddy stderr:\n%s", c.stderr.String())
	}
	t.Logf("%d providers through Caddy (%d with remote certificates verified in process only)", len(routes), len(remoteKeyProviders))
}
