package reliability

import (
	"fmt"
	"net"
	"runtime"
	"testing"
	"time"
)

// BigBodyPath is the route of the memory test: max_body 1 MiB (the others
// have MaxBody), GitHub's scheme, GitHubSecret.
const BigBodyPath = "/hooks/big"

// BigMaxBody is the max_body of BigBodyPath.
const BigMaxBody = 1 << 20

// HeapFromDeclaredBodies opens n connections to addr (a gateway in this
// process) that each POST path declaring a body of declared bytes and send
// only a few of them, and returns the largest growth of the live heap
// (HeapAlloc after a GC) seen while they wait, before the gateway's read
// timeout (SlowReadTimeout) cuts them off. Memory is measured, not time.
func HeapFromDeclaredBodies(t *testing.T, addr, path string, n int, declared int64) uint64 {
	t.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"+
		"X-GitHub-Event: issues\r\nX-GitHub-Delivery: mem\r\nX-Hub-Signature-256: sha256=%064d\r\n"+
		"Content-Length: %d\r\n\r\n{\"a\":", path, addr, 0, declared)
	for i := 0; i < n; i++ {
		c, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		conns = append(conns, c)
		c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := c.Write([]byte(head)); err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
	}
	var peak uint64
	deadline := time.Now().Add(SlowReadTimeout * 3 / 4)
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		runtime.GC()
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc > base && ms.HeapAlloc-base > peak {
			peak = ms.HeapAlloc - base
		}
	}
	return peak
}

// MaxHeapPerIdleBody is the bound the memory tests assert: what one idle
// connection declaring a 1 MiB body may cost the gateway's heap (the body
// buffer starts at 64 KiB and grows as bytes arrive; the rest is the
// server's own per-connection state). Generous on purpose: before the fix
// it was the declared megabyte.
const MaxHeapPerIdleBody = 200 << 10
