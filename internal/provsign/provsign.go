// Package provsign signs webhook deliveries as each provider signs them, for
// tests and for the hookstile command (hookstile sign, hookstile send). It is
// written from the providers' documented schemes (../shared/providers.md and
// the vector generators in core/testdata), independently of core, which it
// does not import: what it produces is checked against core, and against
// the providers' official SDKs where one exists (internal/provsign tests and
// oracle/).
//
// Sign takes the secrets a route is configured with (for public-key schemes,
// the private key: PEM, or raw where the provider uses raw keys), the
// provider's options, a URL, a body (or a sample event of that provider with
// fresh ids and timestamps) and a clock, and returns the request method, URL,
// headers and body exactly as the provider would send them. RouteFor tells
// what a route must be configured with to accept it, including, for the
// schemes whose verifier fetches a certificate (PayPal, AWS SNS), the
// certificate and the URL it is served at (provsigntest serves it on a
// loopback TLS server).
//
// Every provider of core can be signed; none needs the provider itself.
// Two limits: PayPal and AWS SNS deliveries verify only where the verifier
// can fetch the signer's certificate from the provider's host (tests:
// provsigntest.Serve; a real gateway fetches PayPal's and Amazon's own, so
// a delivery signed here cannot pass it), and Plaid is signed for a route
// that pins the key (PEM, or PlaidJWK), not one that fetches it from
// Plaid's API with an API secret.
package provsign

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Input is what a delivery is signed with.
type Input struct {
	// Secrets are the route's secrets, first one signing; for public-key
	// schemes the private key. Box signs with the first (primary) and the
	// second (secondary) key; GitLab sends the token and signs with a
	// whsec_ signing token when both are given.
	Secrets []string
	// Options are the provider's options (public_url, app_key, ...); see
	// Options for each provider's list.
	Options map[string]string
	// URL is where the delivery is sent (and what URL-signing providers
	// sign); default DefaultURL with the provider's name.
	URL string
	// Body is the payload; nil means a sample event of the provider.
	Body []byte
	// Now is the clock; zero means time.Now().
	Now time.Time
}

// DefaultURL is the URL a delivery is signed for when Input.URL is empty.
const DefaultURL = "http://127.0.0.1:8080/hooks/"

// Request is a signed delivery, as the provider sends it.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
}

// Option documents one option a provider's signer takes.
type Option struct {
	Name  string
	Usage string
	// Route is true when the route is configured with the same option
	// (RouteFor copies it); false for what only the signer uses.
	Route bool
}

// provider is one entry of the table.
type provider struct {
	aliases []string
	ctype   string // Content-Type of the sample; "" for application/json, "-" for none
	method  string // "" for POST
	sample  string // template of the sample body (see expand)
	sign    func(c *ctx) error
	opts    []Option
	key     keyKind // what Secrets[0] is: a shared secret or a private key
	example string  // an example secret ("" for a fixed generic one)
	note    string  // what a user must know to use the signed delivery
}

// Providers returns the names of every provider Sign knows, sorted.
func Providers() []string {
	out := make([]string, 0, len(table))
	for n := range table {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// lookup finds a provider by name or alias.
func lookup(name string) (string, provider, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	if p, ok := table[name]; ok {
		return name, p, true
	}
	for n, p := range table {
		for _, a := range p.aliases {
			if a == name {
				return n, p, true
			}
		}
	}
	return "", provider{}, false
}

// Canonical returns the provider's name for a name or alias.
func Canonical(name string) (string, bool) {
	n, _, ok := lookup(name)
	return n, ok
}

// Options lists the options the provider's signer takes.
func Options(name string) []Option {
	_, p, _ := lookup(name)
	return append([]Option(nil), p.opts...)
}

// Note is what a user must know about the provider's signed deliveries
// (a certificate the verifier fetches, a key to configure), or "".
func Note(name string) string {
	_, p, _ := lookup(name)
	return p.note
}

// SignsWithPrivateKey reports whether the provider's secret for Sign is a
// private key (a public-key scheme); its route takes the public key.
func SignsWithPrivateKey(name string) bool {
	_, p, _ := lookup(name)
	return p.key != sharedSecret
}

// ctx is one signing in progress.
type ctx struct {
	name    string
	secrets []string
	opt     map[string]string
	u       *url.URL
	now     time.Time
	method  string
	header  http.Header
	body    []byte
	vals    map[string]string // the sample's fresh values
	sampled bool              // body is the provider's sample
}

// Sign signs a delivery of provider as that provider does.
func Sign(name string, in Input) (*Request, error) {
	n, p, ok := lookup(name)
	if !ok {
		return nil, fmt.Errorf("unknown provider %q", name)
	}
	c, err := newCtx(n, p, in)
	if err != nil {
		return nil, err
	}
	if err := p.sign(c); err != nil {
		return nil, fmt.Errorf("%s: %w", n, err)
	}
	if c.method != http.MethodGet && c.method != http.MethodHead {
		c.header.Set("Content-Length", strconv.Itoa(len(c.body)))
	}
	return &Request{Method: c.method, URL: c.u.String(), Header: c.header, Body: c.body}, nil
}

func newCtx(n string, p provider, in Input) (*ctx, error) {
	raw := in.URL
	if raw == "" {
		raw = DefaultURL + n
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("%s: url %q: want an absolute http(s) URL", n, raw)
	}
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	for _, s := range in.Secrets {
		if s == "" {
			return nil, fmt.Errorf("%s: empty secret", n)
		}
	}
	if len(in.Secrets) == 0 {
		return nil, fmt.Errorf("%s: a secret is required (%s)", n, p.secretWord())
	}
	known := map[string]bool{}
	for _, o := range p.opts {
		known[o.Name] = true
	}
	opt := map[string]string{}
	for k, v := range in.Options {
		if !known[k] {
			return nil, fmt.Errorf("%s: unknown option %q%s", n, k, optionList(p.opts))
		}
		opt[k] = v
	}
	c := &ctx{name: n, secrets: in.Secrets, opt: opt, u: u, now: now, method: p.method, header: http.Header{}}
	if c.method == "" {
		c.method = http.MethodPost
	}
	c.vals = freshValues(now)
	c.header.Set("User-Agent", "hookstile-sign ("+n+")")
	if in.Body != nil {
		c.body = append([]byte(nil), in.Body...)
	} else if p.sample != "" {
		c.body = []byte(c.expand(p.sample))
		c.sampled = true
	}
	switch p.ctype {
	case "-":
	case "":
		if len(c.body) > 0 {
			c.header.Set("Content-Type", "application/json")
		}
	default:
		c.header.Set("Content-Type", p.ctype)
	}
	return c, nil
}

func optionList(opts []Option) string {
	if len(opts) == 0 {
		return " (it takes none)"
	}
	names := make([]string, len(opts))
	for i, o := range opts {
		names[i] = o.Name
	}
	return " (it takes " + strings.Join(names, ", ") + ")"
}

func (p provider) secretWord() string {
	switch p.key {
	case ed25519Key:
		return "an Ed25519 private key: PEM, or 64 hex characters of seed"
	case ecdsaKey:
		return "an ECDSA P-256 private key, PEM"
	case rsaKey:
		return "an RSA private key, PEM"
	}
	return "the route's secret"
}

// freshValues are the ids and timestamps a sample is filled with.
func freshValues(now time.Time) map[string]string {
	u := now.UTC()
	return map[string]string{
		"ID":    randHex(12),
		"ID2":   randHex(12),
		"N":     randDecimal(), // a numeric id, new at each call (bodies are replay keys)
		"UUID":  uuid(),
		"TS":    strconv.FormatInt(u.Unix(), 10),
		"MS":    strconv.FormatInt(u.UnixMilli(), 10),
		"ISO":   u.Format(time.RFC3339),
		"ISOMS": u.Format("2006-01-02T15:04:05.000Z"),
	}
}

// expand fills {{NAME}} placeholders with the fresh values.
func (c *ctx) expand(s string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	pairs := make([]string, 0, 2*len(c.vals))
	for k, v := range c.vals {
		pairs = append(pairs, "{{"+k+"}}", v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// set sets header k to the expanded v.
func (c *ctx) set(kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		c.header.Set(kv[i], c.expand(kv[i+1]))
	}
}

// option returns option name, or def.
func (c *ctx) option(name, def string) string {
	if v, ok := c.opt[name]; ok && v != "" {
		return v
	}
	return def
}

// urlNoQuery is the URL without its query.
func (c *ctx) urlNoQuery() string {
	u := *c.u
	u.RawQuery = ""
	u.Fragment = ""
	return u.String()
}

// randDecimal is a random 15-digit decimal number.
func randDecimal() string {
	var b [8]byte
	rand.Read(b[:])
	n := binary.BigEndian.Uint64(b[:]) % 900000000000000
	return strconv.FormatUint(n+100000000000000, 10)
}

func randHex(n int) string {
	b := make([]byte, n)
	if _, err := io.ReadFull(rand.Reader, b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func uuid() string {
	h := randHex(16)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:]
}

// HTTPRequest returns r as an *http.Request to send.
func (r *Request) HTTPRequest() (*http.Request, error) {
	req, err := http.NewRequest(r.Method, r.URL, bytes.NewReader(r.Body))
	if err != nil {
		return nil, err
	}
	for k, vs := range r.Header {
		if k == "Content-Length" {
			continue
		}
		req.Header[k] = append([]string(nil), vs...)
	}
	req.ContentLength = int64(len(r.Body))
	if len(r.Body) == 0 {
		req.Body = http.NoBody
	}
	return req, nil
}

// WriteText writes r as HTTP/1.1 text: the request line, the headers
// (sorted, Host first), a blank line and the body.
func (r *Request) WriteText(w io.Writer) error {
	u, err := url.Parse(r.URL)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString(r.Method + " " + u.RequestURI() + " HTTP/1.1\r\n")
	b.WriteString("Host: " + u.Host + "\r\n")
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range r.Header[k] {
			b.WriteString(k + ": " + v + "\r\n")
		}
	}
	b.WriteString("\r\n")
	b.Write(r.Body)
	_, err = w.Write(b.Bytes())
	return err
}
