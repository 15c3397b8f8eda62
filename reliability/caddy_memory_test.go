package reliability

import (
	"fmt"
	"testing"
)

// bigRoute is a route with max_body 1 MiB.
func bigRoute(upstream string) string {
	return fmt.Sprintf("\troute %s {\n\t\thookstile github {\n\t\t\tsecret %s\n\t\t\tsign_key %s\n\t\t\tmax_body %d\n\t\t}\n\t\treverse_proxy %s\n\t}\n",
		BigBodyPath, GitHubSecret, SigningKey, BigMaxBody, upstream)
}

// TestCaddyDeclaredBodyMemory: 200 connections that declare 1 MiB bodies and
// send a few bytes must not pin 200 MiB of the gateway's heap.
func TestCaddyDeclaredBodyMemory(t *testing.T) {
	up := newUpstream(t)
	g := startCaddy(t, func(port int, logPath string) string {
		return caddyfile(port, logPath, bigRoute(up.Addr))
	})
	const n = 200
	grew := HeapFromDeclaredBodies(t, g.addr, BigBodyPath, n, BigMaxBody)
	t.Logf("Caddy: %d idle connections declaring %d bytes grew the heap by %d KiB (%d bytes each)", n, BigMaxBody, grew>>10, grew/n)
	if grew > n*MaxHeapPerIdleBody {
		t.Errorf("heap grew by %d KiB for %d connections declaring 1 MiB: want at most %d KiB", grew>>10, n, n*MaxHeapPerIdleBody>>10)
	}
	if up.Count(BigBodyPath) != 0 {
		t.Errorf("an incomplete body reached the upstream")
	}
}
