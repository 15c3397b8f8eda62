package caddymodule

import (
	"errors"

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
	cv, err := registerCounter(reg, cv)
	if err != nil {
		return nil, err
	}
	return &metrics{requests: cv}, nil
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
