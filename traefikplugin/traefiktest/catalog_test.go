package traefiktest

import (
	"context"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/traefik/traefik/v3/pkg/plugins"
	"golang.org/x/mod/modfile"
)

// TestCatalogAnalyzer checks what the Traefik plugin catalog checks before it
// lists a plugin: a go.mod free of Yaegi and Traefik, a complete manifest whose
// import is inside the module, and CreateConfig + testData + New succeeding
// under Yaegi within 10 seconds. The testData must also be realistic: a
// delivery signed with its secret is verified and forwarded.
func TestCatalogAnalyzer(t *testing.T) {
	root := repoRoot(t)

	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mf, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if mf.Module.Mod.Path != moduleName {
		t.Fatalf("root module is %q, want %q", mf.Module.Mod.Path, moduleName)
	}
	for _, r := range mf.Require {
		if strings.HasPrefix(r.Mod.Path, "github.com/traefik/yaegi") || strings.HasPrefix(r.Mod.Path, "github.com/traefik/traefik") {
			t.Errorf("root go.mod requires %s: the catalog rejects plugins that do", r.Mod.Path)
		}
	}

	start := time.Now()
	tr := startTraefik(t, root) // SetupLocalPlugins checks the manifest; NewBuilder interprets
	m, err := plugins.ReadManifest("./plugins-local/", moduleName)
	if err != nil {
		t.Fatal(err)
	}
	if m.DisplayName == "" || m.Summary == "" || m.Type != "middleware" || (m.Runtime != "" && m.Runtime != "yaegi") {
		t.Errorf("manifest: %+v", m)
	}
	if m.Import != moduleName+"/traefikplugin" || !strings.HasPrefix(m.Import, moduleName) {
		t.Errorf("manifest import %q", m.Import)
	}
	if len(m.TestData) == 0 {
		t.Fatal("manifest has no testData")
	}
	// basePkg must be the package clause of the imported package.
	base := m.BasePkg
	if base == "" {
		base = strings.ReplaceAll(path.Base(m.Import), "-", "_")
	}
	pkgs, err := parser.ParseDir(token.NewFileSet(), filepath.Join(root, "traefikplugin"), func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := pkgs[base]; !ok || len(pkgs) != 1 {
		t.Errorf("package clause of %s is not %q: %v", m.Import, base, pkgs)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	up := newUpstream(t)
	ctor, err := tr.builder.Build(pluginKey, m.TestData, "catalog-test@file")
	if err != nil {
		t.Fatalf("CreateConfig + testData: %v", err)
	}
	h, err := ctor(ctx, up.proxy(t))
	if err != nil {
		t.Fatalf("New with testData: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("loading with testData took %v, the catalog allows 10s", d)
	}

	// The testData configures GitHub; sign a ping with its (fake) secret.
	provider, _ := m.TestData["provider"].(string)
	secrets, _ := m.TestData["secrets"].([]any)
	if provider != "github" || len(secrets) == 0 {
		t.Fatalf("testData: provider %q, secrets %v", provider, secrets)
	}
	secret, _ := secrets[0].(string)
	if !strings.Contains(secret, "fake") {
		t.Errorf("testData secret should be obviously fake")
	}
	front := httptest.NewServer(h)
	defer front.Close()
	body := `{"zen":"Keep it logically awesome.","hook_id":12345678,"hook":{"type":"Repository","id":12345678,"events":["push"]}}`
	a := send(t, newRequest(t, "POST", front.URL+"/", "application/json", []byte(body), map[string]string{
		"X-GitHub-Event":      "ping",
		"X-GitHub-Delivery":   "d2a1e3c0-0c1f-11ef-9e4f-1f1b8b0c3a55",
		"X-Hub-Signature-256": "sha256=" + hmacHex(secret, body),
	}))
	if a.Status != http.StatusOK || up.count("/") != 1 {
		t.Fatalf("ping signed with the testData secret: %d %q", a.Status, a.Body)
	}
	up.check(t)
}

// TestBrokenPluginFailsLoudly shows that the harness turns a broken plugin
// into an error, where Traefik (abortOnPluginFailure: false) would only log
// it and answer 404 on the route.
func TestBrokenPluginFailsLoudly(t *testing.T) {
	root := repoRoot(t)
	setSecrets(t)

	// A copy of the plugin whose New does not exist.
	broken := t.TempDir()
	for _, f := range []string{".traefik.yml", "go.mod"} {
		copyFile(t, filepath.Join(root, f), filepath.Join(broken, f))
	}
	// Every package the plugin imports (the Redis client and store too).
	for _, dir := range []string{"core", "traefikplugin", "resp", "redisstore", "queue"} {
		entries, err := os.ReadDir(filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
				copyFile(t, filepath.Join(root, dir, e.Name()), filepath.Join(broken, dir, e.Name()))
			}
		}
	}
	src := filepath.Join(broken, "traefikplugin", "plugin.go")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), "func New(", "func NewRenamed(", 1))
	if err := os.WriteFile(src, b, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "plugins-local", "src", filepath.FromSlash(moduleName))
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(broken, link); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	local := map[string]plugins.LocalDescriptor{pluginKey: {ModuleName: moduleName}}
	if err := plugins.SetupLocalPlugins(local); err != nil {
		t.Fatal(err)
	}
	if _, err := plugins.NewBuilder(nil, nil, local); err == nil || !strings.Contains(err.Error(), "New") {
		t.Fatalf("a plugin without New loaded: %v", err)
	}

	// The real plugin with configurations New must refuse.
	tr := startTraefik(t, root)
	for _, tc := range []struct {
		desc string
		conf map[string]any
		want string
	}{
		{"unknown provider", map[string]any{"provider": "dropbx", "secrets": []any{"x"}}, "provider"},
		{"misspelled secrets key", map[string]any{"provider": "github", "secret": "x"}, "secrets"},
		{"unset environment variable", map[string]any{"provider": "github", "secrets": "env:HOOKSTILE_NOT_SET"}, "HOOKSTILE_NOT_SET"},
		{"missing secret file", map[string]any{"provider": "github", "secrets": "file:/nonexistent/secret"}, "secrets[0]"},
		{"bad duration", map[string]any{"provider": "github", "secrets": "x", "tolerance": "5 minutes"}, "tolerance"},
		{"bad size", map[string]any{"provider": "github", "secrets": "x", "maxBody": "lots"}, "maxBody"},
		{"bad format", map[string]any{"provider": "github", "secrets": "x", "format": "xml"}, "format"},
		{"generic without header", map[string]any{"provider": "generic", "secrets": "x"}, "header"},
		{"conflicting generic field", map[string]any{"provider": "generic", "secrets": "x", "header": "X-A", "options": map[string]any{"header": "X-B"}}, "header"},
	} {
		ctor, err := tr.builder.Build(pluginKey, tc.conf, "broken@file")
		if err == nil {
			_, err = ctor(context.Background(), http.NotFoundHandler())
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one naming %q", tc.desc, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "HOOKSTILE_NOT_SET=") {
			t.Errorf("%s: error leaks a value: %v", tc.desc, err)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
