package caddymodule

import (
	"net"
	"net/http"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"go.uber.org/zap"

	"github.com/hookstile/hookstile/core"
)

// parseAllowIPs reads `allow_ips <cidr|ip>...` (repeatable); each value is
// checked here so the Caddyfile error points at its line.
func (h *Handler) parseAllowIPs(d *caddyfile.Dispenser) error {
	vals := d.RemainingArgs()
	if len(vals) == 0 {
		return d.Err("hookstile: allow_ips: want at least one CIDR or IP address")
	}
	if _, err := core.ParseIPList("allow_ips", vals); err != nil {
		return d.Errf("hookstile: %v", err)
	}
	h.AllowIPs = append(h.AllowIPs, vals...)
	return nil
}

// clientIPFor is routeClientIP for a route with allow_ips, refusing (no
// address) what the server's configuration lets the client choose: from a
// trusted proxy without trusted_proxies_strict, Caddy takes the leftmost
// client_ip_headers address, which the client writes itself. That is
// logged once per handler, with the fix.
func (h *Handler) clientIPFor(r *http.Request) string {
	if len(h.AllowIPs) == 0 {
		return routeClientIP(r)
	}
	trusted, _ := caddyhttp.GetVar(r.Context(), caddyhttp.TrustedProxyVarKey).(bool)
	srv, _ := r.Context().Value(caddyhttp.ServerCtxKey).(*caddyhttp.Server)
	if trusted && srv != nil && srv.TrustedProxiesStrict == 0 {
		for _, name := range srv.ClientIPHeaders {
			if r.Header.Get(name) != "" {
				h.nonStrict.Do(func() {
					h.logger.Error("allow_ips refuses every request through a trusted proxy: the server's trusted_proxies is not strict, so the client IP is the leftmost "+name+" address, which the client chooses; set trusted_proxies_strict",
						zap.String("provider", h.v.Name()))
				})
				return ""
			}
		}
	}
	return routeClientIP(r)
}

// routeClientIP is the client address allow_ips is checked against: Caddy's
// client IP (the peer, or what trusted_proxies let client_ip_headers say),
// else the peer's address when the handler runs outside Caddy's server. A
// TLS request whose handshake is not complete (0-RTT early data, whose
// source is not verified) has no address, so an allowlist refuses it.
func routeClientIP(r *http.Request) string {
	if r.TLS != nil && !r.TLS.HandshakeComplete {
		return ""
	}
	if ip := clientIP(r); ip != "" {
		return ip
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return ""
	}
	return host
}
