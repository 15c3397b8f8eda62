package traefiktest

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// BenchmarkCoreUnderYaegi runs core's own benchmarks interpreted by Yaegi
// v0.16.1, as the Traefik plugin runs core, so a change to core's hot path
// can be measured interpreted without Traefik or the network. Which of
// core's benchmarks run is a regexp in HOOKSTILE_YAEGI_BENCH (default
// FullPath/github/body-hex/1KiB's family: "FullPath|FloorHMAC"):
//
//	HOOKSTILE_YAEGI_BENCH='FullPath' go -C traefikplugin/traefiktest test -run '^$' -bench CoreUnderYaegi -benchmem -benchtime 500x .
func BenchmarkCoreUnderYaegi(b *testing.B) {
	pattern := os.Getenv("HOOKSTILE_YAEGI_BENCH")
	if pattern == "" {
		pattern = "FullPath|FloorHMAC"
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		b.Fatal(err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		b.Fatal(err)
	}
	gopath := b.TempDir()
	link := filepath.Join(gopath, "src", "github.com", "hookstile", "hookstile")
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.Symlink(root, link); err != nil {
		b.Fatal(err)
	}
	const pkg = "github.com/hookstile/hookstile/core"
	wd, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	if err := os.Chdir(filepath.Join(root, "core")); err != nil {
		b.Fatal(err)
	}
	defer os.Chdir(wd)
	i := interp.New(interp.Options{GoPath: gopath, BuildTags: []string{"yaegi"}})
	if err := i.Use(stdlib.Symbols); err != nil {
		b.Fatal(err)
	}
	if err := i.Use(interp.Symbols); err != nil {
		b.Fatal(err)
	}
	if err := i.EvalTest(pkg); err != nil {
		b.Fatalf("Yaegi cannot interpret core and its tests: %v", err)
	}
	var names []string
	benches := map[string]func(*testing.B){}
	for name, sym := range i.Symbols(pkg)[pkg] {
		if !strings.HasPrefix(name, "Benchmark") || !re.MatchString(strings.TrimPrefix(name, "Benchmark")) {
			continue
		}
		if fn, ok := sym.Interface().(func(*testing.B)); ok {
			names = append(names, name)
			benches[name] = fn
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		b.Fatalf("no core benchmark matches %q under Yaegi", pattern)
	}
	for _, name := range names {
		b.Run(strings.TrimPrefix(name, "Benchmark"), benches[name])
	}
}
