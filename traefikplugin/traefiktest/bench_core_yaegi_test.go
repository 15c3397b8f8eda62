package traefiktest

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
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
	syms, done := interpretCore(b)
	defer done()
	var names []string
	benches := map[string]func(*testing.B){}
	for name, sym := range syms {
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
