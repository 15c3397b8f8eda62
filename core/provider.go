package core

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Provider verifies one provider's deliveries. It is built once per route from
// a Config (validated up front) and then called for every request.
//
// Verify returns a Result holding either a handshake Reply, to be written at
// the edge and never forwarded, or a verified Event; or an error wrapping one
// of the sentinels of this package.
type Provider interface {
	Verify(req *Request) (*Result, error)
}

// Request is what a provider sees of one HTTP request: the body is read once,
// bounded, before the provider is called.
type Request struct {
	Method string
	URL    *url.URL
	Header http.Header
	Body   []byte
	Now    time.Time
}

// Result is what a provider returns for a request it accepts.
type Result struct {
	Reply *Reply // a handshake answered at the edge (Event is nil)
	Event *Event // a verified delivery
}

// Reply is a response written at the edge.
type Reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// spec describes one provider: how to build it and what the README says of it.
type spec struct {
	builder    func(c *Config) (Provider, error)
	options    []OptionInfo  // the options it takes (Config.Options)
	handshake  string        // the handshake answered at the edge, "" if none
	scheme     string        // how deliveries are signed
	secret     string        // what the configured secret is
	sigHeaders []string      // provider headers removed before forwarding
	authStatus int           // status for every authentication failure, 0 for StatusOf's
	ack        string        // body the provider must get for a delivery it considers received
	ackType    string        // content type of ack; default text/plain
	only200    bool          // the provider counts only 200 as success: answer 200 for any upstream 2xx
	window     time.Duration // default replay window when longer than DefaultDedupTTL (dedup remembers ids that long)
	aliases    []string      // other names accepted for this provider
	notifies   bool          // notification-style (a delivery says "this account changed"): queue mode orders and coalesces per subject by default
}

// build checks c's options against the declared ones and builds the
// provider.
func (s spec) build(c *Config) (Provider, error) {
	if err := checkOptions(c, s.options); err != nil {
		return nil, err
	}
	return s.builder(c)
}

// ProviderInfo documents a provider (the README's table is checked against it).
type ProviderInfo struct {
	Name      string
	Aliases   []string
	Handshake string
	Scheme    string
	Secret    string
	Options   []OptionInfo // the options it takes, none for most
}

// namedSpec is one row of providerTable (table.go).
type namedSpec struct {
	name string
	spec spec
}

// lookup finds a provider by name or alias.
func lookup(name string) (string, spec, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, e := range providerTable {
		if e.name == name {
			return e.name, e.spec, true
		}
	}
	for _, e := range providerTable {
		for _, a := range e.spec.aliases {
			if a == name {
				return e.name, e.spec, true
			}
		}
	}
	return "", spec{}, false
}

// Providers returns the names of all providers in alphabetical order
// (aliases not included).
func Providers() []string {
	out := make([]string, 0, len(providerTable))
	for _, e := range providerTable {
		out = append(out, e.name)
	}
	return out
}

// Describe returns the documentation of a provider, by name or alias.
func Describe(name string) (ProviderInfo, bool) {
	n, s, ok := lookup(name)
	if !ok {
		return ProviderInfo{}, false
	}
	al := make([]string, len(s.aliases))
	copy(al, s.aliases)
	return ProviderInfo{Name: n, Aliases: al, Handshake: s.handshake, Scheme: s.scheme, Secret: s.secret, Options: Options(n)}, true
}

// rawKeys returns the configured secrets as verbatim key bytes. Every secret
// must be non-empty; at least one is required.
func rawKeys(c *Config) ([][]byte, error) {
	return decodedKeys(c, "raw", "")
}

// decodedKeys returns the secrets decoded with encoding after stripping prefix.
func decodedKeys(c *Config, encoding, prefix string) ([][]byte, error) {
	if len(c.Secrets) == 0 {
		return nil, fmt.Errorf("%s: %w: at least one secret is required", c.Provider, ErrEmptySecret)
	}
	keys := make([][]byte, 0, len(c.Secrets))
	for i, s := range c.Secrets {
		if strings.TrimSpace(s) == "" {
			return nil, fmt.Errorf("%s: %w: secret #%d is empty", c.Provider, ErrEmptySecret, i+1)
		}
		k, err := keyBytes(s, encoding, prefix)
		if err != nil {
			return nil, fmt.Errorf("%s: secret #%d: %w", c.Provider, i+1, err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// tolerance returns the configured window or the provider's default.
func tolerance(c *Config, def time.Duration) time.Duration {
	if c.Tolerance > 0 {
		return c.Tolerance
	}
	return def
}

// option returns a provider option, trimmed.
func option(c *Config, name string) string {
	if c.Options == nil {
		return ""
	}
	return strings.TrimSpace(c.Options[name])
}

// wantMethod returns ErrMethodNotAllowed unless the request uses method.
func wantMethod(r *Request, method string) error {
	if r.Method != method {
		return fmt.Errorf("%w: %s", ErrMethodNotAllowed, safeToken(r.Method, 16))
	}
	return nil
}

// safeToken returns s if it is short printable ASCII without markup, otherwise
// a placeholder; used to put request-controlled words in error messages.
func safeToken(s string, max int) string {
	if len(s) > max {
		return "(long)"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x21 || c > 0x7e || c == '<' || c == '>' || c == '"' || c == '\'' || c == '&' {
			return "(invalid)"
		}
	}
	return s
}
