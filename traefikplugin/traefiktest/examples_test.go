package traefiktest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	pflag "github.com/traefik/paerser/flag"
	"github.com/traefik/traefik/v3/pkg/config/dynamic"
	"github.com/traefik/traefik/v3/pkg/config/label"
	"golang.org/x/mod/modfile"
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

// composeFile is what TestDockerCompose reads of
// examples/traefik/docker-compose.yml.
type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		WorkingDir  string            `yaml:"working_dir"`
		Command     []string          `yaml:"command"`
		Environment map[string]string `yaml:"environment"`
		Ports       []string          `yaml:"ports"`
		Volumes     []string          `yaml:"volumes"`
		Labels      []string          `yaml:"labels"`
	} `yaml:"services"`
}

var composeDefault = regexp.MustCompile(`\$\{([A-Z0-9_]+):-([^}]*)\}`)

// interpolate does what docker compose does to ${NAME:-default} when NAME
// is not set.
func interpolate(s string) string { return composeDefault.ReplaceAllString(s, "$2") }

// TestDockerCompose checks examples/traefik/docker-compose.yml as far as
// Docker's absence allows: the Traefik command line decoded by Traefik's
// flag parser (a local plugin, no catalog version), the image pinned to the
// Traefik version whose loader these tests use, the checkout mounted where
// Traefik looks for local plugins, unprivileged loopback ports, and the
// receiver's labels decoded by Traefik's label parser (as the Docker
// provider does). It then serves that configuration through the plugin and
// runs the docs' walk-through: Dropbox's challenge and a notification
// (send-dropbox.sh), a Box delivery (send-box.sh) and a Dropbox Sign
// callback (send-dropbox-sign.sh).
func TestDockerCompose(t *testing.T) {
	root := repoRoot(t)
	var compose composeFile
	readYAML(t, examplePath(root, "docker-compose.yml"), &compose)
	tsvc, ok := compose.Services["traefik"]
	if !ok {
		t.Fatal("docker-compose.yml: no traefik service")
	}
	args := make([]string, len(tsvc.Command))
	for i, a := range tsvc.Command {
		args[i] = interpolate(a)
	}
	var static staticConfig
	if err := pflag.Decode(args, &static); err != nil {
		t.Fatalf("traefik command line: %v", err)
	}
	if static.Providers == nil || static.Providers.Docker == nil || static.Providers.Docker.ExposedByDefault {
		t.Error("docker-compose.yml: the Docker provider is not enabled with exposedByDefault=false")
	}
	if static.Experimental == nil || len(static.Experimental.Plugins) != 0 || static.Experimental.LocalPlugins[pluginKey].ModuleName != moduleName {
		t.Fatalf("docker-compose.yml: want hookstile as the only, local plugin: %+v", static.Experimental)
	}
	if !static.Experimental.AbortOnPluginFailure {
		t.Error("docker-compose.yml: set experimental.abortOnPluginFailure")
	}

	// The image is the Traefik whose loader and decoders these tests use.
	var loader string
	mf, err := modfile.Parse("go.mod", readFile(t, filepath.Join(root, "traefikplugin", "traefiktest", "go.mod")), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range mf.Require {
		if r.Mod.Path == "github.com/traefik/traefik/v3" {
			loader = r.Mod.Version
		}
	}
	if loader == "" || tsvc.Image != "traefik:"+loader {
		t.Errorf("docker-compose.yml: image %q, want traefik:%s (the version of this module's Traefik loader)", tsvc.Image, loader)
	}

	// The checkout is mounted at <working dir>/plugins-local/src/<module>.
	want := path.Join(tsvc.WorkingDir, "plugins-local", "src", moduleName)
	mounted := false
	for _, v := range tsvc.Volumes {
		parts := strings.Split(v, ":")
		if len(parts) < 2 || parts[1] != want {
			continue
		}
		host := filepath.Join(root, "examples", "traefik", filepath.FromSlash(parts[0]))
		if _, err := os.Stat(filepath.Join(host, ".traefik.yml")); err != nil {
			t.Errorf("docker-compose.yml: %s is mounted at %s but is not the checkout: %v", parts[0], want, err)
		}
		mounted = true
	}
	if tsvc.WorkingDir == "" || !mounted {
		t.Errorf("docker-compose.yml: the checkout is not mounted at %s (working_dir %q, volumes %v)", want, tsvc.WorkingDir, tsvc.Volumes)
	}

	// Unprivileged ports, published on loopback, the entry point's port.
	_, epPort, _ := strings.Cut(static.EntryPoints["web"].Address, ":")
	for _, p := range tsvc.Ports {
		parts := strings.Split(p, ":")
		if len(parts) != 3 || parts[0] != "127.0.0.1" || parts[2] != epPort {
			t.Errorf("docker-compose.yml: port %q: want 127.0.0.1:<port>:%s", p, epPort)
			continue
		}
		for _, n := range parts[1:] {
			if v, err := strconv.Atoi(n); err != nil || v < 1024 {
				t.Errorf("docker-compose.yml: port %q is privileged", p)
			}
		}
	}
	if len(tsvc.Ports) == 0 {
		t.Error("docker-compose.yml: Traefik publishes no port")
	}

	rsvc, ok := compose.Services["receiver"]
	if !ok {
		t.Fatal("docker-compose.yml: no receiver service")
	}
	labels := map[string]string{}
	for _, l := range rsvc.Labels {
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
	// The demo defaults are Caddyfile.example's, so its send scripts work unchanged.
	for name, def := range map[string]string{"DROPBOX_APP_SECRET": "dropbox-demo-app-secret", "BOX_PRIMARY_KEY": "box-demo-primary-key", "DROPBOX_SIGN_API_KEY": "dropbox-sign-demo-api-key"} {
		if got := interpolate(tsvc.Environment[name]); got != def {
			t.Errorf("docker-compose.yml: %s defaults to %q, want the demo's %q", name, got, def)
		}
	}
	if interpolate(tsvc.Environment["HOOKSTILE_SIGNING_KEY"]) != interpolate(rsvc.Environment["HOOKSTILE_SIGNING_KEY"]) {
		t.Error("docker-compose.yml: Traefik signs with another key than the receiver verifies")
	}
	// The Docker provider fills the service's server from the container; the
	// test's verifying upstream stands in for the receiver.
	if _, ok := cfg.HTTP.Services["receiver"]; !ok {
		t.Fatalf("labels define no receiver service: %v", cfg.HTTP.Services)
	}
	s := serveConfig(t, root, cfg)
	s.dropboxRoundTrip(t)

	// The walk-through's commands, as a user runs them against Traefik.
	run := func(script, path string) string {
		cmd := exec.Command("sh", filepath.Join(root, "examples", "caddy", script))
		cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "URL=" + s.url + path,
			"DROPBOX_APP_SECRET=" + env("DROPBOX_APP_SECRET"), "BOX_PRIMARY_KEY=" + env("BOX_PRIMARY_KEY"),
			"DROPBOX_SIGN_API_KEY=" + env("DROPBOX_SIGN_API_KEY")}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", script, err, out)
		}
		return string(out)
	}
	n := s.up.count("/hooks/box")
	if out := run("send-dropbox.sh", "/hooks/dropbox"); out != "hello-hookstile\n200\n" {
		t.Errorf("send-dropbox.sh through Traefik printed %q, want the challenge then the upstream's 200", out)
	}
	if out := run("send-box.sh", "/hooks/box"); out != "200\n" || s.up.count("/hooks/box") != n+1 {
		t.Errorf("send-box.sh through Traefik printed %q (upstream got %d), want 200 and one forwarded delivery", out, s.up.count("/hooks/box")-n)
	}
	if ce := parseCloudEvent(t, s.up.last(t, "/hooks/box")); ce.Type != "box.FILE.UPLOADED" {
		t.Errorf("Box CloudEvent: %+v", ce)
	}
	if out := run("send-dropbox-sign.sh", "/hooks/dropbox-sign"); out != "Hello API Event Received\n200\n" || s.up.count("/hooks/dropbox-sign") != 1 {
		t.Errorf("send-dropbox-sign.sh through Traefik printed %q (upstream got %d), want the acknowledgement and one forwarded delivery", out, s.up.count("/hooks/dropbox-sign"))
	}
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
