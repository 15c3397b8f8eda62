package traefikplugin

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"time"

	"github.com/hookstile/hookstile/core"
)

// Hookstile is the middleware: it answers handshakes at the edge, forwards
// verified deliveries rewritten and re-signed, acknowledges duplicates
// without forwarding them, and rejects everything else with a generic body.
// core's Serve does all of that; this adds Traefik's config and log lines.
type Hookstile struct {
	up     core.Upstream
	name   string
	v      *core.Verifier
	src    *sourcePolicy
	prefix string // "hookstile <middleware name>: " starts every log line
	route  string // "provider=<name> source=<source>" of every log line
}

// New validates config and builds the middleware.
func New(ctx context.Context, next http.Handler, config *Config, name string) (http.Handler, error) {
	if next == nil {
		return nil, fmt.Errorf("hookstile %s: next handler is missing", name)
	}
	cc, err := coreConfig(config)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: %v", name, err)
	}
	src, err := newSourcePolicy(config)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: %v", name, err)
	}
	st, err := openStore(ctx, name, config.Store)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: %v", name, err)
	}
	if st != nil {
		cc.Store = st
	}
	q, err := openQueue(name, queueName(config), &config.Queue, next)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: %v", name, err)
	}
	if q != nil {
		cc.Queue = q.e
	}
	v, err := core.New(cc)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: %v", name, err)
	}
	if q != nil {
		startQueue(ctx, name, q, v)
	}
	return &Hookstile{up: core.HandlerUpstream{Handler: next}, name: name, v: v, src: src,
		prefix: "hookstile " + name + ": ", route: "provider=" + v.Name() + " source=" + v.Source()}, nil
}

func (h *Hookstile) ServeHTTP(rw http.ResponseWriter, req *http.Request) {
	ip := h.src.clientIP(req)
	s := h.v.ServeFrom(rw, req, h.up, ip)
	if s.StoreErr != nil {
		log.Printf("hookstile %s: store unavailable after forwarding %s %q: the replay keys stay in flight until their lease ends: %v",
			h.name, req.Method, req.URL.Path, s.StoreErr)
	}
	if s.Err != nil {
		h.rejected(rw, req, s, ip)
		return
	}
	h.served(req, s)
}

// Log lines carry the fields of the Caddy module's, as key=value words:
// provider, source, event_id, event_type, outcome, reason, status, duration
// (seconds). Under Traefik the standard log package of an interpreted plugin
// writes to Traefik's log at level ERROR and fmt's Print functions at level
// DEBUG (Yaegi's Stderr and Stdout); os.Stderr would bypass both. (Yaegi
// v0.16.1 cannot call a func-typed field holding a variadic stdlib function,
// so these are direct calls.) Never a secret: errors carry none.

// rejected logs one line (ERROR) and answers a rejected delivery.
func (h *Hookstile) rejected(rw http.ResponseWriter, req *http.Request, s core.Served, ip string) {
	log.Printf("%srejected %s %q: %s event_id=\"\" event_type=\"\" outcome=rejected reason=%s status=%d duration=%s client_ip=%q error=%q",
		h.prefix, req.Method, req.URL.Path, h.route, core.Reason(s.Err), s.Status, seconds(s.Verify+s.Upstream), ip, s.Err.Error())
	core.WriteRejection(rw, s.Status)
}

// served logs one line per delivery that was not rejected: DEBUG for a
// forwarded, duplicate, queued or handshake request (visible with Traefik's
// log.level=DEBUG), ERROR for one the upstream did not take. It runs on
// every delivery: few arguments, the per-route words precomputed in New.
func (h *Hookstile) served(req *http.Request, s core.Served) {
	id, typ := "", ""
	if s.Event != nil {
		id, typ = s.Event.ID, s.Event.Type
	}
	if s.Outcome == core.OutcomeUpstreamFailed {
		h.upstreamFailed(req, s, id, typ)
		return
	}
	fmt.Printf("%s%s %s %q: %s event_id=%q event_type=%q outcome=%s reason= status=%d duration=%.6f\n",
		h.prefix, s.Outcome, req.Method, req.URL.Path, h.route, id, typ, s.Outcome, s.Status, (s.Verify + s.Upstream).Seconds())
}

func (h *Hookstile) upstreamFailed(req *http.Request, s core.Served, id, typ string) {
	log.Printf("%supstream_failed %s %q: %s event_id=%q event_type=%q outcome=upstream_failed reason=upstream_status status=%d duration=%s",
		h.prefix, req.Method, req.URL.Path, h.route, id, typ, s.Status, seconds(s.Verify+s.Upstream))
}

// seconds formats d as the Caddy module's logs do: seconds, microsecond precision.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 6, 64)
}
