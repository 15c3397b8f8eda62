// Package caddymodule is the Caddy v2 HTTP handler http.handlers.hookstile:
// it verifies webhook deliveries at the edge with hookstile's core and
// forwards only verified, re-signed deliveries to the next handler.
package caddymodule

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/queue"
	"github.com/hookstile/hookstile/redisstore"
)

func init() {
	caddy.RegisterModule(Handler{})
}

// Handler verifies the webhook deliveries of one provider before they reach
// the next handler (usually reverse_proxy).
//
// A provider's verification handshake (Dropbox's challenge, Slack's
// url_verification, ...) is answered by this handler and never forwarded.
// A verified delivery is rewritten (CloudEvents 1.0 by default), re-signed
// with the Standard Webhooks headers webhook-id, webhook-timestamp and
// webhook-signature when sign_keys are set, stripped of the provider's
// signature headers and passed on. A delivery id seen before is acknowledged
// without being forwarded again.
//
// A delivery that fails verification is rejected with an HTTP error (400,
// 401, 405, 413, 415 ... as the provider requires) that can be handled with
// handle_errors; the response never says why, the log line does. A failed
// upstream (non-2xx, or an error such as reverse_proxy's 502) is never
// turned into a success, so the provider retries.
//
// This handler sets the placeholders {http.hookstile.provider},
// {http.hookstile.event_type} and {http.hookstile.event_id}.
type Handler struct {
	// The provider whose deliveries this route receives: dropbox,
	// dropbox_sign, box, standard_webhooks, github, stripe, slack, generic,
	// ... (any name or alias of hookstile's provider table). Required.
	Provider string `json:"provider"`

	// The provider's secrets (app secret, signing secret, API key, ...).
	// Any of them may match, so a rotated secret can be listed next to the
	// new one. At least one is required. Placeholders such as
	// {env.GITHUB_WEBHOOK_SECRET} or {file./run/secrets/github} are
	// resolved once, at provision time; a secret that is empty after
	// replacement is a configuration error, never "skip verification".
	Secrets []string `json:"secrets,omitempty"`

	// Keys that re-sign forwarded deliveries with Standard Webhooks headers,
	// one signature per key (list the new key next to the old one to
	// rotate). A key is "whsec_<base64>" or raw bytes. Placeholders are
	// resolved at provision time as for secrets. Without a key, forwarded
	// deliveries are not re-signed.
	SignKeys []string `json:"sign_keys,omitempty"`

	// The shape of the forwarded delivery: cloudevents (default; structured
	// CloudEvents 1.0 JSON), binary (original body, ce-* headers), raw
	// (original body and content type: verify only) or elements (the SAP
	// Open Connectors / Cloud Elements callback shape).
	Format string `json:"format,omitempty"`

	// The replay window: deliveries whose signed timestamp is further than
	// this from now, in either direction, are rejected with 401.
	// Default: the provider's own window (5m for most, 10m for Box).
	Tolerance caddy.Duration `json:"tolerance,omitempty"`

	// The largest body read, in bytes; a larger delivery is rejected with
	// 413 before it is buffered. Default: 1 MiB.
	MaxBody int64 `json:"max_body,omitempty"`

	// How long delivery ids are remembered to detect duplicates. A
	// duplicate is acknowledged to the provider and not forwarded. A
	// delivery the upstream did not take is forgotten, so the provider's
	// retry goes through. Default: 24h. Replay keys of signed timestamps are
	// remembered for their window whatever this says.
	Dedup caddy.Duration `json:"dedup,omitempty"`

	// Turns duplicate detection off.
	DedupDisabled bool `json:"dedup_disabled,omitempty"`

	// How many delivery ids are remembered at most. Default: 100000.
	DedupSize int `json:"dedup_size,omitempty"`

	// The CloudEvents source attribute. Default: /hookstile/<provider>.
	Source string `json:"source,omitempty"`

	// Provider-specific settings. For the generic provider: header
	// (required), algorithm (sha256, sha1, sha512), encoding (hex, base64),
	// prefix, signed_content (template over {timestamp}, {id}, {body}),
	// timestamp_header, timestamp_format (unix, unix_ms, rfc3339),
	// id_header, event_type_header, key_encoding (raw, base64, hex).
	Options map[string]string `json:"options,omitempty"`

	// Where the route remembers replay keys, single-use signatures and
	// learned secrets: memory (default: this instance only), or
	// redis://[user:password@]host:port/db, rediss://... (TLS), shared by
	// every instance naming the same Redis. Placeholders ({env.REDIS_PASSWORD})
	// are resolved at provision time. Redis unreachable: deliveries get 503.
	Store string `json:"store,omitempty"`

	// Queue mode: answer the provider once the event is durably queued,
	// and deliver it from the queue (see QueueConfig). Off by default.
	Queue *QueueConfig `json:"queue,omitempty"`
	// The client addresses this route accepts, as CIDRs (192.0.2.0/24,
	// 2001:db8::/32) or bare IPs. Any other source is refused with 403
	// before the body is read. The client address is Caddy's client IP:
	// the peer's address, or, from a peer in the server's trusted_proxies,
	// the address taken from client_ip_headers (use trusted_proxies_strict,
	// or a client can choose it). Default: every source.
	AllowIPs []string `json:"allow_ips,omitempty"`

	v           *core.Verifier
	logger      *zap.Logger
	metrics     *metrics
	counters    *routeCounters // this provider's counters without a reason (nil: no metrics)
	store       *redisstore.Store
	storeName   string
	storeErrors *prometheus.CounterVec
	engine      *queue.Engine
	queueDir    string
	nonStrict   *sync.Once // the allow_ips warning about trusted_proxies_strict
}

// CaddyModule returns the Caddy module information.
func (Handler) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{
		ID:  "http.handlers.hookstile",
		New: func() caddy.Module { return new(Handler) },
	}
}

// Provision resolves the secrets and builds the verifier.
func (h *Handler) Provision(ctx caddy.Context) error {
	h.logger = ctx.Logger()
	h.nonStrict = new(sync.Once)
	repl := caddy.NewReplacer()
	secrets, err := resolveAll(repl, "secret", h.Secrets)
	if err != nil {
		return err
	}
	if len(secrets) == 0 {
		return fmt.Errorf("hookstile %s: no secret configured: set at least one secret", h.Provider)
	}
	keys, err := resolveAll(repl, "sign_key", h.SignKeys)
	if err != nil {
		return err
	}
	// Some options are secrets too (Meta's verify_token, ...): they take
	// placeholders like secrets do.
	var opts map[string]string
	if len(h.Options) > 0 {
		opts = make(map[string]string, len(h.Options))
		for k, raw := range h.Options {
			v := repl.ReplaceKnown(raw, "")
			if v == "" && raw != "" {
				return fmt.Errorf("hookstile: option %s: %s is empty or not set", k, raw)
			}
			opts[k] = v
		}
	}
	dedup := time.Duration(h.Dedup)
	if h.DedupDisabled || dedup < 0 {
		dedup = -1
	}
	st, err := h.openStore(repl)
	if err != nil {
		return err
	}
	eng, err := h.openQueue(ctx, repl)
	if err != nil {
		h.closeStore()
		return err
	}
	var q core.Queue
	if eng != nil {
		q = eng
	}
	v, err := core.New(core.Config{
		Provider:  h.Provider,
		Secrets:   secrets,
		SignKeys:  keys,
		Format:    h.Format,
		Tolerance: time.Duration(h.Tolerance),
		MaxBody:   h.MaxBody,
		Dedup:     dedup,
		DedupSize: h.DedupSize,
		Source:    h.Source,
		Options:   opts,
		Store:     st,
		Queue:     q,
		AllowIPs:  h.AllowIPs,
	})
	if err != nil {
		h.closeStore()
		return fmt.Errorf("hookstile %s: %w", h.Provider, err)
	}
	h.v = v
	if eng != nil {
		h.startQueue(eng, v)
	}
	if len(keys) == 0 {
		h.logger.Warn("no sign_key: forwarded deliveries are not re-signed, the upstream cannot tell them from forged ones",
			zap.String("provider", v.Name()))
	}
	h.metrics, err = registerMetrics(ctx.GetMetricsRegistry())
	if err != nil {
		return fmt.Errorf("hookstile %s: metrics: %w", h.Provider, err)
	}
	h.counters = h.metrics.route(v.Name())
	if h.storeErrors, err = registerStoreMetrics(ctx.GetMetricsRegistry()); err != nil {
		return fmt.Errorf("hookstile %s: metrics: %w", h.Provider, err)
	}
	return nil
}

// Cleanup releases what Provision started: the queue's workers and the
// route's use of a shared Redis client (the memory store forgets expired
// keys by itself).
func (h *Handler) Cleanup() error {
	h.stopQueue()
	h.closeStore()
	return nil
}

// resolveAll replaces global placeholders ({env.*}, {file.*}) in each value.
// An empty result is an error naming the field and, when the configured value
// is a placeholder (never a secret), the placeholder.
func resolveAll(repl *caddy.Replacer, field string, vals []string) ([]string, error) {
	out := make([]string, 0, len(vals))
	for i, raw := range vals {
		s := repl.ReplaceKnown(raw, "")
		if strings.TrimSpace(s) == "" {
			if isPlaceholder(raw) {
				return nil, fmt.Errorf("hookstile: %s #%d: %s is empty or not set", field, i+1, raw)
			}
			return nil, fmt.Errorf("hookstile: %s #%d is empty", field, i+1)
		}
		out = append(out, s)
	}
	return out, nil
}

// isPlaceholder reports whether s is exactly one {placeholder}.
func isPlaceholder(s string) bool {
	return len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}' && strings.Count(s, "{") == 1
}

// ServeHTTP verifies the request and forwards it only when it is verified;
// core's Serve does the forwarding, this adds Caddy's errors, placeholders,
// log lines and metrics.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request, next caddyhttp.Handler) error {
	provider := h.v.Name()
	repl, _ := r.Context().Value(caddy.ReplacerCtxKey).(*caddy.Replacer)
	var up core.Upstream = next
	if repl != nil {
		repl.Set("http.hookstile.provider", provider)
		up = placeholderUpstream{next: next, repl: repl}
	}
	s := h.v.ServeFrom(w, r, up, h.clientIPFor(r))
	if s.Event != nil && repl != nil && s.Outcome == core.OutcomeDuplicate {
		repl.Set("http.hookstile.event_type", s.Event.Type)
		repl.Set("http.hookstile.event_id", s.Event.ID)
	}
	if s.StoreErr != nil {
		h.storeFailed(provider, s.StoreErr, true)
	}
	h.logServed(r, s)
	h.metrics.observe(provider, s)
	switch s.Outcome {
	case core.OutcomeRejected:
		if errors.Is(s.Err, core.ErrStoreUnavailable) {
			h.storeFailed(provider, s.Err, false)
		}
		reason := core.Reason(s.Err)
		h.metrics.count(provider, outcomeRejected, reason)
		return caddyhttp.Error(s.Status, s.Err)
	}
	if c := h.counters; c != nil {
		switch s.Outcome {
		case core.OutcomeHandshake:
			c.handshake.inc()
		case core.OutcomeDuplicate:
			c.duplicate.inc()
		case core.OutcomeForwarded, core.OutcomeQueued:
			c.verified.inc()
		case core.OutcomeUpstreamFailed:
			c.verified.inc()
			c.upstreamFailed.inc()
		}
	}
	return s.UpstreamErr
}

// placeholderUpstream sets the event placeholders from the rewritten request
// just before the next handler (reverse_proxy's header_up, ...) reads them.
type placeholderUpstream struct {
	next caddyhttp.Handler
	repl *caddy.Replacer
}

func (p placeholderUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) error {
	p.repl.Set("http.hookstile.event_type", r.Header.Get(core.HeaderEventType))
	p.repl.Set("http.hookstile.event_id", r.Header.Get(core.HeaderEventID))
	return p.next.ServeHTTP(w, r)
}

func clientIP(r *http.Request) string {
	ip, _ := caddyhttp.GetVar(r.Context(), caddyhttp.ClientIPVarKey).(string)
	return ip
}

// Interface guards
var (
	_ caddy.Provisioner           = (*Handler)(nil)
	_ caddy.CleanerUpper          = (*Handler)(nil)
	_ caddyhttp.MiddlewareHandler = (*Handler)(nil)
	_ core.Upstream               = placeholderUpstream{}
)
