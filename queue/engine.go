package queue

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hookstile/hookstile/core"
)

// Defaults of an Engine's Options.
const (
	DefaultAttempts    = 20
	DefaultMaxAge      = 72 * time.Hour
	DefaultBackoffMin  = time.Second
	DefaultBackoffMax  = 10 * time.Minute
	DefaultTimeout     = 10 * time.Second
	DefaultConcurrency = 8
	DefaultPoll        = time.Second
	DefaultGrace       = 2 * time.Second
)

// Outcomes of an attempt, as Observer.Attempted gets them.
const (
	OutcomeDelivered = "delivered" // 2xx: done
	OutcomeRetry     = "retry"     // will be tried again
	OutcomeDead      = "dead"      // dead letter
	OutcomeLost      = "lost"      // the claim expired under the attempt; delivered again later
	OutcomeReleased  = "released"  // the engine stopped during the attempt; pending again
)

// Options configure an Engine. Zero values take the defaults.
type Options struct {
	// Attempts before an event is dead-lettered. Default 20.
	Attempts int
	// MaxAge after which a failing event is dead-lettered. Default 72h.
	MaxAge time.Duration
	// BackoffMin is the delay before the first retry, BackoffMax the cap:
	// the delay doubles per attempt, with jitter, never below the minimum.
	// A Retry-After answer is honoured. Defaults 1s and 10m.
	BackoffMin time.Duration
	BackoffMax time.Duration
	// Timeout bounds each attempt. Default 10s.
	Timeout time.Duration
	// Concurrency is how many attempts run at once. Default 8.
	Concurrency int
	// PerSubject is how many events of one subject may be in flight at once
	// (0: no limit); with a limit, a subject's events go in queue order.
	PerSubject int
	// Coalesce merges a new event into a pending one of the same subject.
	Coalesce bool
	// Poll is how often the storage is scanned for work that other
	// processes (a second gateway, `hookstile queue replay`) put there.
	// Default 1s.
	Poll time.Duration
	// Grace is how long Stop waits for attempts in flight before it
	// cancels them and gives their events back. Default 2s.
	Grace time.Duration
}

// Deliverer makes one attempt: it sends the event with the headers of that
// attempt and returns the receiver's status and Retry-After header, or the
// error (connection refused, timeout, ...) that prevented an answer.
type Deliverer interface {
	Deliver(ctx context.Context, rec *Record, h http.Header) (status int, retryAfter string, err error)
}

// Signer sets the signature headers of one attempt on h (webhook-id,
// webhook-timestamp = now, webhook-signature), or nothing when the route has
// no sign key. *core.Verifier is one.
type Signer interface {
	SignHeaders(h http.Header, id string, body []byte, now time.Time)
}

// Observer is told about every attempt and, after each scan, the queue's
// counts (metrics, log lines). Calls come from the engine's goroutines.
type Observer interface {
	Attempted(rec *Record, outcome string, status int, err error)
	Counted(st Stats)
}

// Engine delivers the events of one Backend: workers claim due events,
// send each re-signed with the attempt's time, and settle it (done, retry
// with backoff, dead letter).
type Engine struct {
	b    Backend
	o    Options
	d    Deliverer
	sign Signer
	log  Logger
	obs  Observer
	name string // for log lines

	lease time.Duration
	fn    bound

	mu       sync.Mutex
	cond     *sync.Cond // signalled under mu
	started  bool
	stopping bool
	kick     bool
	busy     int
	active   map[*Claim]*attempt
	work     chan *Claim
	wakeT    *time.Timer
	renewT   *time.Timer
	failing  bool // storage failing: logged once until it works again
	counted  time.Time
	stopCtx  context.Context
	cancel   context.CancelFunc
	workers  sync.WaitGroup
	dispatch sync.WaitGroup
}

// bound holds the interface methods the workers call, as func values taken
// once, before any worker runs. Under Yaegi v0.16.1 the first call of an
// interface method builds and caches reflect types without a lock: workers
// making that first call at once race (seen with -race through Traefik's
// loader). Taking the method values in one goroutine builds them up front.
type bound struct {
	deliver   func(context.Context, *Record, http.Header) (int, string, error)
	sign      func(http.Header, string, []byte, time.Time)
	done      func(*Claim) error
	retry     func(*Claim, time.Time) error
	bury      func(*Claim, time.Time) error
	release   func(*Claim, time.Time) error
	renew     func(*Claim, time.Time, time.Duration) error
	attempted func(*Record, string, int, error)
	log       func(string, string)
}

// bind takes the method values; called before Start.
func (e *Engine) bind() {
	e.fn.deliver = e.d.Deliver
	e.fn.done = e.b.Done
	e.fn.retry = e.b.Retry
	e.fn.bury = e.b.Bury
	e.fn.release = e.b.Release
	e.fn.renew = e.b.Renew
	if e.sign != nil {
		e.fn.sign = e.sign.SignHeaders
	}
	if e.obs != nil {
		e.fn.attempted = e.obs.Attempted
	}
	if e.log != nil {
		e.fn.log = e.log.Log
	}
}

// attempt is the engine's state of one claim.
type attempt struct {
	mu      sync.Mutex // held while the backend is called for this claim
	cancel  context.CancelFunc
	lost    bool
	settled bool
}

// NewEngine builds an engine on b. d makes the attempts; sign, log and obs
// may be nil. name prefixes log lines (the route).
func NewEngine(b Backend, d Deliverer, sign Signer, log Logger, obs Observer, name string, o Options) (*Engine, error) {
	if b == nil || d == nil {
		return nil, fmt.Errorf("queue: no backend or no deliverer")
	}
	if o.Attempts == 0 {
		o.Attempts = DefaultAttempts
	}
	if o.MaxAge == 0 {
		o.MaxAge = DefaultMaxAge
	}
	if o.BackoffMin == 0 {
		o.BackoffMin = DefaultBackoffMin
	}
	if o.BackoffMax == 0 {
		o.BackoffMax = DefaultBackoffMax
		if o.BackoffMax < o.BackoffMin {
			o.BackoffMax = o.BackoffMin
		}
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Concurrency == 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Poll == 0 {
		o.Poll = DefaultPoll
	}
	if o.Grace == 0 {
		o.Grace = DefaultGrace
	}
	switch {
	case o.Attempts < 0:
		return nil, fmt.Errorf("queue: attempts must be positive")
	case o.MaxAge < 0 || o.BackoffMin < 0 || o.Timeout < 0 || o.Poll < 0 || o.Grace < 0:
		return nil, fmt.Errorf("queue: durations must be positive")
	case o.BackoffMax < o.BackoffMin:
		return nil, fmt.Errorf("queue: backoff maximum %v is below the minimum %v", o.BackoffMax, o.BackoffMin)
	case o.Concurrency < 0 || o.PerSubject < 0:
		return nil, fmt.Errorf("queue: concurrency and per_subject must not be negative")
	}
	e := &Engine{b: b, o: o, d: d, sign: sign, log: log, obs: obs, name: name}
	// A lease outlives an attempt (bounded by Timeout) by a margin, and is
	// renewed while the attempt runs: a process that died is taken over
	// after at most one lease.
	e.lease = o.Timeout + 15*time.Second
	e.cond = sync.NewCond(&e.mu)
	e.active = map[*Claim]*attempt{}
	e.stopCtx, e.cancel = context.WithCancel(context.Background())
	return e, nil
}

// SetSigner sets the signer before Start (the verifier that signs is built
// with the engine as its queue, so it comes second).
func (e *Engine) SetSigner(s Signer) {
	e.mu.Lock()
	e.sign = s
	e.mu.Unlock()
}

// SetSubjects sets PerSubject and Coalesce before Start (their defaults
// depend on the provider, known once the verifier is built).
func (e *Engine) SetSubjects(perSubject int, coalesce bool) {
	e.mu.Lock()
	if !e.started && perSubject >= 0 {
		e.o.PerSubject = perSubject
		e.o.Coalesce = coalesce
	}
	e.mu.Unlock()
}

// Options returns the engine's options, defaults filled in.
func (e *Engine) Options() Options { return e.o }

// Backend returns the engine's storage.
func (e *Engine) Backend() Backend { return e.b }

// Start starts the workers. An engine starts once.
func (e *Engine) Start() {
	e.mu.Lock()
	if e.started {
		e.mu.Unlock()
		return
	}
	e.started = true
	e.kick = true
	e.work = make(chan *Claim, e.o.Concurrency)
	e.bind()
	e.mu.Unlock()
	for i := 0; i < e.o.Concurrency; i++ {
		e.workers.Add(1)
		go e.worker()
	}
	e.dispatch.Add(1)
	go e.dispatcher()
	e.scheduleRenew()
}

// Stop stops claiming, waits up to Grace for the attempts in flight, then
// cancels the rest and gives their events back (pending, due at once), so
// the next engine on the same storage takes them up. Nothing is lost.
func (e *Engine) Stop() {
	e.mu.Lock()
	if !e.started || e.stopping {
		e.mu.Unlock()
		return
	}
	e.stopping = true
	if e.wakeT != nil {
		e.wakeT.Stop()
	}
	e.cond.Broadcast()
	e.mu.Unlock()
	e.dispatch.Wait()
	t := time.AfterFunc(e.o.Grace, e.cancel)
	e.workers.Wait()
	t.Stop()
	e.cancel()
	e.mu.Lock()
	if e.renewT != nil {
		e.renewT.Stop()
	}
	e.mu.Unlock()
}

// Add stores records (durably, before it returns nil) and wakes the
// workers. A storage failure is logged once until storing works again.
func (e *Engine) Add(recs []*Record) error {
	err := e.b.Add(recs, e.o.Coalesce, time.Now())
	e.mu.Lock()
	was := e.failing
	if err == nil {
		e.failing = false
		e.kick = true
		e.cond.Broadcast()
	} else if errors.Is(err, ErrUnavailable) {
		e.failing = true
	}
	e.mu.Unlock()
	if err != nil && errors.Is(err, ErrUnavailable) && !was {
		e.logf("error", "cannot store events, answering 503 until it can: %v", err)
	}
	if err == nil && was {
		e.logf("info", "storing events again")
	}
	return err
}

// Enqueue stores core's deliveries (queue mode of core.Verifier.Serve):
// nil only once they are durable. An event larger than the queue allows is
// core.ErrBodyTooLarge (413); anything else core answers 503.
func (e *Engine) Enqueue(ds []*core.Delivery) error {
	recs := make([]*Record, 0, len(ds))
	now := time.Now()
	for _, d := range ds {
		recs = append(recs, FromDelivery(d, now))
	}
	err := e.Add(recs)
	if err != nil && errors.Is(err, ErrTooLarge) {
		return fmt.Errorf("%w: %v", core.ErrBodyTooLarge, err)
	}
	return err
}

// FromDelivery is the record of one of core's deliveries.
func FromDelivery(d *core.Delivery, now time.Time) *Record {
	r := &Record{ID: d.ID, Provider: d.Provider, Type: d.Type, Subject: d.Subject, Source: d.Source, URL: d.URL, Host: d.Host, Header: d.Header, Body: d.Body, Created: d.Created}
	return r.Prepare(now)
}

// Kick makes the engine scan its storage now.
func (e *Engine) Kick() {
	e.mu.Lock()
	e.kick = true
	e.cond.Broadcast()
	e.mu.Unlock()
}

func (e *Engine) logf(level, format string, args ...interface{}) {
	if e.log == nil {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if e.name != "" {
		msg = e.name + ": " + msg
	}
	if e.fn.log != nil {
		e.fn.log(level, msg)
		return
	}
	e.log.Log(level, msg)
}

// dispatcher claims due events when a worker is free and hands them over.
// It waits on a condition variable, woken by Add, by a finished attempt and
// by a timer (the next due event, or the poll interval). (No select: Yaegi
// v0.16.1 shares an interpreted select's state between goroutines.)
func (e *Engine) dispatcher() {
	defer e.dispatch.Done()
	defer close(e.work)
	storeErr := false
	for {
		e.mu.Lock()
		for !e.stopping && (!e.kick || e.busy >= e.o.Concurrency) {
			e.cond.Wait()
		}
		if e.stopping {
			e.mu.Unlock()
			return
		}
		e.kick = false
		free := e.o.Concurrency - e.busy
		e.mu.Unlock()

		now := time.Now()
		claims, next, err := e.b.Claim(free, e.o.PerSubject, now, e.lease)
		if err != nil && !storeErr {
			e.logf("error", "cannot read the queue: %v", err)
		}
		storeErr = err != nil
		e.mu.Lock()
		for _, c := range claims {
			e.active[c] = &attempt{}
			e.busy++
		}
		e.mu.Unlock()
		for _, c := range claims {
			e.work <- c // buffered to Concurrency: never blocks
		}
		e.count(now)
		// Poll with jitter, so two processes on one spool do not scan in step.
		wake := now.Add(e.o.Poll/2 + time.Duration(rand.Int63n(int64(e.o.Poll))))
		if !next.IsZero() && next.Before(wake) {
			wake = next
		}
		e.wakeAt(wake)
	}
}

// count passes the queue's counts to the observer, at most once per poll.
func (e *Engine) count(now time.Time) {
	if e.obs == nil || now.Sub(e.counted) < e.o.Poll {
		return
	}
	e.counted = now
	st, err := e.b.Stats(now)
	if err == nil {
		e.obs.Counted(st)
	}
}

func (e *Engine) wakeAt(t time.Time) {
	d := time.Until(t)
	if d < time.Millisecond {
		d = time.Millisecond
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopping {
		return
	}
	if e.wakeT != nil {
		e.wakeT.Stop()
	}
	e.wakeT = time.AfterFunc(d, e.Kick)
}

// scheduleRenew renews every lease in flight a few times per lease.
func (e *Engine) scheduleRenew() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopping && len(e.active) == 0 {
		return
	}
	e.renewT = time.AfterFunc(e.lease/4, e.renewAll)
}

func (e *Engine) renewAll() {
	e.mu.Lock()
	claims := make([]*Claim, 0, len(e.active))
	atts := make([]*attempt, 0, len(e.active))
	for c, a := range e.active {
		claims = append(claims, c)
		atts = append(atts, a)
	}
	e.mu.Unlock()
	for i, c := range claims {
		a := atts[i]
		a.mu.Lock()
		if !a.settled && !a.lost {
			if err := e.fn.renew(c, time.Now(), e.lease); errors.Is(err, ErrLost) {
				a.lost = true
				if a.cancel != nil {
					a.cancel()
				}
			}
		}
		a.mu.Unlock()
	}
	e.scheduleRenew()
}

func (e *Engine) worker() {
	defer e.workers.Done()
	for c := range e.work {
		e.run(c)
	}
}

// run makes one attempt of a claimed event and settles it.
func (e *Engine) run(c *Claim) {
	e.mu.Lock()
	a := e.active[c]
	e.mu.Unlock()
	rec := c.Record
	now := time.Now()
	h := http.Header{}
	if e.fn.sign != nil {
		e.fn.sign(h, rec.ID, rec.Body, now)
	}
	// The attempt is cancelled by its timeout, by Stop after the grace
	// period, or when its lease is lost.
	ctx, cancel := context.WithTimeout(e.stopCtx, e.o.Timeout)
	a.mu.Lock()
	a.cancel = cancel
	lostBefore := a.lost
	a.mu.Unlock()
	var status int
	var retryAfter string
	var err error
	if lostBefore {
		err = ErrLost
	} else {
		status, retryAfter, err = e.fn.deliver(ctx, rec, h)
	}
	cancel()
	stopped := e.stopCtx.Err() != nil

	a.mu.Lock()
	outcome := ""
	var serr error
	switch {
	case a.lost:
		outcome = OutcomeLost
	case stopped && (err != nil || status == 0):
		outcome = OutcomeReleased
		serr = e.fn.release(c, time.Now())
	default:
		outcome, serr = e.settle(c, now, status, retryAfter, err)
	}
	a.settled = true
	a.mu.Unlock()
	if errors.Is(serr, ErrLost) {
		outcome = OutcomeLost
		serr = nil
	}
	if serr != nil {
		// The record stays claimed; its lease expires and it is tried again.
		e.logf("error", "event %s: cannot record the attempt: %v", rec.ID, serr)
	}
	if outcome == OutcomeDead {
		e.logf("error", "dead letter %s (%s %s, subject %q) after %d attempts: %s", rec.ID, rec.Provider, rec.Type, rec.Subject, rec.Attempts, rec.LastError)
	}
	if e.fn.attempted != nil {
		e.fn.attempted(rec, outcome, status, err)
	}
	e.mu.Lock()
	delete(e.active, c)
	e.busy--
	e.kick = true
	e.cond.Broadcast()
	e.mu.Unlock()
}

// settle records the attempt's outcome in the backend.
func (e *Engine) settle(c *Claim, start time.Time, status int, retryAfter string, err error) (string, error) {
	rec := c.Record
	now := time.Now()
	if err == nil && status >= 200 && status < 300 {
		return OutcomeDelivered, e.fn.done(c)
	}
	rec.Attempts++
	rec.LastAttempt = start.UTC()
	rec.LastStatus = status
	retry := err != nil || status == http.StatusRequestTimeout || status == http.StatusTooManyRequests || status >= 500
	if err != nil {
		rec.LastError = clipError(err.Error())
	} else {
		rec.LastError = strconv.Itoa(status) + " " + http.StatusText(status)
	}
	if !retry || rec.Attempts >= e.o.Attempts || now.Sub(rec.Queued) >= e.o.MaxAge {
		if retry {
			if rec.Attempts >= e.o.Attempts {
				rec.LastError += fmt.Sprintf(" (after %d attempts)", rec.Attempts)
			} else {
				rec.LastError += fmt.Sprintf(" (older than %v)", e.o.MaxAge)
			}
		}
		rec.Died = now.UTC()
		return OutcomeDead, e.fn.bury(c, now)
	}
	delay := Backoff(e.o.BackoffMin, e.o.BackoffMax, rec.Attempts, rand.Float64())
	if ra := parseRetryAfter(retryAfter, now); ra > delay {
		delay = ra
	}
	rec.Next = now.Add(delay).UTC()
	return OutcomeRetry, e.fn.retry(c, now)
}

// Backoff is the delay after the n-th failed attempt: min doubled n-1
// times, capped at max, times a jitter factor between 0.8 and 1.2 (u is
// uniform in [0,1)), and never below min nor above max.
func Backoff(min, max time.Duration, n int, u float64) time.Duration {
	d := min
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	d = time.Duration(float64(d) * (0.8 + 0.4*u))
	if d < min {
		d = min
	}
	if d > max {
		d = max
	}
	return d
}

// maxRetryAfter bounds how long a Retry-After answer can hold an event.
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d > maxRetryAfter {
		d = maxRetryAfter
	}
	if d < 0 {
		d = 0
	}
	return d
}

func clipError(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// Interface guards
var (
	_ core.Queue = (*Engine)(nil)
	_ Signer     = (*core.Verifier)(nil)
)
