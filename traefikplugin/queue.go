package traefikplugin

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/queue"
)

// QueueConfig turns on queue mode (set Dir): the provider is answered (2xx,
// or its acknowledgement body) once the verified event is fsynced in the
// spool, and workers deliver it, re-signed at every attempt, with retries
// and dead letters. Every field is a string, so that values given as strings
// (file provider) and typed (labels, CRDs: 20, true) are both accepted.
type QueueConfig struct {
	// Dir is the spool directory (required for queue mode), or a
	// redis:// or rediss:// URL (also as env:NAME or file:/path): the queue
	// of this provider's source in that Redis, shared with every instance.
	// Another Traefik instance, the next dynamic configuration or the
	// hookstile command may work on the same queue at the same time.
	Dir string `json:"dir,omitempty"`
	// To is where events are POSTed (http:// or https://). Empty: through
	// the router's service, to the path the provider posted to.
	To string `json:"to,omitempty"`
	// Attempts before an event is dead-lettered. Default "20".
	Attempts string `json:"attempts,omitempty"`
	// MaxAge after which a failing event is dead-lettered. Default "72h".
	MaxAge string `json:"maxAge,omitempty"`
	// BackoffMin and BackoffMax bound the delay between attempts: doubling,
	// with jitter, never below the minimum; Retry-After is honoured.
	// Defaults "1s" and "10m".
	BackoffMin string `json:"backoffMin,omitempty"`
	BackoffMax string `json:"backoffMax,omitempty"`
	// Timeout bounds each attempt. Default "10s".
	Timeout string `json:"timeout,omitempty"`
	// Concurrency is how many attempts run at once. Default "8".
	Concurrency string `json:"concurrency,omitempty"`
	// PerSubject: at most this many events of one subject (a Dropbox
	// account) in flight, in queue order; "0" is no limit. Default "1" for
	// Dropbox, "0" elsewhere.
	PerSubject string `json:"perSubject,omitempty"`
	// Coalesce merges a new event into a pending one of its subject.
	// Default true for Dropbox, false elsewhere.
	Coalesce string `json:"coalesce,omitempty"`
	// MaxSize bounds the bytes held (dead letters included): bytes or a size
	// such as "256MiB" (the default).
	MaxSize string `json:"maxSize,omitempty"`
	// MaxEvents bounds the events held (dead letters included). Default
	// "100000".
	MaxEvents string `json:"maxEvents,omitempty"`
}

// depthEvery is how often a queue that holds events logs its depth.
const depthEvery = time.Minute

// routeQueue is one middleware's queue: its engine, and what it needs once
// the verifier exists.
type routeQueue struct {
	e          *queue.Engine
	dir        string
	to         string
	perSubject int
	coalesce   int // -1 unset, 0 off, 1 on
	perSet     bool
}

// openQueue builds the middleware's queue from c, or nil without queue mode.
// The engine starts in startQueue, once the verifier that signs exists.
func openQueue(name, qname string, c *QueueConfig, next http.Handler) (*routeQueue, error) {
	if c == nil {
		return nil, nil
	}
	dir := strings.TrimSpace(c.Dir)
	if dir == "" {
		rest := strings.Join([]string{c.To, c.Attempts, c.MaxAge, c.BackoffMin, c.BackoffMax, c.Timeout,
			c.Concurrency, c.PerSubject, c.Coalesce, c.MaxSize, c.MaxEvents}, "")
		if strings.TrimSpace(rest) != "" {
			return nil, fmt.Errorf("queue.dir: required for queue mode (a directory or a redis:// URL)")
		}
		return nil, nil
	}
	target, shown, err := queueTarget(dir)
	if err != nil {
		return nil, err
	}
	rq := &routeQueue{dir: shown, to: strings.TrimSpace(c.To), coalesce: -1}
	var o queue.Options
	if o.Attempts, err = countField("queue.attempts", c.Attempts, 1); err != nil {
		return nil, err
	}
	if o.Concurrency, err = countField("queue.concurrency", c.Concurrency, 1); err != nil {
		return nil, err
	}
	maxEvents, err := countField("queue.maxEvents", c.MaxEvents, 1)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(c.PerSubject) != "" {
		if rq.perSubject, err = countField("queue.perSubject", c.PerSubject, 0); err != nil {
			return nil, err
		}
		rq.perSet = true
	}
	if strings.TrimSpace(c.Coalesce) != "" {
		b, err := boolField("queue.coalesce", c.Coalesce)
		if err != nil {
			return nil, err
		}
		rq.coalesce = 0
		if b {
			rq.coalesce = 1
		}
	}
	if o.MaxAge, err = durationField("queue.maxAge", c.MaxAge); err != nil {
		return nil, err
	}
	if o.BackoffMin, err = durationField("queue.backoffMin", c.BackoffMin); err != nil {
		return nil, err
	}
	if o.BackoffMax, err = durationField("queue.backoffMax", c.BackoffMax); err != nil {
		return nil, err
	}
	if o.Timeout, err = durationField("queue.timeout", c.Timeout); err != nil {
		return nil, err
	}
	var maxSize int64
	if s := strings.TrimSpace(c.MaxSize); s != "" {
		if maxSize, err = core.ParseSize(s); err != nil || maxSize <= 0 {
			return nil, fmt.Errorf("queue.maxSize: %q is not a size (want e.g. 256MiB)", clip(s))
		}
	}
	var d queue.Deliverer
	if rq.to == "" {
		d = queue.NewHandlerDeliverer(next)
	} else {
		hd, err := queue.NewHTTPDeliverer(rq.to)
		if err != nil {
			return nil, fmt.Errorf("queue.to: %v", err)
		}
		d = hd
	}
	ql := &queueLog{name: name, dir: shown}
	b, err := queue.Open(target, queue.SpoolOptions{MaxBytes: maxSize, MaxEvents: maxEvents, Logger: ql, Name: qname})
	if err != nil {
		return nil, fmt.Errorf("queue.dir: %v", err)
	}
	e, err := queue.NewEngine(b, d, nil, ql, ql, "", o)
	if err != nil {
		return nil, fmt.Errorf("queue: %v", err)
	}
	rq.e = e
	return rq, nil
}

// startQueue applies the provider's defaults, starts the workers, and stops
// them when ctx is done (the next dynamic configuration: its own instance
// takes over the directory; attempts in flight get a short grace, then
// their events are pending again).
func startQueue(ctx context.Context, name string, q *routeQueue, v *core.Verifier) {
	rq := q.e
	perSubject, coalesce := v.QueueDefaults()
	if q.perSet {
		perSubject = q.perSubject
	}
	if q.coalesce >= 0 {
		coalesce = q.coalesce == 1
	}
	rq.SetSubjects(perSubject, coalesce)
	rq.SetSigner(v)
	rq.Start()
	context.AfterFunc(ctx, rq.Stop)
	to := q.to
	if to == "" {
		to = "the router's service"
	}
	log.Printf("hookstile %s: queue mode: spool %s, delivering to %s (perSubject %d, coalesce %v)", name, q.dir, to, perSubject, coalesce)
}

// queueLog writes the queue's lines to Traefik's log (the standard log
// package of an interpreted plugin), one per dead letter, corrupt file or
// storage failure, and a depth line every minute while events wait.
type queueLog struct {
	name string
	dir  string

	mu     sync.Mutex
	logged time.Time
	last   queue.Stats
}

func (l *queueLog) Log(level, msg string) {
	log.Printf("hookstile %s: queue %s: %s", l.name, l.dir, msg)
}

func (l *queueLog) Attempted(rec *queue.Record, outcome string, status int, err error) {}

func (l *queueLog) Counted(st queue.Stats) {
	l.mu.Lock()
	held := st.Pending + st.InFlight + st.Dead
	was := l.last.Pending + l.last.InFlight + l.last.Dead
	due := held > 0 && (was == 0 || time.Since(l.logged) >= depthEvery)
	emptied := held == 0 && was > 0
	l.last = st
	if due || emptied {
		l.logged = time.Now()
	}
	l.mu.Unlock()
	if !due && !emptied {
		return
	}
	oldest := "-"
	if !st.Oldest.IsZero() {
		oldest = time.Since(st.Oldest).Round(time.Second).String()
	}
	log.Printf("hookstile %s: queue %s: %d pending, %d in flight, %d dead, oldest %s", l.name, l.dir, st.Pending, st.InFlight, st.Dead, oldest)
}

// countField parses a count given as a string or a number; "" is 0 (the
// default).
func countField(field, s string, min int) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min {
		return 0, fmt.Errorf("%s: %q is not a count of at least %d", field, clip(s), min)
	}
	return n, nil
}

// boolField parses a boolean given as a string (true, on, yes, 1 ...) or a
// bool (which Traefik's weak decoding turns into "1" or "0").
func boolField(field, s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "on", "yes":
		return true, nil
	case "0", "false", "off", "no":
		return false, nil
	}
	return false, fmt.Errorf("%s: %q is not true or false", field, clip(s))
}

// durationField parses a duration ("10s", or seconds); "" is 0 (the default).
func durationField(field, s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	d, err := core.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: %q is not a duration (want e.g. 10s)", field, clip(s))
	}
	return d, nil
}
