package core

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Helpers shared by the providers of group B (table_b.go).

// bHeader returns the first non-empty value among the named headers.
func bHeader(h http.Header, names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(h.Get(n)); v != "" {
			return v
		}
	}
	return ""
}

// bField returns the first non-empty field among the dotted paths.
func bField(m map[string]interface{}, paths ...string) string {
	for _, p := range paths {
		if v := field(m, p); v != "" {
			return v
		}
	}
	return ""
}

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

// bJSONArray decodes body as a JSON array of objects; anything else is
// ErrMalformedPayload.
func bJSONArray(body []byte) ([]map[string]interface{}, error) {
	var arr []map[string]interface{}
	d := json.NewDecoder(strings.NewReader(string(body)))
	d.UseNumber()
	if err := d.Decode(&arr); err != nil || arr == nil {
		return nil, fmt.Errorf("%w: not a JSON array of objects", ErrMalformedPayload)
	}
	return arr, nil
}

// bUnixFloat parses a unix time in seconds with an optional fraction
// ("1521472262.908181"), as Mailgun and SendGrid send in their payloads.
func bUnixFloat(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || f > 1<<40 {
		return time.Time{}
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC().Truncate(time.Microsecond)
}

// bUnixMilli parses unix milliseconds.
func bUnixMilli(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(n)
}
