package caddymodule

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/queue"
)

// QueueConfig turns on queue mode: the provider is answered (2xx, or its
// acknowledgement body) as soon as the verified event is durably stored,
// and workers deliver it to To, re-signed at every attempt (same webhook-id,
// fresh webhook-timestamp), with retries, dead letters and, per subject,
// order and coalescing. A handler after hookstile in the route is not
// reached. A full or unwritable queue answers 503, an event larger than the
// queue allows 413: never 2xx.
type QueueConfig struct {
	// The spool directory. Default: hookstile/<name> under Caddy's data
	// directory, <name> derived from the route's source (dropbox for the
	// default /hookstile/dropbox): routes that share a source share a
	// queue, so give each route of one provider its own source or dir.
	// Another Caddy (a reload) or the hookstile command may work on the
	// same directory at the same time. Or a redis:// or rediss:// URL
	// (placeholders as for store): the queue named by the route's source in
	// that Redis, served by every instance that names it.
	Dir string `json:"dir,omitempty"`

	// Where events are POSTed: an http:// or https:// URL. Required.
	To string `json:"to"`

	// Attempts before an event becomes a dead letter. Default: 20.
	Attempts int `json:"attempts,omitempty"`

	// Age after which a failing event becomes a dead letter. Default: 72h.
	MaxAge caddy.Duration `json:"max_age,omitempty"`

	// Delay before the first retry, and its cap: the delay doubles at
	// each attempt, with jitter, never below the minimum; a Retry-After
	// answer is honoured. Defaults: 1s and 10m.
	BackoffMin caddy.Duration `json:"backoff_min,omitempty"`
	BackoffMax caddy.Duration `json:"backoff_max,omitempty"`

	// Bound of each attempt. Default: 10s.
	Timeout caddy.Duration `json:"timeout,omitempty"`

	// Attempts run at once. Default: 8.
	Concurrency int `json:"concurrency,omitempty"`

	// At most this many events of one subject (a Dropbox account) in
	// flight at once, in queue order; 0 is no limit. Default: 1 for
	// Dropbox, 0 elsewhere.
	PerSubject *int `json:"per_subject,omitempty"`

	// Merge a new event into a pending (not yet in flight) one of the same
	// subject; one arriving while its subject is in flight is delivered
	// after it. Default: on for Dropbox, off elsewhere.
	Coalesce *bool `json:"coalesce,omitempty"`

	// Bytes the queue holds at most, dead letters included. Default: 256 MiB.
	MaxSize int64 `json:"max_size,omitempty"`

	// Events the queue holds at most, dead letters included. Default: 100000.
	MaxEvents int `json:"max_events,omitempty"`
}

// parseQueue reads the queue subdirective:
//
//	queue [<dir>|redis://...|rediss://...] {
//		to          <url>              # required
//		attempts    <n>
//		max_age     <duration>
//		backoff     <min> [<max>]
//		timeout     <duration>
//		concurrency <n>
//		per_subject <n>
//		coalesce    on|off
//		max_size    <size>
//		max_events  <n>
//	}
func parseQueue(d *caddyfile.Dispenser) (*QueueConfig, error) {
	q := &QueueConfig{}
	args := d.RemainingArgs()
	switch len(args) {
	case 0:
	case 1:
		q.Dir = args[0]
	default:
		return nil, d.Errf("hookstile: queue: want at most one directory, got %d values", len(args))
	}
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		name := d.Val()
		vals := d.RemainingArgs()
		one := func() (string, error) {
			if len(vals) != 1 {
				return "", d.Errf("hookstile: queue %s: want exactly one value, got %d", name, len(vals))
			}
			return vals[0], nil
		}
		count := func(min int) (int, error) {
			v, err := one()
			if err != nil {
				return 0, err
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < min {
				return 0, d.Errf("hookstile: queue %s: bad count '%s'", name, v)
			}
			return n, nil
		}
		dur := func(v string) (caddy.Duration, error) {
			t, err := caddy.ParseDuration(v)
			if err != nil || t <= 0 {
				return 0, d.Errf("hookstile: queue %s: bad duration '%s': want a positive duration such as 10s", name, v)
			}
			return caddy.Duration(t), nil
		}
		var err error
		switch name {
		case "to":
			q.To, err = one()
		case "attempts":
			q.Attempts, err = count(1)
		case "concurrency":
			q.Concurrency, err = count(1)
		case "max_events":
			q.MaxEvents, err = count(1)
		case "per_subject":
			var n int
			if n, err = count(0); err == nil {
				q.PerSubject = &n
			}
		case "max_age", "timeout":
			var v string
			if v, err = one(); err == nil {
				var t caddy.Duration
				if t, err = dur(v); err == nil && name == "max_age" {
					q.MaxAge = t
				} else if err == nil {
					q.Timeout = t
				}
			}
		case "backoff":
			if len(vals) < 1 || len(vals) > 2 {
				return nil, d.Errf("hookstile: queue backoff: want <min> [<max>], got %d values", len(vals))
			}
			if q.BackoffMin, err = dur(vals[0]); err == nil && len(vals) == 2 {
				q.BackoffMax, err = dur(vals[1])
			}
			if err == nil && q.BackoffMax != 0 && q.BackoffMax < q.BackoffMin {
				err = d.Errf("hookstile: queue backoff: the maximum %s is below the minimum %s", vals[1], vals[0])
			}
		case "coalesce":
			var v string
			if v, err = one(); err == nil {
				var b bool
				switch strings.ToLower(v) {
				case "on", "true", "yes":
					b = true
				case "off", "false", "no":
				default:
					err = d.Errf("hookstile: queue coalesce: want on or off, got '%s'", v)
				}
				q.Coalesce = &b
			}
		case "max_size":
			var v string
			if v, err = one(); err == nil {
				if q.MaxSize, err = core.ParseSize(v); err != nil || q.MaxSize <= 0 {
					err = d.Errf("hookstile: queue max_size: bad size '%s': want e.g. 256MiB", v)
				}
			}
		default:
			return nil, d.Errf("hookstile: unrecognized queue subdirective '%s'", name)
		}
		if err != nil {
			return nil, err
		}
	}
	if q.To == "" {
		return nil, d.Err("hookstile: queue: 'to <url>' is required (where the queue delivers events)")
	}
	return q, nil
}

// openQueue builds the route's queue engine (not started: the verifier
// that signs its attempts comes next), or nil without queue mode.
func (h *Handler) openQueue(ctx caddy.Context, repl *caddy.Replacer) (*queue.Engine, error) {
	q := h.Queue
	if q == nil {
		return nil, nil
	}
	to := repl.ReplaceKnown(q.To, "")
	d, err := queue.NewHTTPDeliverer(to)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: %w", h.Provider, err)
	}
	src := h.Source
	if src == "" {
		name, ok := core.Describe(h.Provider)
		if !ok {
			return nil, fmt.Errorf("hookstile: unknown provider %q", h.Provider)
		}
		src = "/hookstile/" + name.Name
	}
	dir, shown, err := queueTarget(repl, q.Dir)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: queue %s: %w", h.Provider, shown, err)
	}
	if dir == "" {
		dir = filepath.Join(caddy.AppDataDir(), "hookstile", queue.DirName(src))
		shown = dir
	}
	ql := &zapQueueLog{h: h, dir: shown}
	b, err := queue.Open(dir, queue.SpoolOptions{MaxBytes: q.MaxSize, MaxEvents: q.MaxEvents, Logger: ql, Name: queue.DirName(src)})
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: %w", h.Provider, err)
	}
	obs, err := newQueueMetrics(ctx.GetMetricsRegistry(), h.Provider, shown)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: metrics: %w", h.Provider, err)
	}
	o := queue.Options{
		Attempts:    q.Attempts,
		MaxAge:      time.Duration(q.MaxAge),
		BackoffMin:  time.Duration(q.BackoffMin),
		BackoffMax:  time.Duration(q.BackoffMax),
		Timeout:     time.Duration(q.Timeout),
		Concurrency: q.Concurrency,
	}
	e, err := queue.NewEngine(b, d, nil, ql, obs, "", o)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: %w", h.Provider, err)
	}
	h.queueDir = shown
	return e, nil
}

// startQueue completes the engine with the verifier's defaults and signer
// and starts its workers.
func (h *Handler) startQueue(e *queue.Engine, v *core.Verifier) {
	perSubject, coalesce := v.QueueDefaults()
	if h.Queue.PerSubject != nil {
		perSubject = *h.Queue.PerSubject
	}
	if h.Queue.Coalesce != nil {
		coalesce = *h.Queue.Coalesce
	}
	e.SetSubjects(perSubject, coalesce)
	e.SetSigner(v)
	e.Start()
	h.engine = e
	h.logger.Info("queue mode",
		zap.String("provider", v.Name()),
		zap.String("queue", h.queueDir),
		zap.String("to", h.Queue.To),
		zap.Int("per_subject", perSubject),
		zap.Bool("coalesce", coalesce))
}

// stopQueue stops the workers (Caddy's Cleanup: a reload's new config has
// its own engine on the same directory already); attempts in flight get a
// short grace, then their events go back to pending. Nothing is lost.
func (h *Handler) stopQueue() {
	if h.engine != nil {
		h.engine.Stop()
		h.engine = nil
	}
}

// zapQueueLog is the queue's log through the handler's logger.
type zapQueueLog struct {
	h   *Handler
	dir string
}

func (z *zapQueueLog) Log(level, msg string) {
	l := z.h.logger
	fields := []zap.Field{zap.String("provider", z.h.Provider), zap.String("queue", z.dir)}
	switch level {
	case "error":
		l.Error(msg, fields...)
	case "warn":
		l.Warn(msg, fields...)
	default:
		l.Info(msg, fields...)
	}
}

// queueMetrics are the queue's Prometheus metrics, labelled by provider and
// queue directory.
type queueMetrics struct {
	depth    *prometheus.GaugeVec
	oldest   *prometheus.GaugeVec
	attempts *prometheus.CounterVec
	dead     *prometheus.CounterVec
	provider string
	queue    string
}

func newQueueMetrics(reg *prometheus.Registry, provider, dir string) (*queueMetrics, error) {
	m := &queueMetrics{provider: provider, queue: dir}
	var err error
	m.depth, err = registerGauge(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: "caddy", Subsystem: "hookstile", Name: "queue_events",
		Help: "Events held by a hookstile queue, by state (pending, in_flight, dead).",
	}, []string{"provider", "queue", "state"}))
	if err != nil {
		return nil, err
	}
	m.oldest, err = registerGauge(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: "caddy", Subsystem: "hookstile", Name: "queue_oldest_pending_seconds",
		Help: "Age of the oldest event not yet delivered (0 when none).",
	}, []string{"provider", "queue"}))
	if err != nil {
		return nil, err
	}
	m.attempts, err = registerCounter(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "caddy", Subsystem: "hookstile", Name: "queue_attempts_total",
		Help: "Delivery attempts of a hookstile queue, by outcome (delivered, retry, dead, lost, released).",
	}, []string{"provider", "queue", "outcome"}))
	if err != nil {
		return nil, err
	}
	m.dead, err = registerCounter(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "caddy", Subsystem: "hookstile", Name: "queue_dead_letters_total",
		Help: "Events a hookstile queue gave up on (hookstile queue replay sends them again).",
	}, []string{"provider", "queue"}))
	if err != nil {
		return nil, err
	}
	return m, nil
}

func (m *queueMetrics) Attempted(rec *queue.Record, outcome string, status int, err error) {
	m.attempts.WithLabelValues(m.provider, m.queue, outcome).Inc()
	if outcome == queue.OutcomeDead {
		m.dead.WithLabelValues(m.provider, m.queue).Inc()
	}
}

func (m *queueMetrics) Counted(st queue.Stats) {
	m.depth.WithLabelValues(m.provider, m.queue, "pending").Set(float64(st.Pending))
	m.depth.WithLabelValues(m.provider, m.queue, "in_flight").Set(float64(st.InFlight))
	m.depth.WithLabelValues(m.provider, m.queue, "dead").Set(float64(st.Dead))
	age := 0.0
	if !st.Oldest.IsZero() {
		age = time.Since(st.Oldest).Seconds()
	}
	m.oldest.WithLabelValues(m.provider, m.queue).Set(age)
}

// registerGauge is registerCounter for gauges.
func registerGauge(reg *prometheus.Registry, gv *prometheus.GaugeVec) (*prometheus.GaugeVec, error) {
	if reg == nil {
		return gv, nil
	}
	if err := reg.Register(gv); err != nil {
		var are prometheus.AlreadyRegisteredError
		if !errors.As(err, &are) {
			return nil, err
		}
		existing, ok := are.ExistingCollector.(*prometheus.GaugeVec)
		if !ok {
			return nil, err
		}
		return existing, nil
	}
	return gv, nil
}

// Interface guards
var (
	_ queue.Observer = (*queueMetrics)(nil)
	_ queue.Logger   = (*zapQueueLog)(nil)
)
