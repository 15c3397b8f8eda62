package traefikplugin

import (
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/hookstile/hookstile/core"
)

// sourcePolicy decides the client address allowIPs is checked against.
//
// Without trustedProxies it is the direct peer's address (the TCP
// connection's remote address, Request.RemoteAddr). With trustedProxies and
// trustedProxyDepth N, a request whose direct peer is in trustedProxies is
// taken to come from the N-th address from the right of X-Forwarded-For
// (every X-Forwarded-For header, in order, split at commas), the way
// Traefik's own ipAllowList counts ipStrategy.depth; a request with fewer
// than N addresses has no client address and is refused. A request whose
// direct peer is not in trustedProxies is judged by the peer's address,
// whatever X-Forwarded-For says.
type sourcePolicy struct {
	trusted *core.IPList // nil: the peer's address decides
	depth   int
}

// newSourcePolicy validates allowIPs, trustedProxies and trustedProxyDepth
// together: a trusted proxy needs a depth and a depth needs trusted
// proxies, and both only make sense with allowIPs.
func newSourcePolicy(c *Config) (*sourcePolicy, error) {
	p := &sourcePolicy{depth: c.TrustedProxyDepth}
	if p.depth < 0 {
		return nil, fmt.Errorf("trustedProxyDepth: must not be negative")
	}
	if len(c.TrustedProxies) == 0 {
		if p.depth > 0 {
			return nil, fmt.Errorf("trustedProxyDepth: needs trustedProxies (the peers whose X-Forwarded-For is believed)")
		}
		return p, nil
	}
	if len(c.AllowIPs) == 0 {
		return nil, fmt.Errorf("trustedProxies: only used with allowIPs")
	}
	if p.depth == 0 {
		return nil, fmt.Errorf("trustedProxies: needs trustedProxyDepth (which X-Forwarded-For address, from the right, is the client)")
	}
	l, err := core.ParseIPList("trustedProxies", c.TrustedProxies)
	if err != nil {
		return nil, err
	}
	p.trusted = l
	return p, nil
}

// clientIP is the address allowIPs is checked against ("" when there is
// none, which an allowlist refuses).
func (p *sourcePolicy) clientIP(req *http.Request) string {
	peer, _, err := net.SplitHostPort(req.RemoteAddr)
	if err != nil {
		return ""
	}
	if p.trusted == nil || !p.trusted.Contains(peer) {
		return peer
	}
	hops := strings.Split(strings.Join(req.Header.Values("X-Forwarded-For"), ","), ",")
	i := len(hops) - p.depth
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(hops[i])
}
