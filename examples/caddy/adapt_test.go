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
			want := 3
			if f == queueCaddyfile {
				want = 1 // one Dropbox route in queue mode
			}
			if n := strings.Count(string(out), `"handler":"hookstile"`); n < want {
				t.Errorf("%s adapts to %d hookstile handlers, want at least %d", f, n, want)
			}
		})
	}
}
