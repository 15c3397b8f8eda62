package traefiktest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/hookstile/hookstile/bench/load"
)

// BenchmarkPluginServeHTTP measures one delivery through the plugin as
// Traefik's loader builds it (interpreted by Yaegi), without the network: a
// signed GitHub delivery with a new delivery id each time, answered 200 by a
// compiled next handler. "next-only" is the same request straight to next.
//
//	go -C traefikplugin/traefiktest test -run '^$' -bench PluginServeHTTP -benchmem .
func BenchmarkPluginServeHTTP(b *testing.B) {
	tr := startTraefik(b, repoRoot(b))
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	d := load.NewDelivery(load.Body(1024))
	for _, tc := range []struct {
		name string
		cfg  map[string]any
	}{
		{"dedup+resign", map[string]any{"provider": "github", "secrets": []any{load.GitHubSecret}, "signKeys": []any{load.SigningKey}}},
		{"verify-only", map[string]any{"provider": "github", "secrets": []any{load.GitHubSecret}, "format": "raw", "dedup": "off"}},
	} {
		tc := tc
		b.Run(tc.name, func(b *testing.B) {
			ctor, err := tr.builder.Build(pluginKey, tc.cfg, "bench@file")
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			h, err := ctor(ctx, next)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, d.RequestID("http://127.0.0.1/hook", "bench-"+strconv.Itoa(i)))
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
	b.Run("next-only", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			w := httptest.NewRecorder()
			next.ServeHTTP(w, d.RequestID("http://127.0.0.1/hook", "bench-"+strconv.Itoa(i)))
		}
	})
}
