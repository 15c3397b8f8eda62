package redisstore

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/internal/redistest"
	"github.com/hookstile/hookstile/internal/storetest"
	"github.com/hookstile/hookstile/resp"
)

func open(t *testing.T, url string) *Store {
	t.Helper()
	s, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestStoreContract runs core.Store's contract on Redis; the stores of one
// run are separate clients (separate pools), as two gateway instances are.
func TestStoreContract(t *testing.T) {
	srv := redistest.Start(t, nil)
	storetest.Run(t, storetest.Backend{
		New: func(t *testing.T) core.Store {
			c, err := resp.Dial(srv.URL() + "/1")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			return New(c)
		},
		Now:     time.Now,
		Advance: time.Sleep,
		Unit:    60 * time.Millisecond,
	})
}

// Reserve sets the in-flight keys with the lease as their expiry, in
// Redis (so that a crashed instance does not hold them), and Finish
// replaces it with each key's ttl.
func TestStoreExpiryInRedis(t *testing.T) {
	srv := redistest.Start(t, nil)
	s := open(t, srv.URL())
	ks := []core.StoreKey{{Key: "a", TTL: time.Hour}, {Key: "b", TTL: 2 * time.Hour}}
	if st, err := s.Reserve(ks, 30*time.Second, time.Now()); err != nil || st != core.KeyNew {
		t.Fatal(st, err)
	}
	c := s.Client()
	for _, k := range []string{"a", "b"} {
		r, _ := c.Do("PTTL", k)
		if r.Int <= 20000 || r.Int > 30000 {
			t.Errorf("in-flight %s expires in %d ms, want the 30s lease", k, r.Int)
		}
		if v, _ := c.Do("GET", k); v.Str != valInFlight {
			t.Errorf("in-flight %s = %q", k, v.Str)
		}
	}
	if err := s.Finish(ks, true, time.Now()); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]int64{"a": 3600000, "b": 7200000} {
		r, _ := c.Do("PTTL", k)
		if r.Int <= want-10000 || r.Int > want {
			t.Errorf("delivered %s expires in %d ms, want %d", k, r.Int, want)
		}
	}
	if ok, err := s.Set("v", "x", 90*time.Second, false, time.Now()); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if r, _ := c.Do("PTTL", "v"); r.Int <= 80000 || r.Int > 90000 {
		t.Errorf("Set with ttl 90s: PTTL %d", r.Int)
	}
	s.Set("forever", "x", 0, false, time.Now())
	if r, _ := c.Do("PTTL", "forever"); r.Int != -1 {
		t.Errorf("Set with ttl 0: PTTL %d, want no expiry", r.Int)
	}
}

// Every failure to reach Redis is ErrStoreUnavailable (the route answers
// 503), never a wrong answer; the store works again once Redis is back.
func TestStoreUnavailable(t *testing.T) {
	const pw = "store-secret-pw"
	srv := redistest.Start(t, []string{"--requirepass", pw})
	s := open(t, "redis://:"+pw+"@"+srv.Addr+"?timeout=300ms")
	ks := []core.StoreKey{{Key: "k", TTL: time.Hour}}
	if st, err := s.Reserve(ks, time.Minute, time.Now()); err != nil || st != core.KeyNew {
		t.Fatal(st, err)
	}
	srv.Stop()
	check := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, core.ErrStoreUnavailable) {
			t.Errorf("%s with Redis down: %v, want ErrStoreUnavailable", what, err)
		}
		if err != nil && strings.Contains(err.Error(), pw) {
			t.Errorf("%s: error shows the password: %v", what, err)
		}
	}
	_, err := s.Reserve(ks, time.Minute, time.Now())
	check("Reserve", err)
	check("Finish", s.Finish(ks, true, time.Now()))
	_, _, err = s.Get("k", time.Now())
	check("Get", err)
	_, err = s.Set("k", "v", 0, true, time.Now())
	check("Set", err)

	srv.Restart(t) // no persistence: it comes back empty, without the script
	if st, err := s.Reserve(ks, time.Minute, time.Now()); err != nil || st != core.KeyNew {
		t.Errorf("after Redis restarted: %v %v", st, err)
	}

	// A Redis that accepts and never answers: unavailable within the timeout.
	silent := open(t, "redis://"+redistest.Silent(t)+"?timeout=200ms")
	start := time.Now()
	_, err = silent.Reserve(ks, time.Minute, time.Now())
	check("Reserve on a silent server", err)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Reserve on a silent server took %v", took)
	}
	// The wrong password is unavailable too (503 and a log line, not a crash).
	wrong := open(t, "redis://:wrong"+pw+"@"+srv.Addr)
	_, err = wrong.Reserve(ks, time.Minute, time.Now())
	check("Reserve with a wrong password", err)
	// A server error (here: the key holds a list) is unavailable, not "new".
	s.Client().Do("RPUSH", "list", "x")
	_, err = s.Reserve([]core.StoreKey{{Key: "list", TTL: time.Hour}}, time.Minute, time.Now())
	check("Reserve of a key of another type", err)
}

// Routes naming one URL share one pool, closed with its last user.
func TestStoreSharedPool(t *testing.T) {
	srv := redistest.Start(t, nil)
	u := srv.URL() + "/2"
	a, err := Open(u)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(u)
	if err != nil {
		t.Fatal(err)
	}
	if a.Client() != b.Client() || resp.SharedCount(u) != 2 {
		t.Fatalf("two routes on one URL: shared %v, users %d", a.Client() == b.Client(), resp.SharedCount(u))
	}
	a.Close()
	a.Close() // twice is harmless
	if resp.SharedCount(u) != 1 {
		t.Errorf("users after one Close: %d", resp.SharedCount(u))
	}
	if _, err := b.Reserve([]core.StoreKey{{Key: "k", TTL: time.Hour}}, time.Minute, time.Now()); err != nil {
		t.Errorf("the other route: %v", err)
	}
	b.Close()
	if resp.SharedCount(u) != 0 {
		t.Errorf("users after both closed: %d", resp.SharedCount(u))
	}
	if _, err := Open("redis://:pw@h:1/notadb"); err == nil || strings.Contains(err.Error(), ":pw") {
		t.Errorf("bad URL: %v", err)
	}
}

func TestStoreString(t *testing.T) {
	s, err := Open("redis://user:very-secret@127.0.0.1:1/3")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.String(); strings.Contains(got, "very-secret") || got != "redis://user:xxxxx@127.0.0.1:1/3" {
		t.Errorf("String() = %q", got)
	}
}

func TestStoreIsACoreStore(t *testing.T) {
	var s core.Store = New(nil)
	if s == nil {
		t.Fatal("nil")
	}
}
