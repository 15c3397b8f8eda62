package core

import (
	"fmt"
	"net/url"
)

// Helpers shared by the providers of group B (table_b.go).

// bPublicURL reads a required URL option (Twilio's and HubSpot's
// "public_url", Square's "notification_url"): the absolute http(s) URL the
// provider calls, as configured at the provider. It is never derived from the
// request's Host or X-Forwarded-* headers, which a caller controls.
// withQuery says whether the URL may carry a query string.
func bPublicURL(c *Config, name string, withQuery bool) (*url.URL, error) {
	s := option(c, name)
	if s == "" {
		return nil, fmt.Errorf("%s: %w: option %s is required (the URL the provider calls)", c.Provider, ErrBadConfig, name)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("%s: %w: option %s must be an absolute http(s) URL", c.Provider, ErrBadConfig, name)
	}
	if !withQuery && u.RawQuery != "" {
		return nil, fmt.Errorf("%s: %w: option %s must not carry a query string (it is taken from the request)", c.Provider, ErrBadConfig, name)
	}
	return u, nil
}

// bURLBase returns scheme://[userinfo@]host[:port]/path of u, without query
// or fragment.
func bURLBase(u *url.URL) string {
	v := *u
	v.RawQuery = ""
	v.Fragment = ""
	v.RawFragment = ""
	v.ForceQuery = false
	return v.String()
}

// bWithQuery appends the request's raw query (as received, unsorted)
// to base.
func bWithQuery(base string, r *Request) string {
	if r.URL != nil && r.URL.RawQuery != "" {
		return base + "?" + r.URL.RawQuery
	}
	return base
}
