package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2/caddyconfig"
)

// TestCaddyfilesAdapt adapts Caddyfile.example and every examples/caddy
// *.Caddyfile with the hookstile directive, and fails on any warning.
func TestCaddyfilesAdapt(t *testing.T) {
	files, _ := filepath.Glob("*.Caddyfile")
	files = append(files, exampleCaddyfile, "testdata/providers.Caddyfile")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw := readFile(t, f)
			out, warns, err := caddyconfig.GetAdapter("caddyfile").Adapt([]byte(raw), map[string]any{"filename": f})
			if err != nil {
				t.Fatalf("adapt %s: %v", f, err)
			}
			for _, w := range warns {
				t.Errorf("%s:%d: %s", f, w.Line, w.Message)
			}
			// Every hookstile directive of the file becomes one handler.
			want := 0
			for _, line := range strings.Split(raw, "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "hookstile ") {
					want++
				}
			}
			if n := strings.Count(string(out), `"handler":"hookstile"`); n != want || n == 0 {
				t.Errorf("%s adapts to %d hookstile handlers, want %d", f, n, want)
			}
		})
	}
}
