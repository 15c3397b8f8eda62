package reliability

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// RunConcurrency sends 1,100 deliveries to the gateway at once: 400 valid
// unique GitHub deliveries, 100 concurrent duplicates of them, 400 forged
// ones, 100 validly signed but stale Slack replays and 100 Slack replays
// with a fresh timestamp header but the old signature. Every valid unique
// delivery must reach the upstream exactly once; nothing forged, stale or
// replayed ever does. Then every valid delivery is replayed: all are
// acknowledged (or 409 while the original is being finished), none is
// forwarded again.
func RunConcurrency(t *testing.T, base string, up *Upstream) {
	const valid, dups, forged, stale, resigned = 400, 100, 400, 100, 100
	run := fmt.Sprintf("c%d", time.Now().UnixNano())
	type send struct {
		d    Delivery
		kind string // valid, dup, forged, stale, replay
		id   string
	}
	var sends []send
	validD := make([]Delivery, valid)
	for i := 0; i < valid; i++ {
		id := fmt.Sprintf("%s-valid-%d", run, i)
		validD[i] = GitHub(id, GitHubBody(i))
		sends = append(sends, send{validD[i], "valid", id})
	}
	for i := 0; i < dups; i++ {
		sends = append(sends, send{validD[i*3], "dup", validD[i*3].ID})
	}
	for i := 0; i < forged; i++ {
		id := fmt.Sprintf("%s-forged-%d", run, i)
		d := GitHub(id, GitHubBody(10000+i))
		d.Header = d.Header.Clone()
		sig := d.Header.Get("X-Hub-Signature-256")
		// Flip one hex digit of a real signature: as close as a forger gets.
		b := []byte(sig)
		p := 7 + i%64
		if b[p] == '0' {
			b[p] = '1'
		} else {
			b[p] = '0'
		}
		d.Header.Set("X-Hub-Signature-256", string(b))
		sends = append(sends, send{d, "forged", id})
	}
	old := time.Now().Add(-time.Hour).Unix()
	for i := 0; i < stale; i++ {
		id := fmt.Sprintf("Ev%sStale%d", strings.ReplaceAll(run, "-", ""), i)
		sends = append(sends, send{Slack(old, SlackEvent(id)), "stale", id})
	}
	for i := 0; i < resigned; i++ {
		id := fmt.Sprintf("Ev%sReplay%d", strings.ReplaceAll(run, "-", ""), i)
		d := Slack(old, SlackEvent(id))
		d.Header = d.Header.Clone()
		d.Header.Set("X-Slack-Request-Timestamp", fmt.Sprint(time.Now().Unix()))
		sends = append(sends, send{d, "replay", id})
	}

	before := up.Count("")
	answers := make([]Answer, len(sends))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range sends {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			answers[i] = Send(base, sends[i].d)
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	t.Logf("%d concurrent deliveries answered in %v", len(sends), time.Since(t0).Round(time.Millisecond))

	okByID := map[string]int{}
	for i, s := range sends {
		a := answers[i]
		switch s.kind {
		case "valid", "dup":
			if a.Err != nil || (a.Status != 200 && a.Status != 409) {
				t.Errorf("%s %s: got %s, want 200 (or 409 for a copy in flight)", s.kind, s.id, a)
			}
			if a.Status == 200 {
				okByID[s.id]++
			}
		default:
			if a.Err != nil || a.Status != 401 {
				t.Errorf("%s %s: got %s, want 401", s.kind, s.id, a)
			}
		}
		if what := Leak(a.Body, s.d.MACs...); what != "" {
			t.Errorf("%s %s: the answer carries a %s", s.kind, s.id, what)
		}
	}
	arrived := map[string]int{}
	for _, a := range up.Arrivals()[before:] {
		arrived[a.ID]++
		if a.Verified != nil {
			t.Errorf("arrival %s: re-signature does not verify: %v", a.ID, a.Verified)
		}
	}
	for _, d := range validD {
		if okByID[d.ID] == 0 {
			t.Errorf("valid %s: no send was answered 200", d.ID)
		}
		if arrived[d.ID] != 1 {
			t.Errorf("valid %s reached the upstream %d times, want exactly 1", d.ID, arrived[d.ID])
		}
	}
	if got := up.Count("") - before; got != valid {
		t.Errorf("%d arrivals upstream, want %d (forged, stale or replayed deliveries got through?)", got, valid)
	}

	// Replay every valid delivery: acknowledged, never forwarded again.
	before = up.Count("")
	var mu sync.Mutex
	bad := 0
	sem := make(chan struct{}, 100)
	for _, d := range validD {
		d := d
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			// 409: the original's dedup record is still being finished
			// (the answer reaches the provider just before Finish runs);
			// the provider retries and gets 200. Never forwarded again.
			if a := Send(base, d); a.Err != nil || (a.Status != http.StatusOK && a.Status != http.StatusConflict) {
				mu.Lock()
				bad++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if bad > 0 {
		t.Errorf("%d replays of delivered deliveries were answered neither 200 nor 409", bad)
	}
	if got := up.Count("") - before; got != 0 {
		t.Errorf("%d replays of delivered deliveries reached the upstream", got)
	}
}
