// Package queuetest is the contract every queue.Backend keeps (the spool's
// tests run it; a Redis backend runs it too): call Run from a test with a
// function that opens two handles on one fresh, empty storage, as two
// processes would.
//
// It is written in the subset of Go that Yaegi v0.16.1 runs: the spool's
// tests run it interpreted as well.
package queuetest

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookstile/hookstile/queue"
)

// Open returns two handles on one new, empty storage (two processes on one
// spool directory, two clients of one Redis).
type Open func(t *testing.T) (queue.Backend, queue.Backend)

// Run runs every contract test as a subtest.
func Run(t *testing.T, open Open) {
	t.Run("AddClaimDone", func(t *testing.T) { addClaimDone(t, open) })
	t.Run("TwoProcesses", func(t *testing.T) { twoProcesses(t, open) })
	t.Run("Lease", func(t *testing.T) { leaseExpiry(t, open) })
	t.Run("RetryBuryReplayDrop", func(t *testing.T) { retryBuryReplayDrop(t, open) })
	t.Run("PerSubject", func(t *testing.T) { perSubjectLimit(t, open) })
	t.Run("PerSubjectRace", func(t *testing.T) { perSubjectRace(t, open) })
	t.Run("Coalesce", func(t *testing.T) { coalescing(t, open) })
}

// Rec builds a prepared record, accepted a second ago (so it is due at any
// now a test took before building it).
func Rec(id, subject, body string) *queue.Record {
	r := &queue.Record{ID: id, Provider: "test", Type: "ping", Subject: subject, Body: []byte(body)}
	r.Header = http.Header{}
	r.Header.Set("Content-Type", "application/json")
	if subject != "" {
		r.Header.Set("X-Subject", subject)
	}
	return r.Prepare(time.Now().Add(-time.Second))
}

// addClaimDone: records come out in queue order, once, until done.
func addClaimDone(t *testing.T, open Open) {
	s, _ := open(t)
	now := time.Now()
	if err := s.Add([]*queue.Record{Rec("a", "", "1"), Rec("b", "", "2"), Rec("c", "", "3")}, false, now); err != nil {
		t.Fatal(err)
	}
	cs, _, err := s.Claim(2, 0, now, time.Minute)
	if err != nil || len(cs) != 2 {
		t.Fatalf("Claim(2) = %d claims, %v", len(cs), err)
	}
	if cs[0].Record.ID != "a" || cs[1].Record.ID != "b" {
		t.Errorf("claims out of queue order: %s, %s", cs[0].Record.ID, cs[1].Record.ID)
	}
	more, _, _ := s.Claim(5, 0, now, time.Minute)
	if len(more) != 1 || more[0].Record.ID != "c" {
		t.Fatalf("second Claim = %d claims", len(more))
	}
	none, _, _ := s.Claim(5, 0, now, time.Minute)
	if len(none) != 0 {
		t.Fatalf("an event in flight was claimed again")
	}
	st, _ := s.Stats(now)
	if st.Pending != 0 || st.InFlight != 3 || st.Oldest.IsZero() {
		t.Errorf("stats %+v", st)
	}
	for _, c := range append(cs, more...) {
		if err := s.Done(c); err != nil {
			t.Fatal(err)
		}
	}
	st, _ = s.Stats(now)
	if st.Pending+st.InFlight+st.Dead != 0 || st.Bytes != 0 {
		t.Errorf("stats after Done %+v", st)
	}
}

// twoProcesses: two handles on one storage (a reload's old and new
// configuration) claim concurrently; no event is handed out twice while held,
// and every event is handed out.
func twoProcesses(t *testing.T, open Open) {
	a, b := open(t)
	const n = 60
	var recs []*queue.Record
	for i := 0; i < n; i++ {
		recs = append(recs, Rec("e"+string(rune('A'+i%26))+strings.Repeat("x", i/26), "", "body"))
	}
	if err := a.Add(recs, false, time.Now()); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	held := map[string]bool{}
	seen := map[string]int{}
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		sp := a
		if w%2 == 1 {
			sp = b
		}
		wg.Add(1)
		go func(sp queue.Backend) {
			defer wg.Done()
			for round := 0; round < 200; round++ {
				cs, _, err := sp.Claim(3, 0, time.Now(), time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if len(cs) == 0 {
					st, _ := sp.Stats(time.Now())
					if st.Pending == 0 && st.InFlight == 0 {
						return
					}
					continue
				}
				mu.Lock()
				for _, c := range cs {
					if held[c.Key] {
						t.Errorf("%s claimed twice at once", c.Record.ID)
					}
					held[c.Key] = true
					seen[c.Record.ID]++
				}
				mu.Unlock()
				for _, c := range cs {
					mu.Lock()
					delete(held, c.Key)
					mu.Unlock()
					if err := sp.Done(c); err != nil {
						t.Error(err)
					}
				}
			}
		}(sp)
	}
	wg.Wait()
	if len(seen) != n {
		t.Errorf("%d distinct events handed out, want %d", len(seen), n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("%s handed out %d times", id, k)
		}
	}
}

// leaseExpiry: a claim that is not renewed (its process died) is taken up
// again after its lease; the old claimer then finds it lost. A renewed claim
// is not.
func leaseExpiry(t *testing.T, open Open) {
	a, b := open(t)
	now := time.Now()
	a.Add([]*queue.Record{Rec("dies", "", "1"), Rec("lives", "", "2")}, false, now)
	cs, _, _ := a.Claim(2, 0, now, 200*time.Millisecond)
	if len(cs) != 2 {
		t.Fatalf("claimed %d", len(cs))
	}
	later := now.Add(150 * time.Millisecond)
	if err := a.Renew(cs[1], later, time.Minute); err != nil {
		t.Fatal(err)
	}
	got, _, _ := b.Claim(5, 0, now.Add(300*time.Millisecond), time.Minute)
	if len(got) != 1 || got[0].Record.ID != "dies" {
		t.Fatalf("after the lease: claimed %d", len(got))
	}
	if err := a.Done(cs[0]); !errors.Is(err, queue.ErrLost) {
		t.Errorf("Done on a lost claim = %v, want queue.ErrLost", err)
	}
	if err := a.Retry(cs[0], now); !errors.Is(err, queue.ErrLost) {
		t.Errorf("Retry on a lost claim = %v, want queue.ErrLost", err)
	}
	if err := a.Done(cs[1]); err != nil {
		t.Errorf("Done on a renewed claim: %v", err)
	}
	if err := b.Done(got[0]); err != nil {
		t.Error(err)
	}
}

// retryBuryReplayDrop: a retry waits until due; a dead letter keeps its last
// error, is replayed with its webhook-id and a fresh budget, and is dropped.
func retryBuryReplayDrop(t *testing.T, open Open) {
	s, _ := open(t)
	now := time.Now()
	s.Add([]*queue.Record{Rec("r1", "", "1")}, false, now)
	cs, _, _ := s.Claim(1, 0, now, time.Minute)
	c := cs[0]
	c.Record.Attempts = 1
	c.Record.LastError = "503 Service Unavailable"
	c.Record.Next = now.Add(time.Hour)
	if err := s.Retry(c, now); err != nil {
		t.Fatal(err)
	}
	cs, next, _ := s.Claim(1, 0, now, time.Minute)
	if len(cs) != 0 || next.Sub(now.Add(time.Hour)) > time.Millisecond || now.Add(time.Hour).Sub(next) > time.Millisecond {
		t.Fatalf("claimed %d before it was due; next %v", len(cs), next)
	}
	cs, _, _ = s.Claim(1, 0, now.Add(time.Hour), time.Minute)
	if len(cs) != 1 || cs[0].Record.Attempts != 1 || cs[0].Record.LastError != "503 Service Unavailable" {
		t.Fatalf("retried record: %+v", cs)
	}
	cs[0].Record.Attempts = 2
	cs[0].Record.LastError = "400 Bad Request"
	if err := s.Bury(cs[0], now); err != nil {
		t.Fatal(err)
	}
	st, _ := s.Stats(now)
	if st.Dead != 1 || st.Pending != 0 {
		t.Fatalf("stats %+v", st)
	}
	ents, _ := s.List(now)
	if len(ents) != 1 || ents[0].State != queue.StateDead || ents[0].Record.LastError != "400 Bad Request" {
		t.Fatalf("list %+v", ents)
	}
	if _, err := s.Replay([]string{"nope"}, false, now); !errors.Is(err, queue.ErrNotFound) {
		t.Errorf("replay of an unknown id: %v", err)
	}
	n, err := s.Replay([]string{"r1"}, false, now)
	if err != nil || n != 1 {
		t.Fatalf("replay = %d, %v", n, err)
	}
	cs, _, _ = s.Claim(1, 0, now, time.Minute)
	if len(cs) != 1 || cs[0].Record.ID != "r1" || cs[0].Record.Attempts != 0 {
		t.Fatalf("replayed record: %+v", cs)
	}
	cs[0].Record.Died = now
	s.Bury(cs[0], now)
	s.Add([]*queue.Record{Rec("p1", "", "x")}, false, now)
	if n, err := s.Drop(nil, true, now); err != nil || n != 1 {
		t.Errorf("drop --all = %d, %v (dead letters only)", n, err)
	}
	if n, err := s.Drop([]string{"p1"}, false, now); err != nil || n != 1 {
		t.Errorf("drop p1 = %d, %v", n, err)
	}
	st, _ = s.Stats(now)
	if st.Pending+st.InFlight+st.Dead != 0 {
		t.Errorf("stats %+v", st)
	}
}

// perSubjectLimit: at most perSubject in flight per subject, in queue
// order, across two processes.
func perSubjectLimit(t *testing.T, open Open) {
	a, b := open(t)
	now := time.Now()
	a.Add([]*queue.Record{Rec("a1", "A", "1"), Rec("a2", "A", "2"), Rec("b1", "B", "1"), Rec("a3", "A", "3"), Rec("n1", "", "1"), Rec("n2", "", "2")}, false, now)
	cs, _, _ := a.Claim(10, 1, now, time.Minute)
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.Record.ID)
	}
	if strings.Join(ids, ",") != "a1,b1,n1,n2" {
		t.Fatalf("claimed %v, want a1,b1,n1,n2", ids)
	}
	if more, _, _ := b.Claim(10, 1, now, time.Minute); len(more) != 0 {
		t.Fatalf("other process claimed %s while A and B are in flight", more[0].Record.ID)
	}
	a.Done(cs[0])
	more, _, _ := b.Claim(10, 1, now, time.Minute)
	if len(more) != 1 || more[0].Record.ID != "a2" {
		t.Fatalf("after a1: %+v", more)
	}
	// a2 fails and is due later: a3 waits behind it.
	more[0].Record.Next = now.Add(time.Hour)
	b.Retry(more[0], now)
	if cs, _, _ := a.Claim(10, 1, now, time.Minute); len(cs) != 0 {
		t.Fatalf("%s overtook a2", cs[0].Record.ID)
	}
}

// perSubjectRace: many claimers in two processes, one subject;
// never two of its events in flight.
func perSubjectRace(t *testing.T, open Open) {
	a, b := open(t)
	var recs []*queue.Record
	for i := 0; i < 30; i++ {
		recs = append(recs, Rec("s"+strings.Repeat("x", i), "S", "1"))
	}
	a.Add(recs, false, time.Now())
	var mu sync.Mutex
	inFlight := 0
	done := 0
	var wg sync.WaitGroup
	for w := 0; w < 6; w++ {
		sp := a
		if w%2 == 1 {
			sp = b
		}
		wg.Add(1)
		go func(sp queue.Backend) {
			defer wg.Done()
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) {
				mu.Lock()
				finished := done == 30
				mu.Unlock()
				if finished {
					return
				}
				cs, _, err := sp.Claim(2, 1, time.Now(), time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				for _, c := range cs {
					mu.Lock()
					inFlight++
					if inFlight > 1 {
						t.Errorf("two events of one subject in flight")
					}
					mu.Unlock()
					time.Sleep(time.Millisecond)
					mu.Lock()
					inFlight--
					done++
					mu.Unlock()
					sp.Done(c)
				}
			}
		}(sp)
	}
	wg.Wait()
	if done != 30 {
		t.Errorf("%d of 30 delivered", done)
	}
}

// coalescing: a new event of a subject replaces its pending one
// (keeping its place and schedule); while the subject is in flight, the new
// event waits behind it.
func coalescing(t *testing.T, open Open) {
	s, _ := open(t)
	now := time.Now()
	s.Add([]*queue.Record{Rec("x1", "X", "old"), Rec("y1", "Y", "y")}, true, now)
	if err := s.Add([]*queue.Record{Rec("x2", "X", "new")}, true, now); err != nil {
		t.Fatal(err)
	}
	st, _ := s.Stats(now)
	if st.Pending != 2 {
		t.Fatalf("pending %d, want 2 (x2 merged into x1)", st.Pending)
	}
	cs, _, _ := s.Claim(10, 1, now, time.Minute)
	if len(cs) != 2 || cs[0].Record.ID != "x2" || string(cs[0].Record.Body) != "new" || cs[0].Record.Merged != 1 {
		t.Fatalf("claims %+v", cs[0].Record)
	}
	// X is in flight: x3 is not merged into it, and waits.
	s.Add([]*queue.Record{Rec("x3", "X", "newer")}, true, now)
	s.Add([]*queue.Record{Rec("x4", "X", "newest")}, true, now)
	if more, _, _ := s.Claim(10, 1, now, time.Minute); len(more) != 0 {
		t.Fatalf("claimed %s while X is in flight", more[0].Record.ID)
	}
	s.Done(cs[0])
	more, _, _ := s.Claim(10, 1, time.Now(), time.Minute)
	if len(more) != 1 || more[0].Record.ID != "x4" || string(more[0].Record.Body) != "newest" || more[0].Record.Merged != 1 {
		t.Fatalf("after x2: %+v", more)
	}
}
