package queue

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookstile/hookstile/internal/redistest"
)

// redisQueues opens n queues named name on srv, each on its own client (its
// own pool), as n gateway instances would.
func redisQueues(t *testing.T, srv *redistest.Server, name string, n int, opts SpoolOptions) []*RedisQueue {
	t.Helper()
	var qs []*RedisQueue
	for i := 0; i < n; i++ {
		// A distinct URL per instance: distinct shared clients.
		q, err := OpenRedis(srv.URL()+"/0?pool_size="+strconv.Itoa(8+i), name, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { q.Close() })
		qs = append(qs, q)
	}
	return qs
}

func TestRedisAddClaimDone(t *testing.T) {
	srv := redistest.Start(t, nil)
	q := redisQueues(t, srv, "basic", 1, SpoolOptions{})[0]
	now := time.Now()
	if err := q.Add([]*Record{rec("a", "", "1"), rec("b", "", "2"), rec("c", "", "3")}, false, now); err != nil {
		t.Fatal(err)
	}
	cs, _, err := q.Claim(2, 0, now, time.Minute)
	if err != nil || len(cs) != 2 {
		t.Fatalf("Claim(2) = %d claims, %v", len(cs), err)
	}
	if cs[0].Record.ID != "a" || cs[1].Record.ID != "b" || string(cs[1].Record.Body) != "2" {
		t.Errorf("claims out of queue order: %s, %s", cs[0].Record.ID, cs[1].Record.ID)
	}
	more, _, _ := q.Claim(5, 0, now, time.Minute)
	if len(more) != 1 || more[0].Record.ID != "c" {
		t.Fatalf("second Claim = %d claims", len(more))
	}
	if none, _, _ := q.Claim(5, 0, now, time.Minute); len(none) != 0 {
		t.Fatal("an event in flight was claimed again")
	}
	st, _ := q.Stats(now)
	if st.Pending != 0 || st.InFlight != 3 || st.Oldest.IsZero() || st.Bytes == 0 {
		t.Errorf("stats %+v", st)
	}
	if d := now.Sub(st.Oldest); d < 0 || d > time.Minute {
		t.Errorf("oldest %v is not the first record's queued time (%v ago)", st.Oldest, d)
	}
	for _, c := range append(cs, more...) {
		if err := q.Done(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.Done(cs[0]); !errors.Is(err, ErrLost) {
		t.Errorf("Done twice: %v, want ErrLost", err)
	}
	st, _ = q.Stats(now)
	if st.Pending+st.InFlight+st.Dead != 0 || st.Bytes != 0 {
		t.Errorf("stats after Done %+v", st)
	}
	// Another queue name in the same Redis is another queue.
	other := redisQueues(t, srv, "other", 1, SpoolOptions{})[0]
	q.Add([]*Record{rec("x", "", "1")}, false, now)
	if st, _ := other.Stats(now); st.Pending != 0 {
		t.Errorf("queue other sees queue basic's record: %+v", st)
	}
}

// Two instances claim concurrently: no event is handed out twice while it
// is held, and every event is handed out.
func TestRedisTwoInstances(t *testing.T) {
	srv := redistest.Start(t, nil)
	qs := redisQueues(t, srv, "two", 2, SpoolOptions{})
	const n = 200
	for i := 0; i < n; i++ {
		if err := qs[i%2].Add([]*Record{rec("e"+strconv.Itoa(i), "", "{}")}, false, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	got := map[string]int{}
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		q := qs[w%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				cs, _, err := q.Claim(7, 0, time.Now(), time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if len(cs) == 0 {
					return
				}
				for _, c := range cs {
					mu.Lock()
					got[c.Record.ID]++
					mu.Unlock()
					if err := q.Done(c); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if len(got) != n {
		t.Errorf("%d of %d events handed out", len(got), n)
	}
	for id, k := range got {
		if k != 1 {
			t.Errorf("%s handed out %d times", id, k)
		}
	}
}

// A claim whose lease ran out (its instance died) is pending again, due at
// once, for any instance; the dead instance's claim is lost.
func TestRedisLease(t *testing.T) {
	srv := redistest.Start(t, nil)
	qs := redisQueues(t, srv, "lease", 2, SpoolOptions{})
	now := time.Now()
	qs[0].Add([]*Record{rec("l1", "", "{}")}, false, now)
	cs, _, _ := qs[0].Claim(1, 0, now, 100*time.Millisecond)
	if len(cs) != 1 {
		t.Fatal("no claim")
	}
	if again, _, _ := qs[1].Claim(1, 0, now.Add(50*time.Millisecond), time.Minute); len(again) != 0 {
		t.Fatal("claimed within another's lease")
	}
	if err := qs[0].Renew(cs[0], now.Add(50*time.Millisecond), 100*time.Millisecond); err != nil {
		t.Fatalf("Renew: %v", err)
	}
	if again, _, _ := qs[1].Claim(1, 0, now.Add(120*time.Millisecond), time.Minute); len(again) != 0 {
		t.Fatal("claimed within a renewed lease")
	}
	taken, _, _ := qs[1].Claim(1, 0, now.Add(200*time.Millisecond), time.Minute)
	if len(taken) != 1 || taken[0].Record.ID != "l1" {
		t.Fatalf("expired claim not taken back: %d", len(taken))
	}
	for _, err := range []error{qs[0].Renew(cs[0], now, time.Minute), qs[0].Done(cs[0]), qs[0].Retry(cs[0], now), qs[0].Bury(cs[0], now), qs[0].Release(cs[0], now)} {
		if !errors.Is(err, ErrLost) {
			t.Errorf("the dead instance's claim: %v, want ErrLost", err)
		}
	}
	if err := qs[1].Done(taken[0]); err != nil {
		t.Errorf("the new claim: %v", err)
	}
}

func TestRedisRetryBuryReplayDrop(t *testing.T) {
	srv := redistest.Start(t, nil)
	q := redisQueues(t, srv, "rbrd", 1, SpoolOptions{})[0]
	now := time.Now()
	q.Add([]*Record{rec("r1", "", "{}"), rec("r2", "", "{}"), rec("r3", "", "{}")}, false, now)
	cs, _, _ := q.Claim(3, 0, now, time.Minute)
	if len(cs) != 3 {
		t.Fatalf("%d claims", len(cs))
	}
	cs[0].Record.Attempts = 1
	cs[0].Record.LastError = "503 from upstream"
	cs[0].Record.Next = now.Add(time.Hour)
	if err := q.Retry(cs[0], now); err != nil {
		t.Fatal(err)
	}
	cs[1].Record.LastStatus = 404
	cs[1].Record.Died = now
	if err := q.Bury(cs[1], now); err != nil {
		t.Fatal(err)
	}
	if err := q.Release(cs[2], now); err != nil {
		t.Fatal(err)
	}
	got, next, _ := q.Claim(5, 0, now, time.Minute)
	if len(got) != 1 || got[0].Record.ID != "r3" {
		t.Fatalf("claim after retry/bury/release: %d", len(got))
	}
	if d := next.Sub(now.Add(time.Hour)); d < -time.Second || d > time.Second {
		t.Errorf("next due %v, want the retry's %v", next, now.Add(time.Hour))
	}
	q.Release(got[0], now)
	es, _ := q.List(now)
	states := map[string]string{}
	for _, e := range es {
		states[e.Record.ID] = e.State
		if e.Record.ID == "r1" && (e.Record.Attempts != 1 || e.Record.LastError != "503 from upstream") {
			t.Errorf("retried record not stored: %+v", e.Record)
		}
	}
	if states["r1"] != StatePending || states["r2"] != StateDead || states["r3"] != StatePending {
		t.Errorf("states %v", states)
	}
	if _, err := q.Replay([]string{"nope"}, false, now); !errors.Is(err, ErrNotFound) {
		t.Errorf("replay of an unknown id: %v", err)
	}
	if n, err := q.Replay([]string{"r2"}, false, now); err != nil || n != 1 {
		t.Fatalf("replay r2: %d %v", n, err)
	}
	got, _, _ = q.Claim(5, 0, now.Add(time.Second), time.Minute)
	if len(got) != 2 || got[1].Record.ID != "r2" || got[1].Record.Attempts != 0 || got[1].Record.LastStatus != 404 {
		t.Fatalf("replayed r2 not pending at the end of the queue with a fresh budget: %d", len(got))
	}
	// In flight: not droppable. Pending: droppable by id. Dead: by --all.
	if _, err := q.Drop([]string{"r2"}, false, now); !errors.Is(err, ErrNotFound) {
		t.Errorf("drop of an event in flight: %v", err)
	}
	q.Bury(got[1], now)
	q.Release(got[0], now)
	if n, err := q.Drop([]string{"r3"}, false, now); err != nil || n != 1 {
		t.Errorf("drop pending r3: %d %v", n, err)
	}
	if n, err := q.Drop(nil, true, now); err != nil || n != 1 {
		t.Errorf("drop --all: %d %v", n, err)
	}
	st, _ := q.Stats(now)
	if st.Pending != 1 || st.Dead != 0 || st.InFlight != 0 {
		t.Errorf("stats %+v", st)
	}
}

// per_subject holds across instances, and a subject's records go in order.
func TestRedisPerSubject(t *testing.T) {
	srv := redistest.Start(t, nil)
	qs := redisQueues(t, srv, "subj", 2, SpoolOptions{})
	now := time.Now()
	qs[0].Add([]*Record{rec("a1", "acct-a", "{}"), rec("a2", "acct-a", "{}"), rec("b1", "acct-b", "{}"), rec("a3", "acct-a", "{}")}, false, now)
	first, _, _ := qs[0].Claim(10, 1, now, time.Minute)
	ids := []string{}
	for _, c := range first {
		ids = append(ids, c.Record.ID)
	}
	if strings.Join(ids, ",") != "a1,b1" {
		t.Fatalf("first claim %v, want a1,b1", ids)
	}
	if again, _, _ := qs[1].Claim(10, 1, now, time.Minute); len(again) != 0 {
		t.Fatalf("the other instance claimed %s while acct-a has one in flight", again[0].Record.ID)
	}
	qs[0].Done(first[0])
	next, _, _ := qs[1].Claim(10, 1, now, time.Minute)
	if len(next) != 1 || next[0].Record.ID != "a2" {
		t.Fatalf("after a1: %d claims", len(next))
	}
	// a3 not due before a2 is settled: a2 retried later holds a3 back.
	next[0].Record.Next = now.Add(time.Hour)
	qs[1].Retry(next[0], now)
	if held, _, _ := qs[0].Claim(10, 1, now, time.Minute); len(held) != 0 {
		t.Errorf("a3 claimed before a2, which is due later: %s", held[0].Record.ID)
	}
}

func TestRedisCoalesce(t *testing.T) {
	srv := redistest.Start(t, nil)
	q := redisQueues(t, srv, "coal", 1, SpoolOptions{})[0]
	now := time.Now()
	q.Add([]*Record{rec("c1", "acct", `{"n":1}`)}, true, now)
	q.Add([]*Record{rec("c2", "acct", `{"n":2}`), rec("c3", "acct", `{"n":3}`)}, true, now)
	q.Add([]*Record{rec("o1", "other", `{}`)}, true, now)
	es, _ := q.List(now)
	if len(es) != 2 || es[0].Record.ID != "c3" || es[0].Record.Merged != 2 || string(es[0].Record.Body) != `{"n":3}` {
		t.Fatalf("coalesced: %d entries, first %+v", len(es), es[0].Record)
	}
	cs, _, _ := q.Claim(1, 1, now, time.Minute)
	if len(cs) != 1 || cs[0].Record.ID != "c3" {
		t.Fatal("claim")
	}
	// In flight: a new event of the subject is added after it, not merged.
	q.Add([]*Record{rec("c4", "acct", `{"n":4}`)}, true, now)
	if st, _ := q.Stats(now); st.Pending != 2 || st.InFlight != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestRedisLimits(t *testing.T) {
	srv := redistest.Start(t, nil)
	q := redisQueues(t, srv, "lim", 1, SpoolOptions{MaxEvents: 2, MaxBytes: 4096})[0]
	now := time.Now()
	if err := q.Add([]*Record{rec("m1", "", "{}"), rec("m2", "", "{}")}, false, now); err != nil {
		t.Fatal(err)
	}
	if err := q.Add([]*Record{rec("m3", "", "{}")}, false, now); !errors.Is(err, ErrFull) {
		t.Errorf("third event: %v, want ErrFull", err)
	}
	if err := q.Add([]*Record{rec("big", "", strings.Repeat("x", 5000))}, false, now); !errors.Is(err, ErrTooLarge) {
		t.Errorf("too large: %v, want ErrTooLarge", err)
	}
}

// Redis gone: Add fails (the provider gets 503, not 2xx); a killed Redis
// with AOF and appendfsync always keeps everything Add acknowledged.
func TestRedisUnavailableAndDurable(t *testing.T) {
	srv := redistest.Start(t, []string{"--appendonly", "yes", "--appendfsync", "always"})
	q, err := Open(srv.URL()+"/0?queue=durable&timeout=300ms", SpoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	now := time.Now()
	for i := 0; i < 20; i++ {
		if err := q.Add([]*Record{rec("d"+strconv.Itoa(i), "", "{}")}, false, now); err != nil {
			t.Fatal(err)
		}
	}
	srv.Stop() // SIGKILL
	if err := q.Add([]*Record{rec("lost", "", "{}")}, false, now); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Add with Redis down: %v, want ErrUnavailable", err)
	}
	if _, _, err := q.Claim(1, 0, now, time.Minute); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Claim with Redis down: %v", err)
	}
	srv.Restart(t)
	st, err := q.Stats(now)
	if err != nil || st.Pending != 20 {
		t.Errorf("after kill -9 and restart: %+v %v, want the 20 acknowledged events", st, err)
	}
}

// The engine on a Redis queue: two engines (two instances) deliver every
// event once, re-signed, through a real upstream.
func TestRedisEngines(t *testing.T) {
	srv := redistest.Start(t, nil)
	up := newUpstream(t)
	up.set(http.StatusOK, 10*time.Millisecond, "")
	qs := redisQueues(t, srv, "engines", 2, SpoolOptions{})
	a := startEngine(t, qs[0], up.url(), nil, nil, fastOptions())
	b := startEngine(t, qs[1], up.url(), nil, nil, fastOptions())
	const n = 40
	for i := 0; i < n; i++ {
		e := a
		if i%2 == 1 {
			e = b
		}
		if err := e.Add([]*Record{rec("eng_"+strconv.Itoa(i), "", "{}")}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 10*time.Second, "every event", func() bool { return len(up.delivered()) == n })
	up.check(t)
	for id, k := range up.delivered() {
		if k != 1 {
			t.Errorf("%s delivered %d times", id, k)
		}
	}
}

func TestRedisOpen(t *testing.T) {
	if !IsRedis("rediss://h:1") || IsRedis("/var/lib/x") {
		t.Error("IsRedis")
	}
	for _, u := range []string{"redis://:pw-secret@h:1/0?queue=bad/name", "redis://:pw-secret@h:1/0?bogus=1", "redis://:pw-secret@h:99999"} {
		q, err := Open(u, SpoolOptions{})
		if err == nil {
			q.Close()
			t.Errorf("%s accepted", u)
		} else if strings.Contains(err.Error(), "pw-secret") {
			t.Errorf("error shows the password: %v", err)
		}
	}
	q, err := OpenRedis("redis://:pw-secret@127.0.0.1:1/0", "dropbox", SpoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if s := q.String(); strings.Contains(s, "pw-secret") || !strings.Contains(s, "queue dropbox") {
		t.Errorf("String() = %q", s)
	}
}
