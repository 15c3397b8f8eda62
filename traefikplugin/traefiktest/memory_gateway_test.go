package traefiktest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookstile/hookstile/reliability"
)

// TestTraefikDeclaredBodyMemory: 200 connections that declare 1 MiB bodies
// and send a few bytes must not pin 200 MiB of the gateway's heap (the
// plugin, interpreted by Yaegi, reads the body).
func TestTraefikDeclaredBodyMemory(t *testing.T) {
	tr := startTraefik(t, repoRoot(t))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var reached atomic.Int32
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached.Add(1) })
	ctor, err := tr.builder.Build(pluginKey, map[string]any{
		"provider": "github",
		"secrets":  []any{reliability.GitHubSecret},
		"signKeys": []any{reliability.SigningKey},
		"maxBody":  strconv.Itoa(reliability.BigMaxBody),
	}, "big@file")
	if err != nil {
		t.Fatalf("Build: %v\n%s", err, tr.logs.String())
	}
	h, err := ctor(ctx, next)
	if err != nil {
		t.Fatalf("New: %v\n%s", err, tr.logs.String())
	}
	mux := http.NewServeMux()
	mux.Handle(reliability.BigBodyPath, h)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewUnstartedServer(mux)
	front.Listener.Close()
	front.Listener = l
	front.Config.ReadTimeout = reliability.SlowReadTimeout
	front.Config.ReadHeaderTimeout = 5 * time.Second
	front.Start()
	t.Cleanup(front.Close)

	const n = 200
	addr := strings.TrimPrefix(front.URL, "http://")
	grew := reliability.HeapFromDeclaredBodies(t, addr, reliability.BigBodyPath, n, reliability.BigMaxBody)
	t.Logf("Traefik plugin: %d idle connections declaring %d bytes grew the heap by %d KiB (%d bytes each)", n, reliability.BigMaxBody, grew>>10, grew/n)
	if grew > n*reliability.MaxHeapPerIdleBody {
		t.Errorf("heap grew by %d KiB for %d connections declaring 1 MiB: want at most %d KiB", grew>>10, n, n*reliability.MaxHeapPerIdleBody>>10)
	}
	if reached.Load() != 0 {
		t.Errorf("an incomplete body reached next")
	}
}
