package redisstore

import (
	"testing"
	"time"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/internal/redistest"
)

// Exploit: the in-flight value is the constant 'f', with no owner. A
// delivery on instance A outlives its lease (slow upstream, or A paused);
// the provider's retry on instance B reserves the keys again and is
// forwarded. A's upstream then fails and its release script deletes every
// 'f', B's included, so a replay C of the captured delivery is reserved
// as new while B is still in flight: two copies are forwarded at once.
// Breaks: the two-phase semantics of `store` ("a copy arriving meanwhile
// gets 409"); release must delete only its own reservation (a token in
// the value, compared in the script).
func TestAttackRedisReleaseDeletesAnotherReservation(t *testing.T) {
	srv := redistest.Start(t, nil)
	s := open(t, srv.URL())
	// Each request's keys carry its own reservation (core's storeKeys).
	ka := []core.StoreKey{{Key: "hookstile:/t:r:attack", TTL: time.Hour, Owner: "A"}}
	kb := []core.StoreKey{{Key: "hookstile:/t:r:attack", TTL: time.Hour, Owner: "B"}}
	ks := []core.StoreKey{{Key: "hookstile:/t:r:attack", TTL: time.Hour, Owner: "C"}}
	lease := 100 * time.Millisecond
	if st, err := s.Reserve(ka, lease, time.Now()); err != nil || st != core.KeyNew {
		t.Fatal("A:", st, err)
	}
	time.Sleep(2 * lease) // A's lease ran out; A is still waiting on the upstream
	if st, err := s.Reserve(kb, time.Minute, time.Now()); err != nil || st != core.KeyNew {
		t.Fatal("B:", st, err)
	}
	if err := s.Finish(ka, false, time.Now()); err != nil { // A's upstream failed
		t.Fatal(err)
	}
	st, err := s.Reserve(ks, time.Minute, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if st != core.KeyInFlight {
		t.Errorf("C while B is in flight: state %d, want KeyInFlight: A's release deleted B's reservation", st)
	}
}
