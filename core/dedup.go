package core

import (
	"errors"
	"sync"
	"time"
)

// memEntry is one remembered key: a replay key (in flight or delivered) or a
// stored value.
type memEntry struct {
	expires   time.Time // zero: never (values stored with ttl 0)
	delivered bool
	value     string
	isValue   bool
	seq       uint64 // matches the fifo record that owns the entry
	owner     string // the reservation holding an in-flight key
}

type memRecord struct {
	key string
	seq uint64
}

// memStore is the default Store: one instance's memory, bounded in entries
// and in time. Expired entries are dropped lazily: each write looks at the
// oldest few entries and drops those that expired, and when the store is full
// the oldest entry is evicted first (insertion order). Nothing sweeps it from
// outside.
type memStore struct {
	mu   sync.Mutex
	ttl  time.Duration // used by the single-key helpers (reserve, finish)
	max  int
	m    map[string]*memEntry
	fifo []memRecord // insertion order; records of replaced or deleted entries are skipped
	head int
	seq  uint64
	// vals holds stored values (learned secrets, cached keys) apart from
	// the replay keys: a flood of deliveries never evicts a learned
	// secret. Bounded by max too; full, Set fails rather than evict.
	vals map[string]*memEntry
}

// newDedupStore returns a memory store holding at most max entries; ttl is
// what the single-key helpers remember a delivered key for.
func newDedupStore(ttl time.Duration, max int) *memStore {
	return &memStore{ttl: ttl, max: max, m: make(map[string]*memEntry), vals: make(map[string]*memEntry)}
}

// NewMemoryStore returns the default Store, holding at most max entries
// (DefaultDedupSize when max <= 0).
func NewMemoryStore(max int) Store {
	if max <= 0 {
		max = DefaultDedupSize
	}
	return newDedupStore(DefaultDedupTTL, max)
}

// live returns key's entry unless it is absent or expired (an expired entry
// is dropped). The caller holds s.mu.
func (s *memStore) live(key string, now time.Time) *memEntry {
	e, ok := s.m[key]
	if !ok {
		return nil
	}
	if !e.expires.IsZero() && !now.Before(e.expires) {
		delete(s.m, key)
		return nil
	}
	return e
}

// put stores e under key as the newest entry. The caller holds s.mu.
func (s *memStore) put(key string, e *memEntry, now time.Time) {
	s.seq++
	e.seq = s.seq
	s.m[key] = e
	s.fifo = append(s.fifo, memRecord{key: key, seq: e.seq})
	s.expire(now, 2)
	for len(s.m) > s.max && s.head < len(s.fifo) {
		s.dropHead()
	}
	s.compact()
}

// expire drops up to n expired entries from the oldest end.
func (s *memStore) expire(now time.Time, n int) {
	for ; n > 0 && s.head < len(s.fifo); n-- {
		r := s.fifo[s.head]
		e, ok := s.m[r.key]
		if ok && e.seq == r.seq && (e.expires.IsZero() || now.Before(e.expires)) {
			return
		}
		s.dropHead()
	}
}

// dropHead removes the oldest record and the entry it owns.
func (s *memStore) dropHead() {
	r := s.fifo[s.head]
	if e, ok := s.m[r.key]; ok && e.seq == r.seq {
		delete(s.m, r.key)
	}
	s.fifo[s.head] = memRecord{}
	s.head++
}

// compact keeps the fifo's length proportional to the live entries: stale
// records (released or replaced keys) are dropped when they outnumber them.
func (s *memStore) compact() {
	n := len(s.fifo) - s.head
	if s.head < 1024 && n <= 2*len(s.m)+64 {
		return
	}
	kept := make([]memRecord, 0, len(s.m)+16)
	for i := s.head; i < len(s.fifo); i++ {
		r := s.fifo[i]
		if e, ok := s.m[r.key]; ok && e.seq == r.seq {
			kept = append(kept, r)
		}
	}
	s.fifo = kept
	s.head = 0
}

// Reserve implements Store.
func (s *memStore) Reserve(keys []StoreKey, lease time.Duration, now time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	state := KeyNew
	for i := 0; i < len(keys); i++ {
		e := s.live(keys[i].Key, now)
		if e == nil || e.isValue {
			continue
		}
		if e.delivered {
			return KeyDelivered, nil
		}
		state = KeyInFlight
	}
	if state != KeyNew {
		return state, nil
	}
	for i := 0; i < len(keys); i++ {
		s.put(keys[i].Key, &memEntry{expires: now.Add(lease), owner: keys[i].Owner}, now)
	}
	return KeyNew, nil
}

// Finish implements Store.
func (s *memStore) Finish(keys []StoreKey, delivered bool, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < len(keys); i++ {
		k := keys[i]
		e := s.live(k.Key, now)
		if delivered {
			if e == nil {
				// Expired or evicted while in flight: remember it again.
				s.put(k.Key, &memEntry{expires: now.Add(k.TTL), delivered: true}, now)
				continue
			}
			e.delivered = true
			e.isValue = false
			e.expires = now.Add(k.TTL)
			continue
		}
		if e != nil && !e.delivered && e.owner == k.Owner {
			delete(s.m, k.Key)
		}
	}
	return nil
}

// Get implements Store.
func (s *memStore) Get(key string, now time.Time) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.liveValue(key, now)
	if e == nil {
		return "", false, nil
	}
	return e.value, true, nil
}

// liveValue returns key's stored value unless absent or expired.
func (s *memStore) liveValue(key string, now time.Time) *memEntry {
	e, ok := s.vals[key]
	if !ok {
		return nil
	}
	if !e.expires.IsZero() && !now.Before(e.expires) {
		delete(s.vals, key)
		return nil
	}
	return e
}

// errStoreFull is returned by Set when max values are held and none expired.
var errStoreFull = errors.New("memory store: too many stored values")

// Set implements Store.
func (s *memStore) Set(key, value string, ttl time.Duration, onlyIfAbsent bool, now time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.liveValue(key, now) != nil {
		if onlyIfAbsent {
			return false, nil
		}
	} else if len(s.vals) >= s.max {
		for k := range s.vals {
			s.liveValue(k, now)
		}
		if len(s.vals) >= s.max {
			return false, errStoreFull
		}
	}
	e := &memEntry{value: value, isValue: true}
	if ttl > 0 {
		e.expires = now.Add(ttl)
	}
	s.vals[key] = e
	return true, nil
}

// reserve is the single-key form used by providers that remember a value
// once (KeyNew, KeyInFlight or KeyDelivered).
func (s *memStore) reserve(key string, now time.Time) int {
	st, _ := s.Reserve([]StoreKey{{Key: key, TTL: s.ttl}}, s.ttl, now)
	return st
}

// finish marks key delivered for the store's ttl, or releases it.
func (s *memStore) finish(key string, delivered bool, now time.Time) {
	s.Finish([]StoreKey{{Key: key, TTL: s.ttl}}, delivered, now)
}

// size is the number of entries currently held (expired ones not yet dropped
// included).
func (s *memStore) size() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

// expireAll drops every expired entry; tests use it to see what is live.
func (s *memStore) expireAll(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.m {
		s.live(k, now)
	}
	s.compact()
}

// Single-key states, as the providers that remember values once use them.
const (
	dedupNew       = KeyNew
	dedupInFlight  = KeyInFlight
	dedupDelivered = KeyDelivered
)
