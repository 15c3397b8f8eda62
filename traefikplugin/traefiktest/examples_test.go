package traefiktest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	pflag "github.com/traefik/paerser/flag"
	"github.com/traefik/traefik/v3/pkg/config/dynamic"
	"github.com/traefik/traefik/v3/pkg/config/label"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"gopkg.in/yaml.v3"
)

func examplePath(root, name string) string {
	return filepath.Join(root, "examples", "traefik", name)
}

// checkCatalogPlugin checks an experimental.plugins entry the way Traefik's
// SetupRemotePlugins does, and that it names this module.
func checkCatalogPlugin(t *testing.T, where string, c *staticConfig) {
	t.Helper()
	if c.Experimental == nil {
		t.Fatalf("%s: no experimental section", where)
	}
	d, ok := c.Experimental.Plugins[pluginKey]
	if !ok || len(c.Experimental.Plugins) != 1 {
		t.Fatalf("%s: experimental.plugins: %v", where, c.Experimental.Plugins)
	}
	if err := module.CheckPath(d.ModuleName); err != nil || d.ModuleName != moduleName {
		t.Errorf("%s: moduleName %q: %v", where, d.ModuleName, err)
	}
	if !semver.IsValid(d.Version) {
		t.Errorf("%s: version %q is not a semver tag", where, d.Version)
	}
}

// TestStaticExamples decodes both static configurations with Traefik's
// decoder and checks the plugin entries.
func TestStaticExamples(t *testing.T) {
	root := repoRoot(t)
	c := readStatic(t, examplePath(root, "traefik.yml"))
	checkCatalogPlugin(t, "traefik.yml", c)
	if len(c.Experimental.LocalPlugins) != 0 {
		t.Error("traefik.yml: a plugin may not be both local and from the catalog")
	}
	local := readStatic(t, examplePath(root, "traefik-local.yml"))
	if len(local.Experimental.Plugins) != 0 || local.Experimental.LocalPlugins[pluginKey].ModuleName != moduleName {
		t.Errorf("traefik-local.yml: %+v", local.Experimental)
	}
	for _, sc := range []*staticConfig{c, local} {
		ep := sc.EntryPoints["web"]
		if ep == nil || ep.Transport == nil || ep.Transport.RespondingTimeouts == nil || ep.Transport.RespondingTimeouts.ReadTimeout == "" {
			t.Error("static configuration should bound how long a sender may take (respondingTimeouts.readTimeout)")
		}
		if !sc.Experimental.AbortOnPluginFailure {
			t.Error("static configuration should set experimental.abortOnPluginFailure")
		}
		if sc.Providers == nil || sc.Providers.File == nil || sc.Providers.File.Filename == "" || sc.EntryPoints["web"] == nil {
			t.Errorf("static configuration lacks the web entry point or the file provider")
		}
	}
	// Loading with traefik-local.yml is what every other test does.
}

// TestDynamicTOML checks that dynamic.toml is the same configuration as
// dynamic.yml once Traefik's file provider decoded both, and serves it.
func TestDynamicTOML(t *testing.T) {
	root := repoRoot(t)
	y := readDynamic(t, examplePath(root, "dynamic.yml"))
	tm := readDynamic(t, examplePath(root, "dynamic.toml"))
	if !reflect.DeepEqual(y.HTTP, tm.HTTP) {
		t.Fatalf("dynamic.toml differs from dynamic.yml:\nyaml: %#v\ntoml: %#v", y.HTTP.Middlewares, tm.HTTP.Middlewares)
	}
	s := serveConfig(t, root, tm)
	s.dropboxRoundTrip(t)
}

// TestDockerLabels decodes the labels of examples/traefik/docker-compose.yml
// with Traefik's label parser (as the Docker provider does) and the Traefik
// command line with Traefik's flag parser, then serves the result.
func TestDockerLabels(t *testing.T) {
	root := repoRoot(t)
	var compose struct {
		Services map[string]struct {
			Command     []string          `yaml:"command"`
			Environment map[string]string `yaml:"environment"`
			Labels      []string          `yaml:"labels"`
		} `yaml:"services"`
	}
	readYAML(t, examplePath(root, "docker-compose.yml"), &compose)
	tsvc, ok := compose.Services["traefik"]
	if !ok {
		t.Fatal("docker-compose.yml: no traefik service")
	}
	var static staticConfig
	if err := pflag.Decode(tsvc.Command, &static); err != nil {
		t.Fatalf("traefik command line: %v", err)
	}
	checkCatalogPlugin(t, "docker-compose.yml", &static)
	if static.Providers == nil || static.Providers.Docker == nil {
		t.Error("docker-compose.yml: the Docker provider is not enabled")
	}

	app, ok := compose.Services["app"]
	if !ok {
		t.Fatal("docker-compose.yml: no app service")
	}
	labels := map[string]string{}
	for _, l := range app.Labels {
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			t.Fatalf("label %q is not key=value", l)
		}
		labels[k] = v
	}
	cfg, err := label.DecodeConfiguration(labels)
	if err != nil {
		t.Fatalf("label.DecodeConfiguration: %v", err)
	}
	// Secrets are resolved by Traefik (env:NAME), so they must be in its environment.
	for _, v := range labels {
		for _, m := range regexp.MustCompile(`env:([A-Z0-9_]+)`).FindAllStringSubmatch(v, -1) {
			if _, ok := tsvc.Environment[m[1]]; !ok {
				t.Errorf("docker-compose.yml: %s is used by a label but not in the traefik service's environment", m[1])
			}
		}
	}
	// The Docker provider fills the service's server from the container; a
	// file-provider-like service stands in for it here.
	if cfg.HTTP.Services == nil {
		cfg.HTTP.Services = map[string]*dynamic.Service{}
	}
	if _, ok := cfg.HTTP.Services["app"]; !ok {
		t.Fatalf("labels define no app service: %v", cfg.HTTP.Services)
	}
	s := serveConfig(t, root, cfg)
	s.dropboxRoundTrip(t)
}

// TestExampleEnvironment checks that every env:NAME of the example dynamic
// configuration is one the tests provide, so no route is left untested.
func TestExampleEnvironment(t *testing.T) {
	root := repoRoot(t)
	cfg := readDynamic(t, examplePath(root, "dynamic.yml"))
	var names []string
	for name, mw := range cfg.HTTP.Middlewares {
		names = append(names, name)
		for _, raw := range mw.Plugin {
			for _, key := range []string{"secrets", "signKeys"} {
				list, _ := raw[key].([]any)
				if len(list) == 0 && key == "secrets" {
					t.Errorf("%s: no secrets", name)
				}
				for _, v := range list {
					s, _ := v.(string)
					if !strings.HasPrefix(s, "env:") {
						t.Errorf("%s: %s value %q is not env:NAME", name, key, s)
						continue
					}
					n := strings.TrimPrefix(s, "env:")
					if _, ok := providerSecrets[n]; !ok && n != "HOOKSTILE_SIGNING_KEY" {
						t.Errorf("%s: %s is not provided by the tests", name, n)
					}
				}
			}
		}
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "box-hooks,dropbox-hooks,github-hooks" {
		t.Errorf("middlewares %v: update the provider tests", names)
	}
}

// serveConfig serves cfg's routes through the plugin in front of a
// verifying upstream.
func serveConfig(t *testing.T, root string, cfg *dynamic.Configuration) *site {
	t.Helper()
	setSecrets(t)
	up := newUpstream(t)
	tr := startTraefik(t, root)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	mux := http.NewServeMux()
	tr.routes(t, cfg, ctx, up.proxy(t), mux)
	front := httptest.NewServer(mux)
	t.Cleanup(front.Close)
	t.Cleanup(func() { up.check(t) })
	return &site{tr: tr, up: up, url: front.URL}
}

// dropboxRoundTrip answers a challenge and forwards a signed notification.
func (s *site) dropboxRoundTrip(t *testing.T) {
	t.Helper()
	const path = "/hooks/dropbox"
	a := send(t, newRequest(t, "GET", s.url+path+"?challenge=Zm9vYmFy", "", nil, nil))
	if a.Status != 200 || a.Body != "Zm9vYmFy" {
		t.Fatalf("challenge: %d %q", a.Status, a.Body)
	}
	body := `{"list_folder":{"accounts":["dbid:AABBCC"]},"delta":{"users":[42]}}`
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), map[string]string{"X-Dropbox-Signature": hmacHex(env("DROPBOX_APP_SECRET"), body)}))
	if a.Status != 200 {
		t.Fatalf("notification: %d %q", a.Status, a.Body)
	}
	ce := parseCloudEvent(t, s.up.last(t, path))
	if ce.Type != "dropbox.notification" || !jsonEqual(t, ce.Data, []byte(body)) {
		t.Errorf("CloudEvent: %+v", ce)
	}
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), map[string]string{"X-Dropbox-Signature": hmacHex("forged", body)}))
	if a.Status != 401 || s.up.count(path) != 1 {
		t.Fatalf("forged: %d, upstream %d", a.Status, s.up.count(path))
	}
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	b := readFile(t, path)
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
