package core

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Plivo header names (V3 signatures; messaging callbacks use the MA-V3 name).
const (
	HeaderPlivoSignatureV3   = "X-Plivo-Signature-V3"
	HeaderPlivoSignatureMaV3 = "X-Plivo-Signature-Ma-V3"
	HeaderPlivoNonceV3       = "X-Plivo-Signature-V3-Nonce"
)

var plivoSpec = spec{
	builder:    newPlivo,
	scheme:     "X-Plivo-Signature-V3: base64 HMAC-SHA256(URL + sorted params . X-Plivo-Signature-V3-Nonce); Options public_url required",
	secret:     "auth token",
	sigHeaders: []string{HeaderPlivoSignatureV3, HeaderPlivoSignatureMaV3, HeaderPlivoNonceV3},
	options: []OptionInfo{
		{"public_url", OptionURL, "the URL configured at Plivo, without query (required)"},
	},
}

// Plivo V3: X-Plivo-Signature-V3 is a comma-separated list (one per active
// auth token) of base64 HMAC-SHA256(auth token, signed + "." + nonce) where
// signed is the callback URL rebuilt as plivo-python's validate_v3_signature
// does: scheme://host/path, then "?" and the query parameters sorted by key
// ("k=v" joined by "&"), and for a POST with form parameters "?query." (the
// "." only when there is a query) followed by the form parameters sorted by
// key, each "keyvalue" with no separator. Behind a gateway the URL Plivo
// called is not the one the request shows, so Options "public_url" (the
// callback URL as configured in Plivo, required) gives scheme, host and path;
// the query comes from public_url when it has one, else from the request.
// Plivo signs no timestamp.
type plivo struct {
	keys [][]byte
	base string // scheme://host/path
	qry  string // raw query from public_url, "" to use the request's
}

func newPlivo(c *Config) (Provider, error) {
	keys, u, err := keysAndURL(c, "public_url", true)
	if err != nil {
		return nil, err
	}
	return &plivo{keys: keys, base: u.Scheme + "://" + u.Host + u.EscapedPath(), qry: u.RawQuery}, nil
}

// plivoSorted renders values sorted by key (and each key's values sorted),
// each pair as key+sep+value, pairs joined by join.
func plivoSorted(v url.Values, sep, join string) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		vals := append([]string{}, v[k]...)
		sort.Strings(vals)
		for _, x := range vals {
			parts = append(parts, k+sep+x)
		}
	}
	return strings.Join(parts, join)
}

// plivoSigned builds the string Plivo signs (without the nonce).
func plivoSigned(base, rawQuery, method string, form url.Values) (string, error) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", fmt.Errorf("%w: query: %v", ErrMalformedPayload, err)
	}
	qs := plivoSorted(q, "=", "&")
	if method == http.MethodPost && len(form) > 0 {
		s := base + "?" + qs
		if qs != "" {
			s += "."
		}
		return s + plivoSorted(form, "", ""), nil
	}
	if qs != "" {
		return base + "?" + qs, nil
	}
	return base, nil
}

func (p *plivo) Verify(r *Request) (*Result, error) {
	if r.Method != http.MethodGet {
		if err := wantMethod(r, http.MethodPost); err != nil {
			return nil, err
		}
	}
	var sigs []string
	for _, h := range append(r.Header.Values(HeaderPlivoSignatureV3), r.Header.Values(HeaderPlivoSignatureMaV3)...) {
		for _, s := range strings.Split(h, ",") {
			if s = strings.TrimSpace(s); s != "" {
				sigs = append(sigs, s)
			}
		}
	}
	if len(sigs) == 0 {
		return nil, ErrMissingSignature
	}
	nonce := r.Header.Get(HeaderPlivoNonceV3)
	if nonce == "" {
		return nil, fmt.Errorf("%w: no nonce", ErrMalformedSignature)
	}
	form := url.Values{}
	if len(r.Body) > 0 {
		// Plivo signs a body only as the form parameters of a POST: any
		// other body would ride on a signature of the URL alone.
		if r.Method != http.MethodPost {
			return nil, fmt.Errorf("%w: a %s with a body", ErrMalformedPayload, r.Method)
		}
		if mt := mediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" && mt != "" {
			return nil, fmt.Errorf("%w: Plivo signs form bodies only", ErrUnsupportedMedia)
		}
		v, err := parseQuery(string(r.Body))
		if err != nil {
			return nil, err
		}
		form = v
	}
	rq := p.qry
	if rq == "" && r.URL != nil {
		rq = r.URL.RawQuery
	}
	signed, err := plivoSigned(p.base, rq, r.Method, form)
	if err != nil {
		return nil, err
	}
	if err := anyMAC(sha256.New, p.keys, "base64", "", sigs, []byte(signed), []byte("."), []byte(nonce)); err != nil {
		return nil, err
	}
	ev := &Event{strip: []string{HeaderPlivoSignatureV3, HeaderPlivoSignatureMaV3, HeaderPlivoNonceV3}}
	ev.urlBodyKey(signed, []byte(nonce)) // what the MAC covers: the URL, the parameters, the nonce
	vals := form
	if len(vals) == 0 && r.URL != nil {
		vals = r.URL.Query()
	}
	if len(form) > 0 {
		ev.Data = formJSON(form)
	}
	for _, k := range []string{"Event", "CallStatus", "Status", "MessageState"} {
		if t := vals.Get(k); t != "" {
			ev.Type = t
			break
		}
	}
	if id := vals.Get("CallUUID"); id != "" {
		ev.ObjectType = "call"
		ev.ObjectID = id
	} else if id := vals.Get("MessageUUID"); id != "" {
		ev.ObjectType = "message"
		ev.ObjectID = id
	}
	ev.Subject = vals.Get("To")
	ev.Action = actionOf(ev.Type)
	return &Result{Event: ev}, nil
}
