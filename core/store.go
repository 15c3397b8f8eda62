package core

import (
	"errors"
	"time"
)

// States of a replay key in a Store.
const (
	KeyNew       = 0 // not known: now reserved (in flight) for this request
	KeyInFlight  = 1 // reserved by another request that is being delivered
	KeyDelivered = 2 // delivered (or durably queued): a later copy is a duplicate
)

// ErrStoreUnavailable wraps every failure to reach a shared store; the
// provider gets 503 and retries, nothing unchecked is forwarded.
var ErrStoreUnavailable = errors.New("store unavailable")

// StoreKey is one replay key with how long it is remembered once delivered.
// Key is already namespaced and hashed by core (short printable ASCII).
type StoreKey struct {
	Key string
	TTL time.Duration
}

// Store is what a route remembers: replay keys (two-phase: in flight, then
// delivered), single-use values and learned handshake secrets. The memory
// store is the default for one instance; a Redis store shares the same state
// between instances. Every method is atomic with respect to other callers,
// in this process and in others sharing the store.
//
// Errors from a shared store wrap ErrStoreUnavailable.
type Store interface {
	// Reserve looks at all keys together: if any is delivered it returns
	// KeyDelivered, else if any is in flight KeyInFlight; else every key
	// is recorded in flight for lease (so a crashed instance does not hold
	// it longer) and KeyNew is returned.
	Reserve(keys []StoreKey, lease time.Duration, now time.Time) (int, error)
	// Finish marks the keys delivered, each kept for its TTL from now, or,
	// when delivered is false, forgets those that are still in flight (a
	// delivered key is never forgotten by a failure).
	Finish(keys []StoreKey, delivered bool, now time.Time) error
	// Get returns the value stored under key, and whether there is one.
	Get(key string, now time.Time) (string, bool, error)
	// Set stores value under key for ttl (0: no expiry). With onlyIfAbsent
	// it stores nothing when key exists, and reports whether it stored.
	Set(key, value string, ttl time.Duration, onlyIfAbsent bool, now time.Time) (bool, error)
}
