package redisstore

import (
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/internal/redistest"
)

// BenchmarkReserveFinish is what store redis:// adds to one delivery: a
// Reserve and a Finish (two round trips to a redis-server on loopback),
// next to the memory store. Reported, never asserted:
//
//	go test ./redisstore -run '^$' -bench . -benchtime 2s
func BenchmarkReserveFinish(b *testing.B) {
	srv := redistest.Start(b, nil)
	s, err := Open(srv.URL())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, st := range []struct {
		name  string
		store core.Store
	}{{"memory", core.NewMemoryStore(0)}, {"redis", s}} {
		st := st
		var seq atomic.Int64
		b.Run(st.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					ks := []core.StoreKey{{Key: "bench:" + strconv.FormatInt(seq.Add(1), 10), TTL: time.Minute}}
					if _, err := st.store.Reserve(ks, core.DefaultLease, time.Now()); err != nil {
						b.Fatal(err)
					}
					if err := st.store.Finish(ks, true, time.Now()); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
