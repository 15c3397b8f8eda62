package core

import (
	"crypto/sha256"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Contentful header names.
const (
	HeaderContentfulSignature     = "X-Contentful-Signature"
	HeaderContentfulSignedHeaders = "X-Contentful-Signed-Headers"
	HeaderContentfulTimestamp     = "X-Contentful-Timestamp"
	HeaderContentfulTopic         = "X-Contentful-Topic"
)

var contentfulSpec = spec{
	builder:    newContentful,
	scheme:     "x-contentful-signature: hex HMAC-SHA256(method, path, signed headers, body), x-contentful-timestamp in ms, 30 s window; option public_url",
	secret:     "webhook signing secret",
	sigHeaders: []string{HeaderContentfulSignature},
	options: []OptionInfo{
		{"public_url", OptionURL, "the URL configured in Contentful, whose path and query are signed (default: the request's)"},
	},
}

// Contentful (webhook request verification), as contentful/node-apps-toolkit
// signs and verifies requests (sign-request.ts, verify-request.ts, utils.ts):
//
//	x-contentful-signature = hex HMAC-SHA256(signing secret,
//	    METHOD "\n" PATH "\n" HEADERS "\n" BODY)
//
// PATH is encodeURI(pathname [+ "?" + querystring.escape(search)]), HEADERS
// the headers named in x-contentful-signed-headers (lower-cased, trimmed,
// sorted by name) as "name:value" joined with ";", always including
// x-contentful-signed-headers and x-contentful-timestamp (unix ms). Window:
// 30 s (the toolkit's default time to live), here checked both ways.
//
// Options: "public_url" (optional), the URL configured in Contentful, whose
// path and query are signed; by default the request's own path and query
// are used, which differs when a proxy rewrites the path.
type contentful struct {
	keys [][]byte
	tol  time.Duration
	path string // normalized signed path from public_url, "" to use the request's
}

func newContentful(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	p := &contentful{keys: keys, tol: tolerance(c, 30*time.Second)}
	if pu := option(c, "public_url"); pu != "" {
		u, err := url.Parse(pu)
		if err != nil || u.Path == "" {
			return nil, fmt.Errorf("contentful: public_url: %w: not an absolute URL with a path", ErrBadConfig)
		}
		p.path = contentfulPath(u)
	}
	return p, nil
}

// contentfulPath renders a URL the way the toolkit's getNormalizedEncodedURI
// does: the search is querystring.escape'd, then the whole is encodeURI'd
// (so percent signs of the escaped query are encoded again).
func contentfulPath(u *url.URL) string {
	p := u.EscapedPath()
	if u.RawQuery != "" {
		// uri.split('?') keeps only what precedes a second '?'.
		q := u.RawQuery
		if i := strings.IndexByte(q, '?'); i >= 0 {
			q = q[:i]
		}
		if q != "" {
			p += "?" + jsEscape(q, "-_.!~*'()")
		}
	}
	return jsEscape(p, "-_.!~*'();/?:@&=+$,#")
}

// jsEscape percent-encodes s like JavaScript: ASCII letters, digits and the
// bytes of keep stay, every other byte becomes %XX (upper-case hex).
func jsEscape(s, keep string) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexd[c>>4])
		b.WriteByte(hexd[c&15])
	}
	return b.String()
}

func (p *contentful) Verify(r *Request) (*Result, error) {
	sigs := r.Header.Values(HeaderContentfulSignature)
	if len(sigs) == 0 {
		return nil, ErrMissingSignature
	}
	ts := strings.TrimSpace(r.Header.Get(HeaderContentfulTimestamp))
	t, err := parseTime(ts, unitMillis)
	if err != nil {
		return nil, err
	}
	// The headers named as signed, as the toolkit picks them: names from the
	// list as sent, matched against lower-cased request header names.
	picked := map[string]string{}
	for _, name := range strings.Split(r.Header.Get(HeaderContentfulSignedHeaders), ",") {
		// The toolkit compares each listed name verbatim with the lower-cased
		// header names: a name with capitals or spaces picks nothing.
		key := strings.ToLower(strings.TrimSpace(name))
		if key != name || key == "" {
			continue
		}
		if vs := r.Header.Values(key); len(vs) > 0 {
			picked[key] = strings.TrimSpace(strings.Join(vs, ", "))
		}
	}
	picked[strings.ToLower(HeaderContentfulTimestamp)] = ts
	names := make([]string, 0, len(picked)+1)
	for k := range picked {
		names = append(names, k)
	}
	sh := strings.ToLower(HeaderContentfulSignedHeaders)
	if _, ok := picked[sh]; !ok {
		names = append(names, sh)
	}
	sort.Strings(names)
	picked[sh] = strings.Join(names, ",")
	pairs := make([]string, 0, len(names))
	for _, k := range names {
		pairs = append(pairs, k+":"+picked[k])
	}
	path := p.path
	if path == "" {
		path = contentfulPath(r.URL)
	}
	head := r.Method + "\n" + path + "\n" + strings.Join(pairs, ";") + "\n"
	if err := anyMAC(sha256.New, p.keys, "hex", "", sigs, []byte(head), r.Body); err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	ev := &Event{Time: t, Type: r.Header.Get(HeaderContentfulTopic)}
	if _, signed := picked[strings.ToLower(HeaderContentfulTopic)]; !signed {
		ev.unsignedType()
	}
	// Topic "ContentManagement.Entry.publish": object type and action.
	if parts := strings.Split(ev.Type, "."); len(parts) == 3 {
		ev.ObjectType = parts[1]
		ev.Action = contentfulAction(parts[2])
	}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.ObjectID = field(m, "sys.id")
		if st := field(m, "sys.type"); st != "" && ev.ObjectType == "" {
			ev.ObjectType = st
		}
		ev.Subject = field(m, "sys.space.sys.id")
		if t2 := timeField(m, "sys.updatedAt"); !t2.IsZero() {
			ev.Time = t2
		}
	}
	ev.signedKey(ts, r.Body, p.tol)
	return &Result{Event: ev}, nil
}

// contentfulAction maps a topic's action word to the Cloud Elements trio.
func contentfulAction(a string) string {
	switch strings.ToLower(a) {
	case "create":
		return ActionCreated
	case "save", "auto_save", "publish", "archive", "unarchive":
		return ActionUpdated
	case "delete", "unpublish":
		return ActionDeleted
	}
	return actionOf(a)
}
