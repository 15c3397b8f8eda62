package traefiktest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/internal/provsign"
	"github.com/hookstile/hookstile/internal/provsign/provsigntest"
)

// TestEveryProviderThroughTraefik builds one plugin middleware per provider
// with Traefik's plugin builder (the plugin interpreted by Yaegi), each
// configured as provsign.RouteFor says, and sends each a delivery with
// `hookstile send`: every one reaches the verifying upstream; signed with
// other secrets, none does. PayPal's and SNS's certificates are served by
// provsigntest (the interpreted plugin fetches them through the host's
// http.DefaultTransport).
func TestEveryProviderThroughTraefik(t *testing.T) {
	root := repoRoot(t)
	setSecrets(t)
	up := newUpstream(t)
	tr := startTraefik(t, root)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	mux := http.NewServeMux()
	front := httptest.NewServer(mux)
	t.Cleanup(front.Close)
	type route struct {
		name string
		in   provsign.Input
		rt   *provsign.Route
	}
	var routes []route
	var remote []*provsign.Route
	for _, name := range core.Providers() {
		in, err := provsign.Example(name)
		if err != nil {
			t.Fatal(err)
		}
		in.URL = front.URL + "/hooks/" + name
		rt, err := provsign.RouteFor(name, in)
		if err != nil {
			t.Fatal(err)
		}
		if rt.RemoteURL != "" {
			remote = append(remote, rt)
		}
		raw := map[string]interface{}{"provider": name, "signKeys": []interface{}{signingKey}}
		var secrets []interface{}
		for _, s := range rt.Secrets {
			secrets = append(secrets, s)
		}
		if len(secrets) > 0 {
			raw["secrets"] = secrets
		}
		if len(rt.Options) > 0 {
			opts := map[string]interface{}{}
			for k, v := range rt.Options {
				opts[k] = v
			}
			raw["options"] = opts
		}
		ctor, err := tr.builder.Build(pluginKey, raw, name+"-hooks@file")
		if err != nil {
			t.Fatalf("%s: Build: %v", name, err)
		}
		h, err := ctor(ctx, up.proxy(t))
		if err != nil {
			t.Fatalf("%s: New: %v", name, err)
		}
		mux.Handle("/hooks/"+name, h)
		routes = append(routes, route{name, in, rt})
	}
	host := provsigntest.Serve(t, remote...)
	for _, r := range routes {
		path := "/hooks/" + r.name
		send := func(secrets []string) []string {
			args := []string{"send", r.name, "--url", r.in.URL}
			for _, s := range secrets {
				args = append(args, "--secret", s)
			}
			for k, v := range r.in.Options {
				args = append(args, "--option", k+"="+v)
			}
			return args
		}
		code, out, stderr := hookstile("", send(r.in.Secrets)...)
		if code != 0 || !strings.HasPrefix(out, "HTTP/1.1 2") || up.count(path) != 1 {
			t.Errorf("%s: hookstile send exit %d, upstream %d: %s%s", r.name, code, up.count(path), out, stderr)
			continue
		}
		if code, out, stderr := hookstile("", send(otherSecrets(t, r.name, r.in))...); code != 1 || up.count(path) != 1 {
			t.Errorf("%s: other secret: exit %d, upstream %d: %s%s", r.name, code, up.count(path), out, stderr)
		}
	}
	if host.Hits() == 0 {
		t.Error("no certificate was fetched from the loopback key host")
	}
	up.check(t)
	noSecrets(t, "Traefik's log", tr.logs.String())
}

// otherSecrets are secrets of the same form as in's that are not in's.
func otherSecrets(t *testing.T, provider string, in provsign.Input) []string {
	t.Helper()
	o, err := provsign.Other(provider, in)
	if err != nil {
		t.Fatal(err)
	}
	return o.Secrets
}
