package caddymodule

import (
	"errors"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hookstile/hookstile/core"
)

// Outcomes counted by caddy_hookstile_requests_total.
const (
	outcomeVerified       = "verified"        // verified and forwarded
	outcomeRejected       = "rejected"        // refused; reason says why
	outcomeDuplicate      = "duplicate"       // acknowledged, not forwarded
	outcomeHandshake      = "handshake"       // answered at the edge
	outcomeUpstreamFailed = "upstream_failed" // forwarded, upstream did not take it
)

type metrics struct {
	requests *prometheus.CounterVec
	verify   *prometheus.HistogramVec
	upstream *prometheus.HistogramVec
}

// routeCounters are one provider's counters without a reason, each looked
// up once, on its first use (a series appears when it first counts): a
// label lookup per request (hashing three labels under the vector's lock)
// is what WithLabelValues costs.
type routeCounters struct {
	verified, duplicate, handshake, upstreamFailed lazyCounter
}

type lazyCounter struct {
	once   sync.Once
	c      prometheus.Counter
	m      *metrics
	labels [3]string
}

func (l *lazyCounter) inc() {
	l.once.Do(func() { l.c = l.m.requests.WithLabelValues(l.labels[0], l.labels[1], l.labels[2]) })
	l.c.Inc()
}

// route returns the provider's counters, or nil when m is nil.
func (m *metrics) route(provider string) *routeCounters {
	if m == nil {
		return nil
	}
	c := &routeCounters{}
	for _, l := range []struct {
		c       *lazyCounter
		outcome string
	}{{&c.verified, outcomeVerified}, {&c.duplicate, outcomeDuplicate}, {&c.handshake, outcomeHandshake}, {&c.upstreamFailed, outcomeUpstreamFailed}} {
		l.c.m = m
		l.c.labels = [3]string{provider, l.outcome, ""}
	}
	return c
}

// verifyBuckets cover reading and checking one delivery: tens of
// microseconds for a small body, up to seconds for a slow sender.
var verifyBuckets = []float64{.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// registerMetrics registers the collectors in Caddy's registry for this
// config. Several hookstile routes in one config share one registry: the
// second registration finds the first one's collector and uses it. A nil
// registry (a handler provisioned outside Caddy) gets unregistered ones.
func registerMetrics(reg *prometheus.Registry) (*metrics, error) {
	cv := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "caddy",
		Subsystem: "hookstile",
		Name:      "requests_total",
		Help:      "Webhook requests seen by hookstile, by provider, outcome (verified, rejected, duplicate, handshake, upstream_failed) and rejection reason.",
	}, []string{"provider", "outcome", "reason"})
	vh := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "caddy",
		Subsystem: "hookstile",
		Name:      "verify_duration_seconds",
		Help:      "Time hookstile took to read and verify a delivery (or answer its handshake), by provider and outcome (rejected, handshake, duplicate, forwarded, upstream_failed, queued).",
		Buckets:   verifyBuckets,
	}, []string{"provider", "outcome"})
	uh := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "caddy",
		Subsystem: "hookstile",
		Name:      "upstream_duration_seconds",
		Help:      "Time the upstream (the next handler, or the queue) took to take a verified delivery, by provider and outcome (forwarded, upstream_failed, queued).",
		Buckets:   prometheus.DefBuckets,
	}, []string{"provider", "outcome"})
	cv, err := registerCounter(reg, cv)
	if err != nil {
		return nil, err
	}
	m := &metrics{requests: cv, verify: vh, upstream: uh}
	if reg == nil {
		return m, nil
	}
	if m.verify, err = register(reg, vh); err != nil {
		return nil, err
	}
	if m.upstream, err = register(reg, uh); err != nil {
		return nil, err
	}
	return m, nil
}

// register registers c, or returns the collector of the same name already
// registered by another hookstile route of this config.
func register[C prometheus.Collector](reg *prometheus.Registry, c C) (C, error) {
	err := reg.Register(c)
	if err == nil {
		return c, nil
	}
	var are prometheus.AlreadyRegisteredError
	if !errors.As(err, &are) {
		return c, err
	}
	existing, ok := are.ExistingCollector.(C)
	if !ok {
		return c, err
	}
	return existing, nil
}

// registerCounter registers cv in reg, or returns the counter another route
// of this config registered under the same name. A nil registry leaves cv
// unregistered.
func registerCounter(reg *prometheus.Registry, cv *prometheus.CounterVec) (*prometheus.CounterVec, error) {
	if reg == nil {
		return cv, nil
	}
	if err := reg.Register(cv); err != nil {
		var are prometheus.AlreadyRegisteredError
		if !errors.As(err, &are) {
			return nil, err
		}
		existing, ok := are.ExistingCollector.(*prometheus.CounterVec)
		if !ok {
			return nil, err
		}
		return existing, nil
	}
	return cv, nil
}

func (m *metrics) count(provider, outcome, reason string) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(provider, outcome, reason).Inc()
}

// observe records how long verification and the upstream took.
func (m *metrics) observe(provider string, s core.Served) {
	if m == nil {
		return
	}
	m.verify.WithLabelValues(provider, s.Outcome).Observe(s.Verify.Seconds())
	switch s.Outcome {
	case core.OutcomeForwarded, core.OutcomeUpstreamFailed, core.OutcomeQueued:
		m.upstream.WithLabelValues(provider, s.Outcome).Observe(s.Upstream.Seconds())
	}
}
