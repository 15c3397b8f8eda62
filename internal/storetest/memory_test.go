package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/hookstile/hookstile/core"
)

// TestMemoryStore holds core's memory store to the same contract as the
// Redis one, on a fake clock. Its "two instances" are one store: memory is
// not shared between processes, which is what store redis:// is for.
func TestMemoryStore(t *testing.T) {
	var mu sync.Mutex
	now := time.Unix(1700000000, 0)
	var s core.Store
	Run(t, Backend{
		New: func(t *testing.T) core.Store {
			if s == nil {
				s = core.NewMemoryStore(0)
			}
			return s
		},
		Now: func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			return now
		},
		Advance: func(d time.Duration) {
			mu.Lock()
			now = now.Add(d)
			mu.Unlock()
		},
		Unit: time.Second,
	})
}
