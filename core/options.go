package core

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Provider options (Config.Options). Each provider declares the options it
// takes in its spec; New refuses any other, and checks every boolean the
// same way, before the provider's builder reads them (option, listOption,
// boolOption, publicURL).

// Kinds of provider options.
const (
	OptionBool   = "bool"   // true/false, yes/no, on/off, 1/0
	OptionList   = "list"   // comma-separated values
	OptionURL    = "url"    // an absolute http(s) URL
	OptionString = "string" // anything else
)

// OptionInfo documents one provider option.
type OptionInfo struct {
	Name string // the Config.Options key
	Kind string // OptionBool, OptionList, OptionURL or OptionString
	Doc  string // one line
}

// Options returns the options a provider (by name or alias) takes, in the
// order it declares them; nil when it takes none or is unknown.
func Options(provider string) []OptionInfo {
	_, s, ok := lookup(provider)
	if !ok || len(s.options) == 0 {
		return nil
	}
	out := make([]OptionInfo, len(s.options))
	copy(out, s.options)
	return out
}

// checkOptions refuses an option the provider does not declare, naming the
// ones it does, and a boolean that does not parse.
func checkOptions(c *Config, declared []OptionInfo) error {
	names := make([]string, 0, len(c.Options))
	for k := range c.Options {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		kind := ""
		for _, o := range declared {
			if o.Name == k {
				kind = o.Kind
			}
		}
		if kind == "" {
			return fmt.Errorf("%s: %w: option %q is unknown (%s)", c.Provider, ErrBadConfig, safeToken(k, 64), knownOptions(c.Provider, declared))
		}
		if kind == OptionBool {
			if _, err := boolOption(c, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// knownOptions lists the declared option names for an error message.
func knownOptions(provider string, declared []OptionInfo) string {
	if len(declared) == 0 {
		return provider + " takes no options"
	}
	names := make([]string, 0, len(declared))
	for _, o := range declared {
		names = append(names, o.Name)
	}
	return "known: " + strings.Join(names, ", ")
}

// listOption splits a comma-separated option into trimmed, non-empty values.
func listOption(c *Config, name string) []string {
	var out []string
	for _, v := range strings.Split(option(c, name), ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// boolOption reads a boolean option, the one way every provider does: true,
// yes, on or 1; false, no, off or 0 (any case; unset or empty is false).
// Anything else is ErrBadConfig naming the option.
func boolOption(c *Config, name string) (bool, error) {
	switch strings.ToLower(option(c, name)) {
	case "", "false", "no", "off", "0":
		return false, nil
	case "true", "yes", "on", "1":
		return true, nil
	}
	return false, fmt.Errorf("%s: option %s: %w: want true or false (yes/no, on/off, 1/0)", c.Provider, name, ErrBadConfig)
}

// publicURL reads a required URL option (Twilio's, HubSpot's and Plivo's
// "public_url", Square's "notification_url"): the absolute http(s) URL the
// provider calls, as configured at the provider. It is never derived from the
// request's Host or X-Forwarded-* headers, which a caller controls.
// allowQuery says whether the URL may carry a query string.
func publicURL(c *Config, name string, allowQuery bool) (*url.URL, error) {
	s := option(c, name)
	if s == "" {
		return nil, fmt.Errorf("%s: %w: option %s is required (the URL the provider calls)", c.Provider, ErrBadConfig, name)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("%s: %w: option %s must be an absolute http(s) URL", c.Provider, ErrBadConfig, name)
	}
	if !allowQuery && u.RawQuery != "" {
		return nil, fmt.Errorf("%s: %w: option %s must not carry a query string (it is taken from the request)", c.Provider, ErrBadConfig, name)
	}
	return u, nil
}

// keysAndURL returns the secrets as verbatim keys and the required URL
// option name (publicURL): what the providers that sign their own URL
// (Twilio, HubSpot, Plivo, Square) are built from.
func keysAndURL(c *Config, name string, allowQuery bool) ([][]byte, *url.URL, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, nil, err
	}
	u, err := publicURL(c, name, allowQuery)
	if err != nil {
		return nil, nil, err
	}
	return keys, u, nil
}

// urlBase returns scheme://[userinfo@]host[:port]/path of u, without query
// or fragment.
func urlBase(u *url.URL) string {
	v := *u
	v.RawQuery = ""
	v.Fragment = ""
	v.RawFragment = ""
	v.ForceQuery = false
	return v.String()
}

// withQuery appends the request's raw query (as received, unsorted) to base.
func withQuery(base string, r *Request) string {
	if r.URL != nil && r.URL.RawQuery != "" {
		return base + "?" + r.URL.RawQuery
	}
	return base
}

// secretsOrOption collects a provider's identifying values from the secrets
// (each trimmed, none empty) and the list option opt; at least one is
// required. PayPal's webhook id and Salesforce's Organization ID may be given
// either way.
func secretsOrOption(c *Config, opt string) ([]string, error) {
	var out []string
	for i, s := range c.Secrets {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil, fmt.Errorf("%s: %w: secret #%d is empty", c.Provider, ErrEmptySecret, i+1)
		}
		out = append(out, s)
	}
	out = append(out, listOption(c, opt)...)
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: %w: option %s (or a secret) is required", c.Provider, ErrEmptySecret, opt)
	}
	return out, nil
}
