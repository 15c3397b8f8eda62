package core

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"
)

// States of a replay key in a Store.
const (
	KeyNew       = 0 // not known: now reserved (in flight) for this request
	KeyInFlight  = 1 // reserved by another request that is being delivered
	KeyDelivered = 2 // delivered (or durably queued): a later copy is a duplicate
)

// StoreKey is one replay key with how long it is remembered once delivered.
// Key is already namespaced and hashed by core (short printable ASCII).
//
// Owner names the reservation (core sets one random token for all keys of
// one delivery): a release forgets a key only while that reservation still
// holds it, so a request whose lease ran out cannot release the
// reservation another request made since.
type StoreKey struct {
	Key   string
	TTL   time.Duration
	Owner string
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
	// when delivered is false, forgets those that are still in flight under
	// their Owner's reservation (a delivered key, or one reserved since by
	// another request, is never forgotten by this failure).
	Finish(keys []StoreKey, delivered bool, now time.Time) error
	// Get returns the value stored under key, and whether there is one.
	Get(key string, now time.Time) (string, bool, error)
	// Set stores value under key for ttl (0: no expiry). With onlyIfAbsent
	// it stores nothing when key exists, and reports whether it stored.
	Set(key, value string, ttl time.Duration, onlyIfAbsent bool, now time.Time) (bool, error)
}

// DefaultLease is how long a replay key stays in flight while its delivery
// is forwarded; a shared store forgets the reservation of an instance that
// died after that long, so the provider's retry goes through.
const DefaultLease = 5 * time.Minute

// StoreKeyName is the name under which a route (identified by its
// CloudEvents source) remembers material of the given kind ("r" replay key,
// "s" learned secret, ...). The material is hashed: every key has the same
// bounded size whatever a request sends, and both adapters use this one
// scheme, so Caddy and Traefik instances can share one store.
func StoreKeyName(source, kind, material string) string {
	return storeKeyName(source, kind, "", material)
}

// storeKeyName is StoreKeyName of prefix+material, built in one allocation.
func storeKeyName(source, kind, prefix, material string) string {
	var mb [128]byte
	m := append(mb[:0], prefix...)
	m = append(m, material...)
	sum := sha256.Sum256(m)
	var kb [160]byte
	k := append(kb[:0], "hookstile:"...)
	k = append(k, source...)
	k = append(k, ':')
	k = append(k, kind...)
	k = append(k, ':')
	k = hex.AppendEncode(k, sum[:16])
	return string(k)
}

// wrapStoreErr makes a store failure an ErrStoreUnavailable (503).
func wrapStoreErr(err error) error {
	if errors.Is(err, ErrStoreUnavailable) {
		return err
	}
	return fmt.Errorf("%w: %v", ErrStoreUnavailable, err)
}

// wrapQueueErr makes a queue failure a 503 (ErrQueueUnavailable), or a 413
// when the delivery is too large for the queue.
func wrapQueueErr(err error) error {
	if errors.Is(err, ErrBodyTooLarge) || errors.Is(err, ErrQueueUnavailable) {
		return err
	}
	return fmt.Errorf("%w: %v", ErrQueueUnavailable, err)
}

// replayKey is material a provider signed that identifies one delivery.
type replayKey struct {
	material string
	ttl      time.Duration // 0: the route's dedup window
}

// addKey names signed material that identifies this delivery: a later
// request carrying the same material is a duplicate (or a replay), whatever
// else it changes. Kinds keep materials of different meaning apart.
func (ev *Event) addKey(kind, material string, ttl time.Duration) {
	ev.keys = append(ev.keys, replayKey{material: kind + "\x00" + material, ttl: ttl})
}

// storeKeys turns the event's replay keys (and its delivery id, when
// duplicate detection is on) into namespaced store keys.
func (v *Verifier) storeKeys(ev *Event) []StoreKey {
	n := len(ev.keys)
	if v.dedupOn && ev.DeliveryID != "" {
		n++
	}
	if n == 0 {
		return nil
	}
	out := make([]StoreKey, 0, n)
	owner := v.newOwner()
	if v.dedupOn && ev.DeliveryID != "" {
		out = append(out, StoreKey{Key: storeKeyName(v.source, "r", "id\x00", ev.DeliveryID), TTL: v.dedupTTL, Owner: owner})
	}
	for i := 0; i < len(ev.keys); i++ {
		ttl := ev.keys[i].ttl
		if ttl == ttlDedup && !v.dedupOn {
			continue // a body digest is duplicate detection, which is off
		}
		if ttl <= 0 {
			ttl = v.dedupTTL
		}
		out = append(out, StoreKey{Key: storeKeyName(v.source, "r", "", ev.keys[i].material), TTL: ttl, Owner: owner})
	}
	return out
}

// newOwner names one reservation: this verifier's random prefix and a
// counter, unique across instances sharing a store.
func (v *Verifier) newOwner() string {
	n := atomic.AddUint64(&v.owners, 1)
	return v.ownerPrefix + strconv.FormatUint(n, 36)
}
