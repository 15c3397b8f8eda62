// Package storetest is the contract of core.Store as tests: any store (the
// memory one, the Redis one) must pass Run. Standard library and core only;
// it runs under Yaegi too.
package storetest

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hookstile/hookstile/core"
)

// Backend builds stores for the suite. Stores built by one Backend share
// their state (two gateway instances on one Redis; for a memory store, the
// same store twice). Advance lets time pass: a fake clock moves, or the
// test sleeps for a store whose expiry is the server's.
type Backend struct {
	New     func(t *testing.T) core.Store
	Now     func() time.Time
	Advance func(d time.Duration)
	// Unit is the shortest lease or TTL the suite uses; expiry is checked
	// after 3 units. Redis: tens of milliseconds.
	Unit time.Duration
}

// Run runs every contract test of core.Store on b.
func Run(t *testing.T, b Backend) {
	t.Run("TwoPhase", func(t *testing.T) { twoPhase(t, b) })
	t.Run("Released", func(t *testing.T) { released(t, b) })
	t.Run("AnyKeyKnown", func(t *testing.T) { anyKeyKnown(t, b) })
	t.Run("FailureKeepsDelivered", func(t *testing.T) { failureKeepsDelivered(t, b) })
	t.Run("LeaseExpires", func(t *testing.T) { leaseExpires(t, b) })
	t.Run("ReleaseOnlyOwnReservation", func(t *testing.T) { releaseOwn(t, b) })
	t.Run("DeliveredExpires", func(t *testing.T) { deliveredExpires(t, b) })
	t.Run("GetSet", func(t *testing.T) { getSet(t, b) })
	t.Run("SharedBetweenStores", func(t *testing.T) { shared(t, b) })
	t.Run("Concurrent", func(t *testing.T) { concurrent(t, b) })
}

var seq int
var seqMu sync.Mutex

// key is a fresh key name, so that the subtests never see each other's.
func key(name string) string {
	seqMu.Lock()
	seq++
	n := seq
	seqMu.Unlock()
	return "storetest:" + strconv.FormatInt(time.Now().UnixNano(), 36) + ":" + strconv.Itoa(n) + ":" + name
}

func keys(ttl time.Duration, names []string) []core.StoreKey {
	ks := make([]core.StoreKey, len(names))
	for i, n := range names {
		ks[i] = core.StoreKey{Key: n, TTL: ttl}
	}
	return ks
}

var stateName = map[int]string{core.KeyNew: "new", core.KeyInFlight: "in flight", core.KeyDelivered: "delivered"}

func reserve(t *testing.T, b Backend, s core.Store, ks []core.StoreKey, lease time.Duration, want int, what string) {
	t.Helper()
	got, err := s.Reserve(ks, lease, b.Now())
	if err != nil {
		t.Fatalf("%s: Reserve: %v", what, err)
	}
	if got != want {
		t.Errorf("%s: Reserve = %s, want %s", what, stateName[got], stateName[want])
	}
}

func finish(t *testing.T, b Backend, s core.Store, ks []core.StoreKey, delivered bool) {
	t.Helper()
	if err := s.Finish(ks, delivered, b.Now()); err != nil {
		t.Fatalf("Finish(delivered=%v): %v", delivered, err)
	}
}

func twoPhase(t *testing.T, b Backend) {
	s := b.New(t)
	ks := keys(time.Hour, []string{key("a")})
	reserve(t, b, s, ks, time.Hour, core.KeyNew, "first copy")
	reserve(t, b, s, ks, time.Hour, core.KeyInFlight, "copy while the first is forwarded")
	finish(t, b, s, ks, true)
	reserve(t, b, s, ks, time.Hour, core.KeyDelivered, "copy after delivery")
	reserve(t, b, s, ks, time.Hour, core.KeyDelivered, "second copy after delivery")
}

func released(t *testing.T, b Backend) {
	s := b.New(t)
	ks := keys(time.Hour, []string{key("a"), key("b")})
	reserve(t, b, s, ks, time.Hour, core.KeyNew, "first copy")
	finish(t, b, s, ks, false)
	reserve(t, b, s, ks, time.Hour, core.KeyNew, "retry after an upstream failure")
	reserve(t, b, s, ks[1:], time.Hour, core.KeyInFlight, "one key of the retry")
	// Finishing keys nobody reserved is harmless.
	finish(t, b, s, keys(time.Hour, []string{key("never")}), false)
}

func anyKeyKnown(t *testing.T, b Backend) {
	s := b.New(t)
	id, digest1, digest2 := key("id"), key("digest1"), key("digest2")
	reserve(t, b, s, keys(time.Hour, []string{id, digest1}), time.Hour, core.KeyNew, "delivery")
	finish(t, b, s, keys(time.Hour, []string{id, digest1}), true)
	// The provider's retry: same delivery id, new signed timestamp.
	reserve(t, b, s, keys(time.Hour, []string{digest2, id}), time.Hour, core.KeyDelivered, "retry with a known id")
	reserve(t, b, s, keys(time.Hour, []string{digest2}), time.Hour, core.KeyNew, "the retry's own digest was not recorded")

	// In flight: one known key is enough, and nothing else is recorded.
	x, y, z := key("x"), key("y"), key("z")
	reserve(t, b, s, keys(time.Hour, []string{x}), time.Hour, core.KeyNew, "x")
	reserve(t, b, s, keys(time.Hour, []string{y, x}), time.Hour, core.KeyInFlight, "y with x in flight")
	reserve(t, b, s, keys(time.Hour, []string{y}), time.Hour, core.KeyNew, "y alone (not recorded before)")
	// Delivered wins over in flight, whatever the order.
	finish(t, b, s, keys(time.Hour, []string{x}), true)
	reserve(t, b, s, keys(time.Hour, []string{y, x, z}), time.Hour, core.KeyDelivered, "y in flight, x delivered")
	reserve(t, b, s, keys(time.Hour, []string{z}), time.Hour, core.KeyNew, "z (not recorded before)")
}

func failureKeepsDelivered(t *testing.T, b Backend) {
	s := b.New(t)
	a, c := key("a"), key("c")
	reserve(t, b, s, keys(time.Hour, []string{a}), time.Hour, core.KeyNew, "a")
	finish(t, b, s, keys(time.Hour, []string{a}), true)
	// A later request with keys {c, a}... cannot reserve; but a failure
	// reported for a delivered key must not forget it.
	reserve(t, b, s, keys(time.Hour, []string{c}), time.Hour, core.KeyNew, "c")
	finish(t, b, s, keys(time.Hour, []string{c, a}), false)
	reserve(t, b, s, keys(time.Hour, []string{a}), time.Hour, core.KeyDelivered, "a after a failure named it")
	reserve(t, b, s, keys(time.Hour, []string{c}), time.Hour, core.KeyNew, "c after its release")
}

func leaseExpires(t *testing.T, b Backend) {
	s := b.New(t)
	ks := keys(time.Hour, []string{key("a")})
	reserve(t, b, s, ks, b.Unit, core.KeyNew, "reserved for one lease")
	reserve(t, b, s, ks, b.Unit, core.KeyInFlight, "within the lease")
	b.Advance(3 * b.Unit)
	reserve(t, b, s, ks, time.Hour, core.KeyNew, "after the lease of a crashed instance")
}

// releaseOwn: a request whose lease ran out fails after another request
// reserved the same key: its release must leave the other's reservation.
func releaseOwn(t *testing.T, b Backend) {
	s := b.New(t)
	k := key("a")
	ka := []core.StoreKey{{Key: k, TTL: time.Hour, Owner: "a"}}
	kb := []core.StoreKey{{Key: k, TTL: time.Hour, Owner: "b"}}
	kc := []core.StoreKey{{Key: k, TTL: time.Hour, Owner: "c"}}
	reserve(t, b, s, ka, b.Unit, core.KeyNew, "A, for one lease")
	b.Advance(3 * b.Unit)
	reserve(t, b, s, kb, time.Hour, core.KeyNew, "B after A's lease ran out")
	finish(t, b, s, ka, false)
	reserve(t, b, s, kc, time.Hour, core.KeyInFlight, "C after A failed, while B is in flight")
	finish(t, b, s, kb, false)
	reserve(t, b, s, kc, time.Hour, core.KeyNew, "C after B failed")
}

func deliveredExpires(t *testing.T, b Backend) {
	s := b.New(t)
	short, long := key("short"), key("long")
	ks := []core.StoreKey{{Key: short, TTL: b.Unit}, {Key: long, TTL: time.Hour}}
	reserve(t, b, s, ks, time.Hour, core.KeyNew, "delivery")
	finish(t, b, s, ks, true)
	reserve(t, b, s, ks[:1], time.Hour, core.KeyDelivered, "short key within its ttl")
	b.Advance(3 * b.Unit)
	reserve(t, b, s, ks[1:], time.Hour, core.KeyDelivered, "long key")
	reserve(t, b, s, ks[:1], time.Hour, core.KeyNew, "short key after its ttl")
}

func getSet(t *testing.T, b Backend) {
	s := b.New(t)
	k := key("secret")
	if _, ok, err := s.Get(k, b.Now()); err != nil || ok {
		t.Fatalf("Get of an absent key: ok=%v err=%v", ok, err)
	}
	if ok, err := s.Set(k, "first", 0, true, b.Now()); err != nil || !ok {
		t.Fatalf("Set NX of an absent key: %v %v", ok, err)
	}
	if ok, err := s.Set(k, "second", 0, true, b.Now()); err != nil || ok {
		t.Errorf("Set NX of a present key stored: %v %v", ok, err)
	}
	if v, ok, err := s.Get(k, b.Now()); err != nil || !ok || v != "first" {
		t.Errorf("Get = %q %v %v, want first", v, ok, err)
	}
	if ok, err := s.Set(k, "third\r\nwith bytes \x00\xff", 0, false, b.Now()); err != nil || !ok {
		t.Errorf("Set (overwrite): %v %v", ok, err)
	}
	if v, _, _ := s.Get(k, b.Now()); v != "third\r\nwith bytes \x00\xff" {
		t.Errorf("Get after overwrite = %q", v)
	}
	// A single-use value: the first Set NX wins, until its ttl.
	u := key("single-use")
	if ok, err := s.Set(u, "1", b.Unit, true, b.Now()); err != nil || !ok {
		t.Fatalf("first use: %v %v", ok, err)
	}
	if ok, _ := s.Set(u, "1", b.Unit, true, b.Now()); ok {
		t.Errorf("second use within the ttl stored")
	}
	b.Advance(3 * b.Unit)
	if _, ok, _ := s.Get(u, b.Now()); ok {
		t.Errorf("value still there after its ttl")
	}
	if ok, err := s.Set(u, "1", b.Unit, true, b.Now()); err != nil || !ok {
		t.Errorf("use after the ttl: %v %v", ok, err)
	}
}

func shared(t *testing.T, b Backend) {
	s1, s2 := b.New(t), b.New(t)
	ks := keys(time.Hour, []string{key("a")})
	reserve(t, b, s1, ks, time.Hour, core.KeyNew, "on instance 1")
	reserve(t, b, s2, ks, time.Hour, core.KeyInFlight, "on instance 2 while 1 forwards")
	finish(t, b, s1, ks, true)
	reserve(t, b, s2, ks, time.Hour, core.KeyDelivered, "on instance 2 after 1 delivered")
	k := key("learned")
	if ok, err := s2.Set(k, "v", 0, true, b.Now()); err != nil || !ok {
		t.Fatalf("Set on 2: %v %v", ok, err)
	}
	if v, ok, err := s1.Get(k, b.Now()); err != nil || !ok || v != "v" {
		t.Errorf("Get on 1 of what 2 stored: %q %v %v", v, ok, err)
	}
}

// concurrent: 200 requests with one key at once, over two stores: exactly
// one is new, the others see it in flight; after delivery, all duplicates.
func concurrent(t *testing.T, b Backend) {
	stores := []core.Store{b.New(t), b.New(t)}
	ks := keys(time.Hour, []string{key("race")})
	const n = 200
	var wg sync.WaitGroup
	var mu sync.Mutex
	count := map[int]int{}
	var errs []error
	for i := 0; i < n; i++ {
		s := stores[i%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := s.Reserve(ks, time.Hour, b.Now())
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			count[st]++
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d of %d reservations failed, first: %v", len(errs), n, errs[0])
	}
	if count[core.KeyNew] != 1 || count[core.KeyInFlight] != n-1 {
		t.Fatalf("%d concurrent reservations of one key: %d new, %d in flight, %d delivered; want exactly 1 new",
			n, count[core.KeyNew], count[core.KeyInFlight], count[core.KeyDelivered])
	}
	finish(t, b, stores[0], ks, true)
	reserve(t, b, stores[1], ks, time.Hour, core.KeyDelivered, "after the winner delivered")
}
