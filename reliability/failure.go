package reliability

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/core"
)

// RunUpstreamFailure is the upstream-failure scenario, for any gateway whose
// routes time the upstream out after 2s.
func RunUpstreamFailure(t *testing.T, base string, up *Upstream) {
	now := time.Now().Unix()
	type route struct {
		name  string
		make  func(n int) Delivery
		ackOK func(a Answer) bool // the success answer the provider needs
	}
	plain := func(a Answer) bool { return a.Status == 200 && a.Body == "upstream answer" }
	routesUnderTest := []route{
		{"github", func(n int) Delivery { return GitHub(fmt.Sprintf("fail-%d-%d", n, now), GitHubBody(n)) }, plain},
		{"stripe", func(n int) Delivery {
			return Stripe(time.Now().Unix(), StripeEvent(fmt.Sprintf("evt_fail_%d_%d", n, now)))
		}, plain},
		// Mailgun's signature does not cover the event and is accepted
		// once: a failed attempt must release it, or its retry (the same
		// signature) would be refused and the event lost (issue #11, 15).
		{"mailgun", func(n int) Delivery {
			return Mailgun(time.Now(), fmt.Sprintf("mg-fail-%d-%d", n, now))
		}, plain},
		{"dropbox_sign", func(n int) Delivery {
			return DropboxSign(now+int64(n), "signature_request_signed", fmt.Sprintf("req-fail-%d", n))
		}, func(a Answer) bool { return a.Status == 200 && a.Body == core.DropboxSignAck }},
	}
	modes := []struct {
		name   string
		break_ func()
		heal   func()
		// reachedWhileBroken: the failed attempt itself arrives upstream
		reachedWhileBroken int
		within             time.Duration
	}{
		{"upstream answers 503", func() { up.Status.Store(503) }, func() { up.Status.Store(200) }, 1, 5 * time.Second},
		{"upstream answers 500", func() { up.Status.Store(500) }, func() { up.Status.Store(200) }, 1, 5 * time.Second},
		{"upstream down", up.Down, func() {
			if err := up.Up(); err != nil {
				t.Fatalf("upstream back up: %v", err)
			}
		}, 0, 5 * time.Second},
		{"upstream slower than the 2s timeout", func() { up.Delay.Store(int64(4 * time.Second)) }, func() { up.Delay.Store(0) }, 1, 8 * time.Second},
	}
	n := 0
	for _, r := range routesUnderTest {
		for _, m := range modes {
			r, m := r, m
			n++
			d := r.make(n)
			t.Run(r.name+"/"+m.name, func(t *testing.T) {
				m.break_()
				broken := true
				defer func() {
					if broken {
						m.heal()
					}
				}()
				before := up.Count(d.Path)
				a := Send(base, d)
				if a.Err != nil {
					t.Fatalf("while broken: %v", a.Err)
				}
				if a.Status < 500 || a.Status > 599 {
					t.Errorf("while broken: got %s, want a 5xx the provider retries", a)
				}
				if r.ackOK(a) || strings.Contains(a.Body, core.DropboxSignAck) {
					t.Errorf("while broken: the provider got the success acknowledgement %s", a)
				}
				if a.Took > m.within {
					t.Errorf("while broken: took %v, want at most %v", a.Took, m.within)
				}
				if got := up.Count(d.Path) - before; got != m.reachedWhileBroken {
					t.Errorf("while broken: %d arrivals, want %d", got, m.reachedWhileBroken)
				}
				if what := Leak(a.Body, d.MACs...); what != "" {
					t.Errorf("while broken: the answer carries a %s", what)
				}

				m.heal()
				broken = false
				time.Sleep(50 * time.Millisecond) // a slow attempt's upstream handler returns
				before = up.Count(d.Path)
				a = Send(base, d) // the provider's retry, same delivery
				if !r.ackOK(a) {
					t.Fatalf("retry after recovery: got %s, want the provider's success answer", a)
				}
				if got := up.Count(d.Path) - before; got != 1 {
					t.Fatalf("retry after recovery: %d arrivals, want 1 (dedup must not swallow an undelivered delivery)", got)
				}
				last := up.Arrivals()[len(up.Arrivals())-1]
				if last.Verified != nil {
					t.Errorf("retry: re-signature does not verify: %v", last.Verified)
				}
				a = Send(base, d) // a duplicate after success
				if a.Status != 200 {
					t.Errorf("duplicate after success: got %s, want 200", a)
				}
				if got := up.Count(d.Path) - before; got != 1 {
					t.Errorf("duplicate after success reached the upstream (%d arrivals)", got)
				}
			})
		}
	}
}
