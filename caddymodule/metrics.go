package caddymodule

import (
	"errors"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
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

// registerMetrics registers the counters in Caddy's registry for this config.
// Several hookstile routes in one config share one registry: the second
// registration finds the first one's collector and uses it. A nil registry
// (a handler provisioned outside Caddy) gets unregistered counters.
func registerMetrics(reg *prometheus.Registry) (*metrics, error) {
	cv := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "caddy",
		Subsystem: "hookstile",
		Name:      "requests_total",
		Help:      "Webhook requests seen by hookstile, by provider, outcome (verified, rejected, duplicate, handshake, upstream_failed) and rejection reason.",
	}, []string{"provider", "outcome", "reason"})
	if reg == nil {
		return &metrics{requests: cv}, nil
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
		cv = existing
	}
	return &metrics{requests: cv}, nil
}

func (m *metrics) count(provider, outcome, reason string) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(provider, outcome, reason).Inc()
}
