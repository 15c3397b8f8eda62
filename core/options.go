package core

import (
	"fmt"
	"net/url"
	"strings"
)

// Provider options (Config.Options) beyond the plain string that option
// (provider.go) returns: lists, booleans and the public URL a provider signs.

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

// boolOption reads a true/false option (also yes/no, on/off, 1/0; empty is
// false); anything else is ErrBadConfig.
func boolOption(c *Config, name string) (bool, error) {
	switch strings.ToLower(option(c, name)) {
	case "", "false", "no", "off", "0":
		return false, nil
	case "true", "yes", "on", "1":
		return true, nil
	}
	return false, fmt.Errorf("%s: option %s: %w: want true or false", c.Provider, name, ErrBadConfig)
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
