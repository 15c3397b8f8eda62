// Package traefikplugin is the Traefik v3 middleware plugin "hookstile": it
// verifies webhook deliveries at the edge with package core before Traefik
// forwards them.
//
// Traefik interprets this package with Yaegi v0.16.1, so it uses the standard
// library and core only, in the subset of Go that ../shared/design.md (the
// project's design note, not shipped) describes: no generics, no errors.As,
// no custom decoders, loop variables copied before capture.
//
// Traefik decodes the dynamic configuration into Config by field name,
// case-insensitively, and ignores struct tags; a comma-separated string becomes
// a list. Durations and sizes are therefore strings, parsed in New.
package traefikplugin

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hookstile/hookstile/core"
)

// Config is the dynamic configuration of one hookstile middleware.
type Config struct {
	// Provider is the name of a core provider (dropbox, github, stripe,
	// slack, box, standard_webhooks, generic, ...) or one of its aliases.
	Provider string `json:"provider,omitempty"`
	// Secrets verify the provider's signatures; any of them may match, so a
	// secret can be rotated. A value may be literal, "env:NAME" (read from the
	// environment of the Traefik process) or "file:/path" (read from a file,
	// one trailing newline removed). At least one is required.
	Secrets []string `json:"secrets,omitempty"`
	// SignKeys re-sign every forwarded delivery with Standard Webhooks
	// headers (webhook-id, webhook-timestamp, webhook-signature), one
	// signature per key. A key is "whsec_<base64>" or raw bytes, and accepts
	// "env:" and "file:" like Secrets. Empty: forwarded deliveries are not
	// re-signed.
	SignKeys []string `json:"signKeys,omitempty"`
	// Format of the forwarded delivery: cloudevents (default), binary, raw
	// or elements.
	Format string `json:"format,omitempty"`
	// Tolerance is the replay window, a Go duration ("5m") or seconds.
	// Empty: the provider's own window.
	Tolerance string `json:"tolerance,omitempty"`
	// MaxBody bounds the request body: bytes, or a size such as "1MiB".
	// Default 1MiB. Larger deliveries are rejected with 413.
	MaxBody string `json:"maxBody,omitempty"`
	// Dedup is how long delivery ids and body digests are remembered to
	// acknowledge duplicates without forwarding them: a duration, default
	// 24h (core's default); "off" disables duplicate detection. Replay keys
	// of signed timestamps are remembered for their window whatever this says.
	Dedup string `json:"dedup,omitempty"`
	// DedupSize bounds how many delivery ids are remembered. Default 100000.
	DedupSize int `json:"dedupSize,omitempty"`
	// Source is the CloudEvents source. Default "/hookstile/<provider>".
	Source string `json:"source,omitempty"`
	// Store is where the route remembers replay keys, single-use signatures
	// and learned secrets: "memory" (default: this instance only), or
	// "redis://[user:password@]host:port/db" / "rediss://..." (TLS), shared
	// by every instance (Caddy or Traefik) naming the same Redis. Accepts
	// "env:NAME" and "file:/path". Redis unreachable: deliveries get 503.
	Store string `json:"store,omitempty"`
	// Queue turns on queue mode: the provider is answered once the verified
	// event is durably queued in Queue.Dir, and the queue delivers it (to
	// Queue.To, or through the router's service). See QueueConfig.
	Queue QueueConfig `json:"queue,omitempty"`
	// AllowIPs lists the client addresses (CIDRs or bare IPs) this route
	// accepts; any other source is refused with 403 before the body is
	// read. The client address is the direct peer's, unless TrustedProxies
	// and TrustedProxyDepth say otherwise. Empty: every source.
	AllowIPs []string `json:"allowIPs,omitempty"`
	// TrustedProxies (CIDRs or IPs) are the peers whose X-Forwarded-For is
	// believed: from such a peer, the client address is the
	// TrustedProxyDepth-th address from the right of X-Forwarded-For (1: the
	// address the proxy itself added). Requires TrustedProxyDepth.
	TrustedProxies []string `json:"trustedProxies,omitempty"`
	// TrustedProxyDepth is how many X-Forwarded-For addresses, from the
	// right, the trusted proxies added (as Traefik's ipStrategy.depth).
	TrustedProxyDepth int `json:"trustedProxyDepth,omitempty"`
	// Options are provider-specific settings, by the core's option names
	// (for example verify_token, or the generic provider's header).
	Options map[string]string `json:"options,omitempty"`

	// The generic provider's settings, also accepted in Options under the
	// snake_case names given here.

	// Header carries the signature (option header).
	Header string `json:"header,omitempty"`
	// Algorithm is sha256 (default), sha1 or sha512 (option algorithm).
	Algorithm string `json:"algorithm,omitempty"`
	// Encoding of the signature: hex (default) or base64 (option encoding).
	Encoding string `json:"encoding,omitempty"`
	// Prefix of the signature value, such as "sha256=" (option prefix).
	Prefix string `json:"prefix,omitempty"`
	// SignedContent is the signed-content template over {timestamp}, {id}
	// and {body}; default "{body}" (option signed_content).
	SignedContent string `json:"signedContent,omitempty"`
	// TimestampHeader carries the signed timestamp (option timestamp_header).
	TimestampHeader string `json:"timestampHeader,omitempty"`
	// TimestampFormat is unix (default), unix_ms or rfc3339 (option
	// timestamp_format).
	TimestampFormat string `json:"timestampFormat,omitempty"`
	// IDHeader carries the delivery id used for duplicates (option id_header).
	IDHeader string `json:"idHeader,omitempty"`
	// EventTypeHeader carries the event type (option event_type_header).
	EventTypeHeader string `json:"eventTypeHeader,omitempty"`
	// KeyEncoding of the secrets: raw (default), base64 or hex (option
	// key_encoding).
	KeyEncoding string `json:"keyEncoding,omitempty"`
}

// CreateConfig returns the default configuration, which Traefik fills from
// the dynamic configuration before calling New.
func CreateConfig() *Config {
	return &Config{
		Secrets:  []string{},
		SignKeys: []string{},
		Format:   core.FormatCloudEvents,
		MaxBody:  "1MiB",
		Options:  map[string]string{},
	}
}

// coreConfig validates c and turns it into a core.Config. Errors name the
// field in the spelling of the dynamic configuration and never carry a secret.
func coreConfig(c *Config) (core.Config, error) {
	var cc core.Config
	if c == nil {
		return cc, fmt.Errorf("configuration is missing")
	}
	if strings.TrimSpace(c.Provider) == "" {
		return cc, fmt.Errorf("provider: required (a name of the README's provider table, such as github)")
	}
	cc.Provider = strings.TrimSpace(c.Provider)
	if len(c.Secrets) == 0 {
		return cc, fmt.Errorf("secrets: at least one secret is required")
	}
	secrets, err := resolveAll("secrets", c.Secrets)
	if err != nil {
		return cc, err
	}
	cc.Secrets = secrets
	keys, err := resolveAll("signKeys", c.SignKeys)
	if err != nil {
		return cc, err
	}
	cc.SignKeys = keys
	cc.Format = strings.TrimSpace(c.Format)
	if s := strings.TrimSpace(c.Tolerance); s != "" {
		d, err := core.ParseDuration(s)
		if err != nil {
			return cc, fmt.Errorf("tolerance: %q is not a duration (want e.g. 5m or 300)", clip(s))
		}
		cc.Tolerance = d
	}
	if s := strings.TrimSpace(c.MaxBody); s != "" {
		n, err := core.ParseSize(s)
		if err != nil {
			return cc, fmt.Errorf("maxBody: %q is not a size (want e.g. 1048576 or 1MiB)", clip(s))
		}
		cc.MaxBody = n
	}
	d, err := dedupTTL(c.Dedup)
	if err != nil {
		return cc, err
	}
	cc.Dedup = d
	if c.DedupSize < 0 {
		return cc, fmt.Errorf("dedupSize: must not be negative")
	}
	cc.DedupSize = c.DedupSize
	cc.Source = strings.TrimSpace(c.Source)
	cc.AllowIPs = c.AllowIPs
	opts, err := options(c)
	if err != nil {
		return cc, err
	}
	cc.Options = opts
	return cc, nil
}

// dedupTTL parses the dedup field: empty is core's default, "off" disables.
func dedupTTL(s string) (time.Duration, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "":
		return 0, nil
	case "off", "false", "none", "0":
		return -1, nil
	}
	d, err := core.ParseDuration(s)
	if err != nil || d == 0 {
		return 0, fmt.Errorf("dedup: %q is not a duration (want e.g. 10m, or off)", clip(s))
	}
	return d, nil
}

// options merges Options with the top-level generic provider fields.
func options(c *Config) (map[string]string, error) {
	out := map[string]string{}
	for k, v := range c.Options {
		key := strings.TrimSpace(k)
		if key == "" {
			return nil, fmt.Errorf("options: empty option name")
		}
		// Some options are secrets too (Meta's verify_token, ...): they take
		// env: and file: references like secrets do.
		if strings.HasPrefix(v, "env:") || strings.HasPrefix(v, "file:") {
			s, err := resolveSecret(v)
			if err != nil {
				return nil, fmt.Errorf("options.%s: %v", clip(key), err)
			}
			v = s
		}
		out[key] = v
	}
	fields, err := genericFields(c)
	if err != nil {
		return nil, err
	}
	for _, f := range fields {
		if prev, ok := out[f.option]; ok && prev != f.value {
			return nil, fmt.Errorf("%s: conflicts with options.%s", f.field, f.option)
		}
		out[f.option] = f.value
	}
	return out, nil
}

// genericField is a top-level generic provider field that is set.
type genericField struct {
	field, option, value string
}

// genericFields returns the top-level generic provider fields that are set:
// for each option the generic provider declares (core.Options), the field
// whose JSON name is the option's name in camelCase (signed_content:
// signedContent).
func genericFields(c *Config) ([]genericField, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("configuration: %v", err)
	}
	var all map[string]interface{}
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, fmt.Errorf("configuration: %v", err)
	}
	var out []genericField
	for _, o := range core.Options("generic") {
		name := camelCase(o.Name)
		if v, ok := all[name].(string); ok && v != "" {
			out = append(out, genericField{field: name, option: o.Name, value: v})
		}
	}
	return out, nil
}

// camelCase turns an option name (id_header) into a field name (idHeader).
func camelCase(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// resolveAll resolves every value of a secret list; field names the list.
func resolveAll(field string, values []string) ([]string, error) {
	out := make([]string, 0, len(values))
	for i, v := range values {
		s, err := resolveSecret(v)
		if err != nil {
			return nil, fmt.Errorf("%s[%d]: %v", field, i, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// resolveSecret returns a secret given literally, as "env:NAME" or as
// "file:/path". An empty result is an error: a missing secret never means
// "skip verification". Errors name the variable or file, never the value.
func resolveSecret(v string) (string, error) {
	switch {
	case strings.HasPrefix(v, "env:"):
		name := strings.TrimSpace(v[len("env:"):])
		if name == "" {
			return "", fmt.Errorf("env: variable name is missing")
		}
		s := os.Getenv(name)
		if s == "" {
			return "", fmt.Errorf("environment variable %s is not set or empty", clip(name))
		}
		return s, nil
	case strings.HasPrefix(v, "file:"):
		p := strings.TrimSpace(v[len("file:"):])
		if p == "" {
			return "", fmt.Errorf("file: path is missing")
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return "", fmt.Errorf("reading secret file %s: %v", clip(p), pathErr(err))
		}
		s := strings.TrimSuffix(string(b), "\n")
		s = strings.TrimSuffix(s, "\r")
		if strings.TrimSpace(s) == "" {
			return "", fmt.Errorf("secret file %s is empty", clip(p))
		}
		return s, nil
	}
	if strings.TrimSpace(v) == "" {
		return "", fmt.Errorf("empty secret")
	}
	return v, nil
}

// pathErr reduces a file error to its cause, without repeating the path.
func pathErr(err error) string {
	if os.IsNotExist(err) {
		return "no such file"
	}
	if os.IsPermission(err) {
		return "permission denied"
	}
	return "cannot read"
}

// clip bounds a configuration value quoted in an error message.
func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
