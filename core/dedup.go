package core

import (
	"sync"
	"time"
)

// dedup states of a delivery id.
const (
	dedupNew       = 0 // first time seen: reserved for this request
	dedupInFlight  = 1 // another request with the same id is being forwarded
	dedupDelivered = 2 // already delivered upstream
)

type dedupEntry struct {
	expires   time.Time
	delivered bool
	slot      int // index in ring, so eviction removes only the entry that owns the slot
}

// dedupStore remembers delivery ids, bounded in entries and in time. An id is
// first reserved (in flight) and becomes "delivered" only when the upstream
// took the delivery; a failed forward releases it, so the provider's retry goes
// through. When full, the oldest ids are evicted first (insertion order).
type dedupStore struct {
	mu   sync.Mutex
	ttl  time.Duration
	max  int
	m    map[string]dedupEntry
	ring []string // insertion order, len == max once full
	next int      // next ring slot to overwrite
}

func newDedupStore(ttl time.Duration, max int) *dedupStore {
	return &dedupStore{ttl: ttl, max: max, m: make(map[string]dedupEntry), ring: make([]string, 0, 64)}
}

// reserve records key as in flight unless it is already known.
func (s *dedupStore) reserve(key string, now time.Time) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.m[key]; ok && now.Before(e.expires) {
		if e.delivered {
			return dedupDelivered
		}
		return dedupInFlight
	}
	s.insert(key, dedupEntry{expires: now.Add(s.ttl)})
	return dedupNew
}

// insert adds key, evicting the oldest key when the store is full.
// The caller holds s.mu.
func (s *dedupStore) insert(key string, e dedupEntry) {
	if len(s.ring) < s.max {
		e.slot = len(s.ring)
		s.ring = append(s.ring, key)
	} else {
		old := s.ring[s.next]
		if oe, ok := s.m[old]; ok && oe.slot == s.next {
			delete(s.m, old)
		}
		e.slot = s.next
		s.ring[s.next] = key
		s.next = (s.next + 1) % s.max
	}
	s.m[key] = e
}

// finish marks key delivered (kept for the ttl) or releases it.
func (s *dedupStore) finish(key string, delivered bool, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[key]; !ok {
		return
	}
	if delivered {
		e := s.m[key]
		e.expires = now.Add(s.ttl)
		e.delivered = true
		s.m[key] = e
		return
	}
	// Released: the ring slot stays until overwritten; an absent key is skipped.
	delete(s.m, key)
}

// sweep drops expired entries and compacts the ring.
func (s *dedupStore) sweep(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := make([]string, 0, len(s.m))
	n := len(s.ring)
	for i := 0; i < n; i++ {
		k := s.ring[(s.next+i)%n]
		e, ok := s.m[k]
		if !ok || e.slot != (s.next+i)%n {
			continue
		}
		if !now.Before(e.expires) {
			delete(s.m, k)
			continue
		}
		e.slot = len(kept)
		s.m[k] = e
		kept = append(kept, k)
	}
	s.ring = kept
	s.next = 0
}

// size is the number of ids currently remembered.
func (s *dedupStore) size() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}
