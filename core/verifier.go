package core

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Defaults used when a Config leaves a field at its zero value.
const (
	DefaultMaxBody   = 1 << 20        // 1 MiB
	DefaultDedupTTL  = 24 * time.Hour // how long delivery ids and body digests are remembered
	DefaultDedupSize = 100000         // how many delivery ids are remembered at most
)

// Config configures one route: one provider, its secrets, and what is forwarded.
type Config struct {
	// Provider is a name of Providers() or an alias.
	Provider string
	// Secrets verify the provider's deliveries; any may match (rotation).
	// At least one non-empty secret is required.
	Secrets []string
	// SignKeys re-sign forwarded deliveries with Standard Webhooks headers,
	// one signature per key. A key is "whsec_<base64>" or raw bytes.
	SignKeys []string
	// Format of the forwarded delivery: cloudevents (default), binary, raw, elements.
	Format string
	// Tolerance is the replay window; zero means the provider's default.
	Tolerance time.Duration
	// MaxBody bounds the body read; zero means DefaultMaxBody.
	MaxBody int64
	// Dedup is how long delivery ids are remembered; zero means
	// DefaultDedupTTL, negative disables duplicate detection.
	Dedup time.Duration
	// DedupSize bounds how many ids are remembered; zero means DefaultDedupSize.
	DedupSize int
	// Source is the CloudEvents source; default "/hookstile/<provider>".
	Source string
	// Options are provider-specific settings (for example the generic
	// provider's header and algorithm, or Meta's verify_token).
	Options map[string]string
	// Now is the clock; nil means time.Now. Tests inject a fixed clock.
	Now func() time.Time
	// Store remembers replay keys and learned secrets; nil means this
	// instance's memory (NewMemoryStore). A shared store (Redis) lets many
	// instances recognize each other's deliveries.
	Store Store
	// Queue, when set, turns on queue mode: Serve answers the provider once
	// the delivery is durably queued, and the queue delivers it.
	Queue Queue
	// AllowIPs, when set, lists the CIDRs and addresses requests may come
	// from; the adapter passes the client address to ServeFrom, which
	// refuses any other source with 403 before reading the body.
	AllowIPs []string
}

// Verifier checks the requests of one route. It is safe for concurrent use.
type Verifier struct {
	name     string
	spec     spec
	p        Provider
	format   string
	signKeys [][]byte
	maxBody  int64
	store    Store
	dedupOn  bool          // the delivery id is a replay key (Config.Dedup >= 0)
	dedupTTL time.Duration // how long replay keys are remembered by default
	source   string
	now      func() time.Time
	ack      *Reply
	queue    Queue
	mem      *memStore // store, when it is this instance's memory
	allow    *IPList   // nil: every source (Config.AllowIPs empty)

	owners      uint64 // reservations made (atomic), for newOwner
	ownerPrefix string // random, names this verifier's reservations
}

// New builds a Verifier, validating the whole configuration up front.
func New(cfg Config) (*Verifier, error) {
	name, sp, ok := lookup(cfg.Provider)
	if !ok {
		return nil, fmt.Errorf("provider: %w: %q%s", ErrUnknownProvider, safeToken(cfg.Provider, 64), DidYouMean(cfg.Provider))
	}
	cfg.Provider = name
	if cfg.Tolerance < 0 {
		return nil, fmt.Errorf("tolerance: %w: must not be negative", ErrBadConfig)
	}
	v := &Verifier{name: name, spec: sp, now: cfg.Now, maxBody: cfg.MaxBody}
	if v.now == nil {
		v.now = time.Now
	}
	if v.maxBody == 0 {
		v.maxBody = DefaultMaxBody
	}
	if v.maxBody < 0 {
		return nil, fmt.Errorf("max_body: %w: must be positive", ErrBadConfig)
	}
	switch f := strings.ToLower(cfg.Format); f {
	case "":
		v.format = FormatCloudEvents
	case FormatCloudEvents, FormatBinary, FormatRaw, FormatElements:
		v.format = f
	default:
		return nil, fmt.Errorf("format: %w: %q (want cloudevents, binary, raw or elements)", ErrBadConfig, safeToken(cfg.Format, 32))
	}
	for i, k := range cfg.SignKeys {
		b, err := SigningKey(k)
		if err != nil {
			return nil, fmt.Errorf("sign_key #%d: %w", i+1, err)
		}
		v.signKeys = append(v.signKeys, b)
	}
	ttl, size := cfg.Dedup, cfg.DedupSize
	if ttl <= 0 {
		ttl = DefaultDedupTTL
		// Remember keys at least as long as a signed timestamp is accepted,
		// so a captured delivery cannot be replayed once its key is forgotten.
		w := cfg.Tolerance
		if w == 0 {
			w = sp.window
		}
		if w > ttl {
			ttl = w
		}
	}
	if size < 0 {
		return nil, fmt.Errorf("dedup size: %w: must be positive", ErrBadConfig)
	}
	v.dedupOn = cfg.Dedup >= 0
	v.dedupTTL = ttl
	v.store = cfg.Store
	if v.store == nil {
		v.store = NewMemoryStore(size)
		cfg.Store = v.store
	}
	if ms, ok := v.store.(*memStore); ok {
		v.mem = ms
	}
	v.queue = cfg.Queue
	v.ownerPrefix = newID() + "."
	if len(cfg.AllowIPs) > 0 {
		allow, err := ParseIPList("allow_ips", cfg.AllowIPs)
		if err != nil {
			return nil, err
		}
		v.allow = allow
	}
	v.source = cfg.Source
	if v.source == "" {
		v.source = "/hookstile/" + name
		cfg.Source = v.source
	}
	p, err := sp.build(&cfg)
	if err != nil {
		return nil, err
	}
	v.p = p
	if sp.ack != "" || sp.only200 {
		h := textHeader()
		if sp.ackType != "" {
			h.Set("Content-Type", sp.ackType)
		}
		v.ack = &Reply{Status: http.StatusOK, Header: h, Body: []byte(sp.ack)}
	}
	return v, nil
}

// Name is the canonical provider name.
func (v *Verifier) Name() string { return v.name }

// Source is the route's CloudEvents source (default /hookstile/<provider>),
// which logs and metrics name the route by and queue mode names its default
// spool after.
func (v *Verifier) Source() string { return v.source }

// Status maps err to the HTTP status this provider should get.
func (v *Verifier) Status(err error) int {
	if v.spec.authStatus != 0 && isAuthFailure(err) {
		return v.spec.authStatus
	}
	return StatusOf(err)
}

// Ack is the answer the provider must get once the upstream accepted a
// delivery (any 2xx), or nil when the upstream's own answer is passed through.
// Dropbox Sign, Adyen and Salesforce want a fixed body; Lemon Squeezy counts
// only 200 as success, so it gets an empty 200.
func (v *Verifier) Ack() *Reply { return v.ack }

// Outcome is the decision for one request.
type Outcome struct {
	// Reply, when set, is written at the edge and nothing is forwarded:
	// a handshake answer or the acknowledgement of a duplicate.
	Reply     *Reply
	Handshake bool
	Duplicate bool
	// Event is the verified delivery (also set for duplicates).
	Event *Event
	// Body and Header are what to forward: the new body and the headers to
	// set on the request. Remove lists provider headers to delete first.
	Body   []byte
	Header http.Header
	Remove []string
	// RemoveQuery lists query parameters that carried a credential (a token
	// in the URL); they are removed from the forwarded URL.
	RemoveQuery []string
	keys        []StoreKey // replay keys reserved for this delivery, until Finish
	req         Request    // what the provider saw (one allocation with the Outcome)
	slab        headerSlab // backs Header's values
	clen        []string   // the Content-Length value of Body
}

// Inspect reads the body (bounded), verifies the request and decides what to
// do with it. When the returned Outcome has no Reply, the caller forwards it
// (Apply) and must then call Finish with whether the upstream took it.
func (v *Verifier) Inspect(r *http.Request) (*Outcome, error) {
	body, err := ReadBody(r, v.maxBody)
	if err != nil {
		return nil, err
	}
	now := v.now()
	o := &Outcome{req: Request{Method: r.Method, URL: r.URL, Header: r.Header, Body: body, Now: now}}
	res, err := v.p.Verify(&o.req)
	if err != nil {
		return nil, v.wrap(err)
	}
	if res.Reply != nil {
		o.Reply = res.Reply
		o.Handshake = true
		return o, nil
	}
	ev := res.Event
	v.complete(ev, r, body, now)
	o.Event = ev
	if v.dedupOn && ev.DeliveryID != "" || len(ev.keys) > 0 {
		if err := v.reserve(o, now); err != nil {
			return nil, err
		}
		if o.Reply != nil {
			return o, nil
		}
	}
	if err := v.encode(o, now); err != nil {
		return nil, v.failEncode(o, err)
	}
	if v.queue == nil && len(v.signKeys) > 0 {
		v.sign(o, now)
	}
	return o, nil
}

// wrap names the route's provider in an error.
func (v *Verifier) wrap(err error) error {
	return fmt.Errorf("%s: %w", v.name, err)
}

// failEncode releases the keys of a delivery that could not be encoded.
func (v *Verifier) failEncode(o *Outcome, err error) error {
	v.Finish(o, false)
	return v.wrap(err)
}

// reserve reserves the delivery's replay keys; a duplicate gets its reply
// in o, a delivery in flight is an error. (A concrete memory store is
// called directly: the cheaper call under Yaegi.)
func (v *Verifier) reserve(o *Outcome, now time.Time) error {
	keys := v.storeKeys(o.Event)
	var st int
	var err error
	if v.mem != nil {
		st, err = v.mem.Reserve(keys, DefaultLease, now)
	} else {
		st, err = v.store.Reserve(keys, DefaultLease, now)
	}
	if err != nil {
		return v.wrap(wrapStoreErr(err))
	}
	if st == KeyNew {
		o.keys = keys
		return nil
	}
	return v.taken(o, st)
}

// taken answers a delivery whose keys are known: a duplicate is
// acknowledged, one in flight is refused (the provider retries).
func (v *Verifier) taken(o *Outcome, st int) error {
	if st == KeyInFlight {
		return v.wrap(ErrDeliveryInFlight)
	}
	o.Duplicate = true
	o.Reply = v.ack
	if o.Reply == nil {
		o.Reply = &Reply{Status: http.StatusOK, Header: http.Header{}}
	}
	return nil
}

// sign sets the Standard Webhooks headers on the forwarded delivery, from
// the header slab.
func (v *Verifier) sign(o *Outcome, now time.Time) {
	ts := strconv.FormatInt(now.Unix(), 10)
	sig := SignStandardWebhooks(v.signKeys, o.Event.ID, ts, o.Body)
	vals := append(o.slab.vals, o.Event.ID, ts, sig)
	n := len(vals)
	o.Header[HeaderWebhookID] = vals[n-3 : n-2 : n-2]
	o.Header[HeaderWebhookTimestamp] = vals[n-2 : n-1 : n-1]
	o.Header[HeaderWebhookSignature] = vals[n-1 : n : n]
	o.slab.vals = vals
}

// Finish records whether a forwarded delivery was taken by the upstream
// (a 2xx answer). A delivery that was not taken is forgotten, so the
// provider's retry is forwarded again.
//
// A store failure here is returned: the delivery was forwarded, but its keys
// could not be marked (they expire after DefaultLease).
func (v *Verifier) Finish(o *Outcome, delivered bool) error {
	if o == nil || len(o.keys) == 0 {
		return nil
	}
	keys := o.keys
	o.keys = nil
	if v.mem != nil {
		return v.mem.Finish(keys, delivered, v.now())
	}
	if err := v.store.Finish(keys, delivered, v.now()); err != nil {
		return wrapStoreErr(err)
	}
	return nil
}

// complete fills what the provider left empty.
func (v *Verifier) complete(ev *Event, r *http.Request, body []byte, now time.Time) {
	ev.Provider = v.name
	ev.Body = body
	if ev.ID == "" {
		ev.ID = ev.DeliveryID
	}
	if ev.ID == "" || !safeID(ev.ID) {
		ev.ID = newID()
	}
	if ev.Time.IsZero() {
		ev.Time = now
	}
	if ev.MediaType == "" {
		ev.MediaType = mediaType(r.Header.Get("Content-Type"))
	}
	if ev.Action == "" {
		ev.Action = actionOf(ev.Type)
	}
	if ev.Subject == "" && len(ev.Subjects) > 0 {
		ev.Subject = strings.Join(ev.Subjects, ",")
	}
}

// safeID accepts ids usable in a Standard Webhooks signed content and header.
func safeID(s string) bool {
	if len(s) == 0 || len(s) > 200 {
		return false
	}
	// strings.Trim does the byte work (an interpreted loop is slow in Yaegi).
	return strings.Trim(s, idChars) == ""
}

// idChars are the bytes a forwarded delivery id may hold.
const idChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-:"

// ctlChars are the bytes a header value must not hold.
const ctlChars = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f" +
	"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f"

// Apply rewrites r into the request to forward: provider signature headers
// removed, new headers set, new body and length.
//
// Every inbound header in hookstile's own namespaces (Webhook-*, Hookstile-*,
// Ce-*, Elements-*) is removed first, whatever the format and whether or not
// a sign key is set: the upstream sees only the ones hookstile set.
func (o *Outcome) Apply(r *http.Request) {
	for k := range r.Header {
		if ownHeader(k) {
			delete(r.Header, k)
		}
	}
	for _, h := range o.Remove {
		r.Header.Del(h)
	}
	for k, vs := range o.Header {
		r.Header[k] = vs
	}
	if len(o.RemoveQuery) > 0 && r.URL != nil && r.URL.RawQuery != "" {
		q := r.URL.Query()
		for _, name := range o.RemoveQuery {
			q.Del(name)
		}
		r.URL.RawQuery = q.Encode()
		r.RequestURI = r.URL.RequestURI()
	}
	setBody(r, o.Body)
	r.ContentLength = int64(len(o.Body))
	if o.clen != nil {
		r.Header["Content-Length"] = o.clen
	} else {
		r.Header.Set("Content-Length", strconv.Itoa(len(o.Body)))
	}
	r.TransferEncoding = nil
}

// ownHeader reports whether a canonical header name is in one of the
// namespaces hookstile sets on forwarded deliveries.
//
// A name spelled with underscores (Webhook_Signature) counts too, in any
// case: CGI, WSGI, Rack and PHP read it as the dashed header.
func ownHeader(k string) bool {
	if strings.IndexByte(k, '_') >= 0 {
		k = http.CanonicalHeaderKey(strings.Replace(k, "_", "-", -1))
	}
	return strings.HasPrefix(k, "Webhook-") || strings.HasPrefix(k, "Hookstile-") ||
		strings.HasPrefix(k, "Ce-") || strings.HasPrefix(k, "Elements-")
}

// ReadBody reads r's body, at most max bytes. A declared or actual length over
// max is ErrBodyTooLarge, and the body is never buffered past max+1 bytes.
func ReadBody(r *http.Request, max int64) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if r.ContentLength > max {
		return nil, ErrBodyTooLarge
	}
	if r.ContentLength >= 0 {
		// Known length: the buffer grows as bytes arrive (readDeclared), so
		// a declared length costs nothing until it is sent; then make sure
		// the body does not go on past what it declared.
		buf, err := readDeclared(r.Body, r.ContentLength)
		if err != nil {
			return nil, fmt.Errorf("%w: reading body: %v", ErrMalformedPayload, err)
		}
		var one [1]byte
		if n, _ := r.Body.Read(one[:]); n > 0 {
			return nil, ErrBodyTooLarge
		}
		return buf, nil
	}
	var buf bytes.Buffer
	buf.Grow(4096)
	n, err := buf.ReadFrom(io.LimitReader(r.Body, max+1))
	if n > max {
		return nil, ErrBodyTooLarge
	}
	if err != nil {
		return nil, fmt.Errorf("%w: reading body: %v", ErrMalformedPayload, err)
	}
	return buf.Bytes(), nil
}

// mediaType returns the lower-case media type of a Content-Type value.
func mediaType(ct string) string {
	if ct == "" {
		return ""
	}
	// Most deliveries say just "application/json": nothing to parse.
	if i := strings.IndexByte(ct, '/'); i > 0 && i < len(ct)-1 && strings.Trim(ct, mediaTypeChars) == "" &&
		strings.IndexByte(ct[i+1:], '/') < 0 {
		return ct
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	return mt
}

// mediaTypeChars are the bytes of a type/subtype that needs no parsing:
// lower-case token characters and the slash.
const mediaTypeChars = "abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~/"

func textHeader() http.Header {
	h := http.Header{}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	return h
}

func jsonHeader() http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	return h
}
