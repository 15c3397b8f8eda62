package traefiktest

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

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
	h := tr.plugin(t, ctx, map[string]any{
		"provider": "github",
		"secrets":  []any{reliability.GitHubSecret},
		"signKeys": []any{reliability.SigningKey},
		"maxBody":  strconv.Itoa(reliability.BigMaxBody),
	}, "big@file", next)
	mux := http.NewServeMux()
	mux.Handle(reliability.BigBodyPath, h)
	_, addr := serveFront(t, mux)

	const n = 200
	grew := reliability.HeapFromDeclaredBodies(t, addr, reliability.BigBodyPath, n, reliability.BigMaxBody)
	t.Logf("Traefik plugin: %d idle connections declaring %d bytes grew the heap by %d KiB (%d bytes each)", n, reliability.BigMaxBody, grew>>10, grew/n)
	if grew > n*reliability.MaxHeapPerIdleBody {
		t.Errorf("heap grew by %d KiB for %d connections declaring 1 MiB: want at most %d KiB", grew>>10, n, n*reliability.MaxHeapPerIdleBody>>10)
	}
	if reached.Load() != 0 {
		t.Errorf("an incomplete body reached next")
	}
}
