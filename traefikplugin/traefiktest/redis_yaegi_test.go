package traefiktest

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"
)

// TestRESPUnderYaegi interprets the Redis client (package resp) with its
// own tests, against a real redis-server, in Yaegi v0.16.1: the plugin
// imports it, and go-redis is exactly what Yaegi cannot run.
func TestRESPUnderYaegi(t *testing.T) {
	interpretTests(t, "resp", 10)
}

// TestRedisStoreUnderYaegi does the same for the Redis core.Store and the
// Store contract suite it runs.
func TestRedisStoreUnderYaegi(t *testing.T) {
	interpretTests(t, "redisstore", 4)
}

// TestStoreContractUnderYaegi holds core's memory store, as the plugin runs
// it, to the same Store contract as the Redis one.
func TestStoreContractUnderYaegi(t *testing.T) {
	interpretTests(t, "internal/storetest", 1)
}

// interpretTests interprets the package in dir (relative to the repository
// root) together with its unit tests and runs every Test function there, as
// `yaegi test` would.
func interpretTests(t *testing.T, dir string, atLeast int) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	gopath := t.TempDir()
	link := filepath.Join(gopath, "src", "github.com", "hookstile", "hookstile")
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, link); err != nil {
		t.Fatal(err)
	}
	pkg := "github.com/hookstile/hookstile/" + dir
	t.Chdir(filepath.Join(root, filepath.FromSlash(dir)))

	i := interp.New(interp.Options{GoPath: gopath, BuildTags: []string{"yaegi"}})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if err := i.Use(interp.Symbols); err != nil {
		t.Fatal(err)
	}
	// os/exec, for the tests' own redis-server (internal/redistest); the
	// packages under test do not use it, and Traefik does not offer it.
	if err := i.Use(unrestricted.Symbols); err != nil {
		t.Fatal(err)
	}
	if err := i.EvalTest(pkg); err != nil {
		t.Fatalf("Yaegi cannot interpret %s and its tests: %v", dir, err)
	}
	syms, ok := i.Symbols(pkg)[pkg]
	if !ok {
		t.Fatalf("no symbols for %s under Yaegi", dir)
	}
	var names []string
	tests := map[string]func(*testing.T){}
	for name, sym := range syms {
		if !strings.HasPrefix(name, "Test") {
			continue
		}
		if fn, ok := sym.Interface().(func(*testing.T)); ok {
			names = append(names, name)
			tests[name] = fn
		} else if sym.Kind() == reflect.Func {
			t.Errorf("%s is not a func(*testing.T) under Yaegi", name)
		}
	}
	sort.Strings(names)
	if len(names) < atLeast {
		t.Fatalf("only %d %s tests found under Yaegi: %v", len(names), dir, names)
	}
	for _, name := range names {
		t.Run(name, tests[name])
	}
}
