package queue

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSpoolAddClaimDone(t *testing.T) {
	s := openSpool(t, t.TempDir(), nil)
	now := time.Now()
	if err := s.Add([]*Record{rec("a", "", "1"), rec("b", "", "2"), rec("c", "", "3")}, false, now); err != nil {
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

// TestSpoolRecordFormat: a stored file is the record's JSON, readable back.
func TestSpoolRecordFormat(t *testing.T) {
	dir := t.TempDir()
	s := openSpool(t, dir, nil)
	r := rec("msg_1", "acct", `{"x":1}`)
	r.Header.Set("Webhook-Signature", "v1,never-stored")
	if err := s.Add([]*Record{r}, false, time.Now()); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "pending", "*.json"))
	if len(files) != 1 {
		t.Fatalf("pending files: %v", files)
	}
	b, _ := os.ReadFile(files[0])
	got, err := DecodeRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "msg_1" || got.Subject != "acct" || string(got.Body) != `{"x":1}` || got.Header.Get("Content-Type") != "application/json" {
		t.Errorf("record read back: %+v", got)
	}
	if got.Header.Get("Webhook-Signature") != "" || strings.Contains(string(b), "never-stored") {
		t.Error("a signature header was stored")
	}
}

// TestSpoolTwoProcesses: two spools on one directory (a reload's old and new
// configuration) claim concurrently; no event is handed out twice while held,
// and every event is handed out.
func TestSpoolTwoProcesses(t *testing.T) {
	dir := t.TempDir()
	a := openSpool(t, dir, nil)
	b := openSpool(t, dir, nil)
	const n = 60
	var recs []*Record
	for i := 0; i < n; i++ {
		recs = append(recs, rec("e"+string(rune('A'+i%26))+strings.Repeat("x", i/26), "", "body"))
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
		go func(sp *Spool) {
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

// TestSpoolLease: a claim that is not renewed (its process died) is taken up
// again after its lease; the old claimer then finds it lost. A renewed claim
// is not.
func TestSpoolLease(t *testing.T) {
	dir := t.TempDir()
	a := openSpool(t, dir, nil)
	b := openSpool(t, dir, nil)
	now := time.Now()
	a.Add([]*Record{rec("dies", "", "1"), rec("lives", "", "2")}, false, now)
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
	if err := a.Done(cs[0]); !errors.Is(err, ErrLost) {
		t.Errorf("Done on a lost claim = %v, want ErrLost", err)
	}
	if err := a.Retry(cs[0], now); !errors.Is(err, ErrLost) {
		t.Errorf("Retry on a lost claim = %v, want ErrLost", err)
	}
	if err := a.Done(cs[1]); err != nil {
		t.Errorf("Done on a renewed claim: %v", err)
	}
	if err := b.Done(got[0]); err != nil {
		t.Error(err)
	}
}

func TestSpoolRetryBuryReplayDrop(t *testing.T) {
	s := openSpool(t, t.TempDir(), nil)
	now := time.Now()
	s.Add([]*Record{rec("r1", "", "1")}, false, now)
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
	if len(ents) != 1 || ents[0].State != StateDead || ents[0].Record.LastError != "400 Bad Request" {
		t.Fatalf("list %+v", ents)
	}
	if _, err := s.Replay([]string{"nope"}, false, now); !errors.Is(err, ErrNotFound) {
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
	s.Add([]*Record{rec("p1", "", "x")}, false, now)
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

// TestSpoolCorrupt: truncated, edited and foreign files are set aside with
// one log line each, and the queue goes on.
func TestSpoolCorrupt(t *testing.T) {
	dir := t.TempDir()
	log := &memLog{}
	s := openSpool(t, dir, log)
	now := time.Now()
	s.Add([]*Record{rec("t1", "", `{"a":1}`), rec("e1", "", `{"a":2}`), rec("ok", "", `{"a":3}`)}, false, now)
	files, _ := filepath.Glob(filepath.Join(dir, "pending", "*.json"))
	if len(files) != 3 {
		t.Fatal(files)
	}
	b0, _ := os.ReadFile(files[0])
	os.WriteFile(files[0], b0[:len(b0)/2], 0o600) // truncated
	b1, _ := os.ReadFile(files[1])
	os.WriteFile(files[1], []byte(strings.Replace(string(b1), `"body":"`, `"body":"QQ`, 1)), 0o600) // edited
	os.WriteFile(filepath.Join(dir, "pending", "notes.txt"), []byte("hi"), 0o600)
	cs, _, err := s.Claim(10, 0, now, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Record.ID != "ok" {
		t.Fatalf("claims %d", len(cs))
	}
	bad, _ := filepath.Glob(filepath.Join(dir, "bad", "*"))
	if len(bad) != 3 {
		t.Errorf("bad/ holds %v", bad)
	}
	if n := log.count("set aside"); n != 3 {
		t.Errorf("%d log lines about corrupt files:\n%s", n, log)
	}
}

func TestSpoolLimits(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenSpool(dir, SpoolOptions{MaxEvents: 2, MaxBytes: 2000})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := s.Add([]*Record{rec("big", "", strings.Repeat("x", 3000))}, false, now); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversize event: %v, want ErrTooLarge", err)
	}
	if err := s.Add([]*Record{rec("a", "", "1"), rec("b", "", "2")}, false, now); err != nil {
		t.Fatal(err)
	}
	if err := s.Add([]*Record{rec("c", "", "3")}, false, now); !errors.Is(err, ErrFull) {
		t.Errorf("third event: %v, want ErrFull", err)
	}
	// Another process on the same directory sees the same bound.
	s2, _ := OpenSpool(dir, SpoolOptions{MaxEvents: 2, MaxBytes: 2000})
	if err := s2.Add([]*Record{rec("d", "", "4")}, false, now); !errors.Is(err, ErrFull) {
		t.Errorf("other process: %v, want ErrFull", err)
	}
	cs, _, _ := s.Claim(1, 0, now, time.Minute)
	s.Done(cs[0])
	if err := s.Add([]*Record{rec("c", "", "3")}, false, now); err != nil {
		t.Errorf("after a delivery: %v", err)
	}
}

// TestSpoolUnwritable: a spool whose directory cannot be written refuses
// events with ErrUnavailable (503), never pretends to store them.
func TestSpoolUnwritable(t *testing.T) {
	dir := t.TempDir()
	s := openSpool(t, dir, nil)
	os.RemoveAll(filepath.Join(dir, "tmp"))
	os.WriteFile(filepath.Join(dir, "tmp"), []byte("not a directory"), 0o600)
	if err := s.Add([]*Record{rec("a", "", "1")}, false, time.Now()); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Add = %v, want ErrUnavailable", err)
	}
	st, _ := s.Stats(time.Now())
	if st.Pending != 0 {
		t.Errorf("stats %+v", st)
	}
	if _, err := OpenSpool(filepath.Join(dir, "tmp", "x"), SpoolOptions{}); err == nil {
		t.Error("OpenSpool under a file succeeded")
	}
}

// TestSpoolPerSubject: at most perSubject in flight per subject, in queue
// order, across two processes.
func TestSpoolPerSubject(t *testing.T) {
	dir := t.TempDir()
	a := openSpool(t, dir, nil)
	b := openSpool(t, dir, nil)
	now := time.Now()
	a.Add([]*Record{rec("a1", "A", "1"), rec("a2", "A", "2"), rec("b1", "B", "1"), rec("a3", "A", "3"), rec("n1", "", "1"), rec("n2", "", "2")}, false, now)
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

// TestSpoolPerSubjectRace: many claimers in two processes, one subject;
// never two of its events in flight.
func TestSpoolPerSubjectRace(t *testing.T) {
	dir := t.TempDir()
	a := openSpool(t, dir, nil)
	b := openSpool(t, dir, nil)
	var recs []*Record
	for i := 0; i < 30; i++ {
		recs = append(recs, rec("s"+strings.Repeat("x", i), "S", "1"))
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
		go func(sp *Spool) {
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

// TestSpoolCoalesce: a new event of a subject replaces its pending one
// (keeping its place and schedule); while the subject is in flight, the new
// event waits behind it.
func TestSpoolCoalesce(t *testing.T) {
	s := openSpool(t, t.TempDir(), nil)
	now := time.Now()
	s.Add([]*Record{rec("x1", "X", "old"), rec("y1", "Y", "y")}, true, now)
	if err := s.Add([]*Record{rec("x2", "X", "new")}, true, now); err != nil {
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
	s.Add([]*Record{rec("x3", "X", "newer")}, true, now)
	s.Add([]*Record{rec("x4", "X", "newest")}, true, now)
	if more, _, _ := s.Claim(10, 1, now, time.Minute); len(more) != 0 {
		t.Fatalf("claimed %s while X is in flight", more[0].Record.ID)
	}
	s.Done(cs[0])
	more, _, _ := s.Claim(10, 1, time.Now(), time.Minute)
	if len(more) != 1 || more[0].Record.ID != "x4" || string(more[0].Record.Body) != "newest" || more[0].Record.Merged != 1 {
		t.Fatalf("after x2: %+v", more)
	}
}

// TestSpoolCoalesceHoldRecovered: a coalescing hold left by a crash goes back
// to pending.
func TestSpoolCoalesceHoldRecovered(t *testing.T) {
	dir := t.TempDir()
	s := openSpool(t, dir, nil)
	now := time.Now()
	s.Add([]*Record{rec("x1", "X", "old")}, true, now)
	files, _ := filepath.Glob(filepath.Join(dir, "pending", "*.json"))
	hold := filepath.Join(dir, "tmp", "c."+strconv.FormatInt(ms(now.Add(-2*time.Minute)), 10)+"."+filepath.Base(files[0]))
	if err := os.Rename(files[0], hold); err != nil {
		t.Fatal(err)
	}
	cs, _, _ := s.Claim(1, 0, now, time.Minute)
	if len(cs) != 1 || cs[0].Record.ID != "x1" {
		t.Fatalf("hold not recovered: %d claims", len(cs))
	}
}
