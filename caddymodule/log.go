package caddymodule

import (
	"errors"
	"net/http"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/hookstile/hookstile/core"
)

// logServed writes the one log line of a request, with the fields both
// adapters use: provider, source, event_id, event_type, outcome, reason,
// status, duration (plus verify_duration and upstream_duration). A
// rejection or an upstream failure is a warning; a forwarded, duplicate,
// queued or handshake request is logged at debug level, so an operator can
// see the traffic with `log { level DEBUG }`. Never a secret: core's errors
// carry none.
func (h *Handler) logServed(r *http.Request, s core.Served) {
	level := zapcore.DebugLevel
	if s.Outcome == core.OutcomeRejected || s.Outcome == core.OutcomeUpstreamFailed {
		level = zapcore.WarnLevel
	}
	ce := h.logger.Check(level, "webhook "+s.Outcome)
	if ce == nil {
		return
	}
	status, reason := s.Status, ""
	switch {
	case s.Err != nil:
		reason = core.Reason(s.Err)
	case s.Outcome == core.OutcomeUpstreamFailed && s.UpstreamErr != nil:
		// Caddy answers the error: its status, or 500 as Caddy does.
		reason, status = "upstream_error", http.StatusInternalServerError
		var he caddyhttp.HandlerError
		if errors.As(s.UpstreamErr, &he) && he.StatusCode != 0 {
			status = he.StatusCode
		}
	case s.Outcome == core.OutcomeUpstreamFailed:
		reason = "upstream_status"
	}
	var id, typ string
	if s.Event != nil {
		id, typ = s.Event.ID, s.Event.Type
	}
	fields := []zap.Field{
		zap.String("provider", h.v.Name()),
		zap.String("source", h.v.Source()),
		zap.String("event_id", id),
		zap.String("event_type", typ),
		zap.String("outcome", s.Outcome),
		zap.String("reason", reason),
		zap.Int("status", status),
		zap.Duration("duration", s.Verify+s.Upstream),
		zap.Duration("verify_duration", s.Verify),
		zap.Duration("upstream_duration", s.Upstream),
	}
	if level == zapcore.WarnLevel {
		fields = append(fields, zap.String("remote_addr", r.RemoteAddr), zap.String("client_ip", clientIP(r)))
		if s.Err != nil {
			fields = append(fields, zap.String("error", s.Err.Error()))
		} else if s.UpstreamErr != nil {
			fields = append(fields, zap.String("error", s.UpstreamErr.Error()))
		}
	}
	ce.Write(fields...)
}
