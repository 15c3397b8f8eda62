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
	runUnderYaegi(t, "core", 10)
}

// runUnderYaegi interprets the package in directory dir of the repository
// with its tests and runs every Test function (at least min of them).
func runUnderYaegi(t *testing.T, dir string, min int) {
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

	// The tests read testdata/ relative to the package directory.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(filepath.Join(root, dir)); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)

	i := interp.New(interp.Options{GoPath: gopath, BuildTags: []string{"yaegi"}})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if err := i.Use(interp.Symbols); err != nil {
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
	if len(names) < min {
		t.Fatalf("only %d %s tests found under Yaegi: %v", len(names), dir, names)
	}
	for _, name := range names {
		fn := tests[name]
		t.Run(name, fn)
	}
}
