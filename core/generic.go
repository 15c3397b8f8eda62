package core

import (
	"bytes"
	"fmt"
	"hash"
	"net/http"
	"strings"
	"time"
)

// Options of the generic provider (Config.Options keys), modeled on the
// fields AWS EventBridge uses for webhook connections.
const (
	OptHeader          = "header"           // signature header (required)
	OptAlgorithm       = "algorithm"        // sha256 (default), sha1, sha512
	OptEncoding        = "encoding"         // hex (default), base64
	OptPrefix          = "prefix"           // prefix of the signature value, e.g. "sha256="
	OptSignedContent   = "signed_content"   // template over {timestamp}, {id}, {body}; default "{body}"
	OptTimestampHeader = "timestamp_header" // header carrying the signed timestamp
	OptTimestampFormat = "timestamp_format" // unix (default), unix_ms, rfc3339
	OptIDHeader        = "id_header"        // header carrying the delivery id (dedup key)
	OptEventTypeHeader = "event_type_header"
	OptKeyEncoding     = "key_encoding" // raw (default), base64, hex
)

var genericSpec = spec{
	builder: newGeneric,
	options: []OptionInfo{
		{OptHeader, OptionString, "the header carrying the signature (required)"},
		{OptAlgorithm, OptionString, "the HMAC hash: sha256 (default), sha1 or sha512"},
		{OptEncoding, OptionString, "the signature encoding: hex (default) or base64"},
		{OptPrefix, OptionString, "text before the signature in its header, such as sha256="},
		{OptSignedContent, OptionString, "the signed content, a template over {timestamp}, {id} and {body} (default {body})"},
		{OptTimestampHeader, OptionString, "the header carrying the signed timestamp"},
		{OptTimestampFormat, OptionString, "the timestamp format: unix (default), unix_ms or rfc3339"},
		{OptIDHeader, OptionString, "the header carrying the delivery id (duplicates)"},
		{OptEventTypeHeader, OptionString, "the header carrying the event type"},
		{OptKeyEncoding, OptionString, "how the secrets decode: raw (default), base64 or hex"},
	},
	scheme: "configurable: header, algorithm, encoding, prefix, signed-content template, timestamp header",
	secret: "shared HMAC secret",
}

// generic is a configurable HMAC scheme for the long tail of providers.
type generic struct {
	keys        [][]byte
	h           func() hash.Hash
	header      string
	encoding    string
	prefix      string
	parts       []string // literal pieces and the placeholders {timestamp}, {id}, {body}
	tsHeader    string
	tsFormat    string
	idHeader    string
	eventHeader string
	tol         time.Duration
}

func newGeneric(c *Config) (Provider, error) {
	g := &generic{
		header:      option(c, OptHeader),
		encoding:    strings.ToLower(option(c, OptEncoding)),
		prefix:      option(c, OptPrefix),
		tsHeader:    option(c, OptTimestampHeader),
		tsFormat:    strings.ToLower(option(c, OptTimestampFormat)),
		idHeader:    option(c, OptIDHeader),
		eventHeader: option(c, OptEventTypeHeader),
	}
	if g.header == "" {
		return nil, fmt.Errorf("generic: %w: option %q is required", ErrBadConfig, OptHeader)
	}
	if g.encoding == "" {
		g.encoding = "hex"
	}
	if g.encoding != "hex" && g.encoding != "base64" {
		return nil, fmt.Errorf("generic: %w: %s %q (want hex or base64)", ErrBadConfig, OptEncoding, safeToken(g.encoding, 32))
	}
	h, err := hashFunc(option(c, OptAlgorithm))
	if err != nil {
		return nil, fmt.Errorf("generic: %s: %w", OptAlgorithm, err)
	}
	g.h = h
	switch g.tsFormat {
	case "", "unix", "seconds":
		g.tsFormat = unitSeconds
	case "unix_ms", "ms", "milliseconds":
		g.tsFormat = unitMillis
	case "rfc3339", "iso8601":
		g.tsFormat = unitRFC3339
	default:
		return nil, fmt.Errorf("generic: %w: %s %q (want unix, unix_ms or rfc3339)", ErrBadConfig, OptTimestampFormat, safeToken(g.tsFormat, 32))
	}
	tmpl := option(c, OptSignedContent)
	if tmpl == "" {
		tmpl = "{body}"
	}
	g.parts, err = parseTemplate(tmpl)
	if err != nil {
		return nil, err
	}
	for _, p := range g.parts {
		if p == "{timestamp}" && g.tsHeader == "" {
			return nil, fmt.Errorf("generic: %w: %s uses {timestamp} but %s is not set", ErrBadConfig, OptSignedContent, OptTimestampHeader)
		}
		if p == "{id}" && g.idHeader == "" {
			return nil, fmt.Errorf("generic: %w: %s uses {id} but %s is not set", ErrBadConfig, OptSignedContent, OptIDHeader)
		}
	}
	keyEnc := strings.ToLower(option(c, OptKeyEncoding))
	g.keys, err = decodedKeys(c, keyEnc, "")
	if err != nil {
		return nil, err
	}
	if g.tsHeader != "" {
		g.tol = tolerance(c, 5*time.Minute)
	}
	return g, nil
}

// parseTemplate splits "{timestamp}.{body}" into ["{timestamp}", ".", "{body}"].
func parseTemplate(t string) ([]string, error) {
	var parts []string
	hasBody := false
	for len(t) > 0 {
		i := strings.Index(t, "{")
		if i < 0 {
			parts = append(parts, t)
			break
		}
		if i > 0 {
			parts = append(parts, t[:i])
		}
		j := strings.Index(t[i:], "}")
		if j < 0 {
			return nil, fmt.Errorf("generic: %w: %s has an unclosed {", ErrBadConfig, OptSignedContent)
		}
		ph := t[i : i+j+1]
		switch ph {
		case "{body}":
			hasBody = true
		case "{timestamp}", "{id}":
		default:
			return nil, fmt.Errorf("generic: %w: %s: unknown placeholder %s (want {timestamp}, {id}, {body})", ErrBadConfig, OptSignedContent, safeToken(ph, 32))
		}
		parts = append(parts, ph)
		t = t[i+j+1:]
	}
	if !hasBody {
		return nil, fmt.Errorf("generic: %w: %s must contain {body}", ErrBadConfig, OptSignedContent)
	}
	return parts, nil
}

// signsTimestamp reports whether the signed-content template holds {timestamp}.
func (g *generic) signsTimestamp() bool {
	for _, p := range g.parts {
		if p == "{timestamp}" {
			return true
		}
	}
	return false
}

func (g *generic) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	sigs := r.Header.Values(g.header)
	if len(sigs) == 0 {
		return nil, ErrMissingSignature
	}
	ev := &Event{}
	ts, id := "", ""
	if g.tsHeader != "" {
		ts = r.Header.Get(g.tsHeader)
		t, err := parseTime(ts, g.tsFormat)
		if err != nil {
			return nil, err
		}
		ev.Time = t
	}
	if g.idHeader != "" {
		id = r.Header.Get(g.idHeader)
		ev.DeliveryID = id
	}
	content := make([][]byte, 0, len(g.parts))
	for _, p := range g.parts {
		switch p {
		case "{body}":
			content = append(content, r.Body)
		case "{timestamp}":
			content = append(content, []byte(ts))
		case "{id}":
			content = append(content, []byte(id))
		default:
			content = append(content, []byte(p))
		}
	}
	if err := anyMAC(g.h, g.keys, g.encoding, g.prefix, sigs, content...); err != nil {
		return nil, err
	}
	if g.tsHeader != "" {
		if err := checkWindow(ev.Time, r.Now, g.tol); err != nil {
			return nil, err
		}
	}
	if g.eventHeader != "" {
		ev.Type = r.Header.Get(g.eventHeader)
		ev.ObjectType, ev.Action = splitType(ev.Type)
		ev.unsignedType()
	}
	ev.strip = []string{g.header}
	// The replay key is the digest of exactly what the MAC covers.
	if signed := bytes.Join(content, nil); ts != "" && g.signsTimestamp() {
		ev.signedKey("", signed, g.tol)
	} else {
		ev.bodyKey(signed)
	}
	return &Result{Event: ev}, nil
}
