package core

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Twilio header names.
const (
	HeaderTwilioSignature   = "X-Twilio-Signature"
	HeaderTwilioIdempotency = "I-Twilio-Idempotency-Token"
)

var twilioSpec = spec{
	builder:    newTwilio,
	scheme:     "X-Twilio-Signature: base64 HMAC-SHA1(URL + sorted form params; JSON: URL with bodySHA256); option public_url required",
	secret:     "account auth token",
	sigHeaders: []string{"X-Twilio-Signature"},
	options: []OptionInfo{
		{"public_url", OptionURL, "the URL configured at Twilio, without query (required)"},
	},
}

// Twilio: X-Twilio-Signature = base64 HMAC-SHA1(account auth token, URL ‖
// sorted POST parameters), where URL is the full URL Twilio called (scheme,
// host, port if any, path, query) and each form parameter, sorted by name
// (values of a repeated name sorted and de-duplicated), is appended as name
// then value.
// GET requests sign the URL alone. JSON bodies sign the URL alone, which then
// carries bodySHA256=<hex SHA-256 of the body>; the body is checked against
// it. As Twilio's validators do, the URL is tried as configured, with the
// scheme's default port added and with any port removed. Options:
//
//   - public_url (required): the webhook URL configured at Twilio, scheme,
//     host, optional port and path, without query (the query is taken from
//     the request as received); never derived from Host or X-Forwarded-*.
//
// No timestamp is signed. The delivery id is I-Twilio-Idempotency-Token when
// Twilio sends it.
type twilio struct {
	keys  [][]byte
	bases []string // public URL variants: as configured, default port, no port
	frag  string
}

func newTwilio(c *Config) (Provider, error) {
	keys, u, err := keysAndURL(c, "public_url", false)
	if err != nil {
		return nil, err
	}
	p := &twilio{keys: keys}
	if u.Fragment != "" {
		p.frag = "#" + u.EscapedFragment()
	}
	p.bases = twilioURLVariants(u)
	return p, nil
}

// twilioURLVariants returns the base URL as configured, with the scheme's
// default port and without any port (duplicates removed).
func twilioURLVariants(u *url.URL) []string {
	out := []string{urlBase(u)}
	host := u.Hostname()
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	def := "443"
	if u.Scheme == "http" {
		def = "80"
	}
	for _, h := range []string{net.JoinHostPort(u.Hostname(), def), host} {
		v := *u
		v.Host = h
		s := urlBase(&v)
		dup := false
		for _, o := range out {
			if o == s {
				dup = true
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

func (p *twilio) Verify(r *Request) (*Result, error) {
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		return nil, wantMethod(r, http.MethodPost)
	}
	sigs := r.Header.Values(HeaderTwilioSignature)
	if len(sigs) == 0 {
		return nil, ErrMissingSignature
	}
	query := url.Values{}
	if r.URL != nil {
		query = r.URL.Query()
	}
	ev := &Event{DeliveryID: r.Header.Get(HeaderTwilioIdempotency)}
	var params []string // name, value, name, value...
	var vals url.Values
	mt := mediaType(r.Header.Get("Content-Type"))
	bodyHash := query.Get("bodySHA256")
	switch {
	case bodyHash != "":
		want, err := hex.DecodeString(bodyHash)
		if err != nil || len(want) != sha256.Size {
			return nil, fmt.Errorf("%w: bodySHA256 is not a SHA-256 hex digest", ErrMalformedSignature)
		}
		sum := sha256.Sum256(r.Body)
		if !equalMAC(sum[:], want) {
			return nil, fmt.Errorf("%w: body does not match bodySHA256", ErrSignatureMismatch)
		}
	case r.Method == http.MethodPost && mt == "application/x-www-form-urlencoded":
		v, err := parseQuery(string(r.Body))
		if err != nil {
			return nil, err
		}
		vals = v
		params = twilioParams(v)
	case len(r.Body) > 0:
		return nil, fmt.Errorf("%w: body is neither form-encoded nor covered by bodySHA256", ErrMalformedPayload)
	}
	parts := make([][]byte, 1, len(params)+1) // parts[0]: the URL variant
	for _, s := range params {
		parts = append(parts, []byte(s))
	}
	err := ErrSignatureMismatch
	for _, base := range p.bases {
		parts[0] = []byte(withQuery(base, r) + p.frag)
		err = anyMAC(sha1.New, p.keys, "base64", "", sigs, parts...)
		if err == nil {
			break
		}
		if err != ErrSignatureMismatch {
			return nil, err
		}
	}
	if err != nil {
		return nil, err
	}
	if vals == nil && r.Method == http.MethodGet {
		vals = query
	}
	if vals != nil {
		ev.Data = formJSON(vals)
		twilioEvent(ev, vals.Get("AccountSid"), vals.Get("CallSid"), vals.Get("MessageSid"), bFirst(vals.Get("CallStatus"), vals.Get("MessageStatus"), vals.Get("SmsStatus")))
	} else if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		twilioEvent(ev, field(m, "AccountSid"), field(m, "CallSid"), field(m, "MessageSid"), bFirst(field(m, "CallStatus"), field(m, "MessageStatus"), field(m, "type")))
	} else {
		ev.Type = "batch" // Event Streams sinks post JSON arrays of CloudEvents
	}
	ev.urlBodyKey(string(parts[0]), r.Body) // Twilio signs the URL and the parameters
	return &Result{Event: ev}, nil
}

// twilioParams sorts the form parameters by name and returns name, value
// pairs in signing order; the values of a repeated name are sorted and
// de-duplicated, as twilio-python's RequestValidator.compute_signature does
// (sorted(set(params)), then sorted(set(values))).
func twilioParams(v url.Values) []string {
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []string
	for _, k := range names {
		vs := append([]string(nil), v[k]...)
		sort.Strings(vs)
		for i, x := range vs {
			if i > 0 && x == vs[i-1] {
				continue
			}
			out = append(out, k, x)
		}
	}
	return out
}

func twilioEvent(ev *Event, account, call, message, status string) {
	ev.Subject = account
	switch {
	case call != "":
		ev.ObjectType, ev.ObjectID = "call", call
	case message != "":
		ev.ObjectType, ev.ObjectID = "message", message
	}
	ev.Type = ev.ObjectType
	if status != "" {
		if ev.Type != "" {
			ev.Type += "."
		}
		ev.Type += status
	}
	if ev.Type == "" {
		ev.Type = "webhook"
	}
	ev.Action = actionOf(status)
}

// bFirst returns the first non-empty string.
func bFirst(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
