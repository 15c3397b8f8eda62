package core

import (
	"sync"
	"time"
)

// memEntry is one remembered key: a replay key (in flight or delivered) or a
// stored value. Times are Unix nanoseconds: under Yaegi every time.Time
// method is a call through reflection, an int64 comparison is not.
type memEntry struct {
	exp       int64 // expiry, Unix ns; 0: never (values stored with ttl 0)
	delivered bool
	value     string
	isValue   bool
	seq       uint64 // matches the fifo record that owns the entry
}

// expired reports whether e has expired at now (Unix ns).
func (e memEntry) expired(now int64) bool { return e.exp != 0 && now >= e.exp }

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
	m    map[string]memEntry // by value: no allocation per key
	fifo []memRecord         // insertion order; records of replaced or deleted entries are skipped
	head int
	seq  uint64
}

// newDedupStore returns a memory store holding at most max entries; ttl is
// what the single-key helpers remember a delivered key for.
func newDedupStore(ttl time.Duration, max int) *memStore {
	return &memStore{ttl: ttl, max: max, m: make(map[string]memEntry)}
}

// NewMemoryStore returns the default Store, holding at most max entries
// (DefaultDedupSize when max <= 0).
func NewMemoryStore(max int) Store {
	if max <= 0 {
		max = DefaultDedupSize
	}
	return newDedupStore(DefaultDedupTTL, max)
}

// live returns key's entry and true unless it is absent or expired (an
// expired entry is dropped). The caller holds s.mu.
func (s *memStore) live(key string, now time.Time) (memEntry, bool) {
	e, ok := s.m[key]
	if !ok {
		return e, false
	}
	if e.expired(now.UnixNano()) {
		delete(s.m, key)
		return memEntry{}, false
	}
	return e, true
}

// put stores e under key as the newest entry, then drops what the bounds
// ask for. The caller holds s.mu. The checks are inline and the work in
// trim, called only when there is some (each interpreted call costs).
func (s *memStore) put(key string, e memEntry, now int64) {
	s.seq++
	e.seq = s.seq
	s.m[key] = e
	s.fifo = append(s.fifo, memRecord{key: key, seq: e.seq})
	if len(s.m) > s.max || s.head >= 1024 || len(s.fifo)-s.head > 2*len(s.m)+64 {
		s.trim(now)
		return
	}
	r := s.fifo[s.head]
	if h, ok := s.m[r.key]; !ok || h.seq != r.seq || (h.exp != 0 && now >= h.exp) {
		s.trim(now)
	}
}

// trim drops up to two expired or stale records from the oldest end, then
// the oldest entries while the store is over its bound, and compacts.
func (s *memStore) trim(now int64) {
	s.expire(now, 2)
	for len(s.m) > s.max && s.head < len(s.fifo) {
		s.dropHead()
	}
	s.compact()
}

// expire drops up to n expired entries from the oldest end.
func (s *memStore) expire(now int64, n int) {
	for ; n > 0 && s.head < len(s.fifo); n-- {
		r := s.fifo[s.head]
		e, ok := s.m[r.key]
		if ok && e.seq == r.seq && !e.expired(now) {
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

// Reserve implements Store. (No defer: under Yaegi it costs more than the
// explicit unlocks; nothing between Lock and Unlock can panic.)
func (s *memStore) Reserve(keys []StoreKey, lease time.Duration, now time.Time) (int, error) {
	t := now.UnixNano()
	s.mu.Lock()
	state := KeyNew
	for i := 0; i < len(keys); i++ {
		e, ok := s.m[keys[i].Key]
		if !ok || e.isValue || (e.exp != 0 && t >= e.exp) {
			continue // an expired entry is replaced below, or trimmed
		}
		if e.delivered {
			s.mu.Unlock()
			return KeyDelivered, nil
		}
		state = KeyInFlight
	}
	if state == KeyNew {
		exp := t + int64(lease)
		for i := 0; i < len(keys); i++ {
			s.put(keys[i].Key, memEntry{exp: exp}, t)
		}
	}
	s.mu.Unlock()
	return state, nil
}

// Finish implements Store.
func (s *memStore) Finish(keys []StoreKey, delivered bool, now time.Time) error {
	t := now.UnixNano()
	s.mu.Lock()
	for i := 0; i < len(keys); i++ {
		k := keys[i]
		e, ok := s.m[k.Key]
		if ok && e.exp != 0 && t >= e.exp {
			delete(s.m, k.Key)
			ok = false
		}
		if !delivered {
			if ok && !e.delivered && !e.isValue {
				delete(s.m, k.Key)
			}
			continue
		}
		if !ok {
			// Expired or evicted while in flight: remember it again.
			s.put(k.Key, memEntry{exp: t + int64(k.TTL), delivered: true}, t)
			continue
		}
		e.delivered = true
		e.isValue = false
		e.value = ""
		e.exp = t + int64(k.TTL)
		s.m[k.Key] = e
	}
	s.mu.Unlock()
	return nil
}

// Get implements Store.
func (s *memStore) Get(key string, now time.Time) (string, bool, error) {
	s.mu.Lock()
	e, ok := s.live(key, now)
	s.mu.Unlock()
	if !ok || !e.isValue {
		return "", false, nil
	}
	return e.value, true, nil
}

// Set implements Store.
func (s *memStore) Set(key, value string, ttl time.Duration, onlyIfAbsent bool, now time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if onlyIfAbsent {
		if _, ok := s.live(key, now); ok {
			return false, nil
		}
	}
	e := memEntry{value: value, isValue: true}
	if ttl > 0 {
		e.exp = now.UnixNano() + int64(ttl)
	}
	s.put(key, e, now.UnixNano())
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
