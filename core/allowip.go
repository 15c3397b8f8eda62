package core

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// IPList is a parsed list of CIDRs and bare IP addresses (IPv4 and IPv6).
// It is what Config.AllowIPs becomes, and what the Traefik plugin's
// trustedProxies are parsed into.
type IPList struct {
	prefixes []netip.Prefix
}

// ParseIPList parses CIDRs ("192.0.2.0/24", "2001:db8::/32") and bare
// addresses ("198.51.100.7"); a host address with a prefix length
// ("10.1.2.3/8") is the network it names. An empty or malformed entry is a
// configuration error naming field and the entry.
func ParseIPList(field string, vals []string) (*IPList, error) {
	l := &IPList{}
	for i, raw := range vals {
		s := strings.TrimSpace(raw)
		if s == "" {
			return nil, fmt.Errorf("%s #%d: %w: empty", field, i+1, ErrBadConfig)
		}
		p, ok := parsePrefix(s)
		if !ok {
			return nil, fmt.Errorf("%s #%d: %w: %q is not a CIDR or an IP address", field, i+1, ErrBadConfig, safeToken(s, 64))
		}
		l.prefixes = append(l.prefixes, p)
	}
	return l, nil
}

func parsePrefix(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		a := p.Addr()
		if a.Is4In6() {
			// ::ffff:192.0.2.0/120 is 192.0.2.0/24.
			if p.Bits() < 96 {
				return netip.Prefix{}, false
			}
			p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
		}
		return p.Masked(), true
	}
	a, ok := parseIP(s)
	if !ok {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// parseIP parses a bare address; IPv4-mapped IPv6 addresses become IPv4 and
// an IPv6 zone is dropped.
func parseIP(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

// Contains reports whether ip (a bare address, no port) is in the list. An
// empty or malformed ip is not.
func (l *IPList) Contains(ip string) bool {
	a, ok := parseIP(strings.TrimSpace(ip))
	if !ok {
		return false
	}
	for _, p := range l.prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Len is the number of entries.
func (l *IPList) Len() int { return len(l.prefixes) }

// Allowed reports whether a request from the client address ip (a bare
// address as the adapter determined it: Caddy's client IP, which honours
// trusted_proxies; Traefik's peer or trusted X-Forwarded-For entry) may
// reach this route. Every source is allowed when Config.AllowIPs is empty;
// otherwise an empty or malformed ip is refused (fail closed).
func (v *Verifier) Allowed(ip string) bool {
	if v.allow == nil {
		return true
	}
	return v.allow.Contains(ip)
}

// ServeFrom is Serve for a request whose client address the adapter has
// determined: a source outside Config.AllowIPs is rejected
// (ErrIPNotAllowed, 403) before anything else, before the body is read, and
// nothing is written (the adapter answers and logs, as for any rejection)
// except the header "Connection: close": without it Go's HTTP/1.1 server
// would read up to 256 KiB of the refused body to keep the connection.
func (v *Verifier) ServeFrom(w http.ResponseWriter, r *http.Request, next Upstream, clientIP string) Served {
	if !v.Allowed(clientIP) {
		w.Header().Set("Connection", "close")
		err := fmt.Errorf("%s: %w", v.name, ErrIPNotAllowed)
		return Served{Outcome: OutcomeRejected, Status: StatusOf(err), Err: err}
	}
	return v.Serve(w, r, next)
}
