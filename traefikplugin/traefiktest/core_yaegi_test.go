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
)

// TestCoreUnderYaegi interprets package core together with its own unit tests
// in Yaegi v0.16.1 (the interpreter Traefik v3.7 bundles) and runs every
// Test function there, as `yaegi test` would. Any construct Yaegi cannot
// run, in core or in its tests, fails here.
func TestCoreUnderYaegi(t *testing.T) {
	syms, done := interpretCore(t)
	defer done()
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
	if len(names) < 10 {
		t.Fatalf("only %d core tests found under Yaegi: %v", len(names), names)
	}
	for _, name := range names {
		fn := tests[name]
		t.Run(name, fn)
	}
}

// interpretCore interprets package core with its tests in Yaegi, from the
// package directory (the tests read testdata/), and returns its symbols;
// done restores the working directory.
func interpretCore(t testing.TB) (map[string]reflect.Value, func()) {
	t.Helper()
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
	const pkg = "github.com/hookstile/hookstile/core"

	// The tests read testdata/ relative to the package directory.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(filepath.Join(root, "core")); err != nil {
		t.Fatal(err)
	}
	done := func() { os.Chdir(wd) }

	i := interp.New(interp.Options{GoPath: gopath, BuildTags: []string{"yaegi"}})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if err := i.Use(interp.Symbols); err != nil {
		t.Fatal(err)
	}
	if err := i.EvalTest(pkg); err != nil {
		done()
		t.Fatalf("Yaegi cannot interpret core and its tests: %v", err)
	}
	syms, ok := i.Symbols(pkg)[pkg]
	if !ok {
		done()
		t.Fatal("no symbols for core under Yaegi")
	}
	return syms, done
}
