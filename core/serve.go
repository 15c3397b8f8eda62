package core

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Upstream is where Serve forwards a verified delivery. A non-nil error from
// ServeHTTP means the upstream did not take it; Caddy's handlers
// (caddyhttp.Handler) have exactly this method, a plain http.Handler is
// adapted with HandlerUpstream.
type Upstream interface {
	ServeHTTP(w http.ResponseWriter, r *http.Request) error
}

// HandlerUpstream adapts an http.Handler (Traefik's next) to Upstream.
type HandlerUpstream struct{ Handler http.Handler }

// ServeHTTP calls the handler; the status it writes says whether it took the
// delivery.
func (u HandlerUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) error {
	u.Handler.ServeHTTP(w, r)
	return nil
}

// Outcomes of Serve, as logs and metrics name them.
const (
	OutcomeRejected       = "rejected"        // not verified: Err says why, nothing was written
	OutcomeHandshake      = "handshake"       // a verification handshake answered at the edge
	OutcomeDuplicate      = "duplicate"       // already delivered: acknowledged, not forwarded
	OutcomeForwarded      = "forwarded"       // verified, and the upstream took it
	OutcomeUpstreamFailed = "upstream_failed" // verified, and the upstream did not take it
	OutcomeQueued         = "queued"          // verified and durably queued (queue mode)
)

// Served says what Serve did with one request, for the adapter's log line and
// metrics. When Err is set nothing has been written: the adapter answers
// Status (Caddy returns a caddyhttp.Error so handle_errors works; Traefik
// writes WriteRejection).
type Served struct {
	Outcome     string
	Status      int    // the status answered (0: the upstream's error decides)
	Err         error  // the rejection, when Outcome is rejected
	UpstreamErr error  // what the upstream returned, passed on by Caddy
	StoreErr    error  // the store failed after forwarding: the keys stay in flight until their lease ends
	Event       *Event // the verified delivery (nil for rejections and handshakes)
	Verify      time.Duration
	Upstream    time.Duration
}

// maxHeldAnswer bounds how much of an upstream answer is held back when the
// provider must get its own acknowledgement instead.
const maxHeldAnswer = 1 << 20

// Serve is the one entry point for a request: it reads and verifies the
// delivery, answers a handshake or a duplicate at the edge, and otherwise
// forwards the rewritten, re-signed delivery through next (or, in queue mode,
// hands it to the queue) and answers the provider the way it requires:
// the upstream's own answer, or the provider's acknowledgement once the
// upstream took it (the upstream's answer is then held back, capped). The
// replay keys are marked delivered on success and released on failure, so
// the provider's retry goes through.
//
// The writer given to next passes Flush, Hijack and the rest through
// http.ResponseController (Unwrap).
func (v *Verifier) Serve(w http.ResponseWriter, r *http.Request, next Upstream) Served {
	start := time.Now()
	o, err := v.Inspect(r)
	if err != nil {
		return Served{Outcome: OutcomeRejected, Status: v.Status(err), Err: err, Verify: time.Since(start)}
	}
	verified := time.Now()
	if o.Reply != nil {
		return v.answer(w, o, verified.Sub(start))
	}
	if v.queue != nil {
		return v.enqueue(w, r, o, verified.Sub(start))
	}
	o.Apply(r)
	var s Served
	if v.ack != nil {
		s = v.forwardHeld(w, r, o, next)
	} else {
		pw := &passWriter{w: w}
		s.UpstreamErr = next.ServeHTTP(pw, r)
		s.Status = pw.status()
		s.Outcome = outcomeOf(s.UpstreamErr, s.Status)
	}
	s.StoreErr = v.Finish(o, s.Outcome == OutcomeForwarded)
	s.Event = o.Event
	s.Verify = verified.Sub(start)
	s.Upstream = time.Since(verified)
	return s
}

// answer writes a handshake or duplicate reply.
func (v *Verifier) answer(w http.ResponseWriter, o *Outcome, d time.Duration) Served {
	writeReply(w, o.Reply)
	s := Served{Outcome: OutcomeHandshake, Status: replyStatus(o.Reply), Event: o.Event, Verify: d}
	if o.Duplicate {
		s.Outcome = OutcomeDuplicate
	}
	return s
}

// forwardHeld forwards with the upstream's answer held back: the provider
// gets its acknowledgement on success, the upstream's answer otherwise.
func (v *Verifier) forwardHeld(w http.ResponseWriter, r *http.Request, o *Outcome, next Upstream) Served {
	hw := &holdWriter{header: http.Header{}}
	var s Served
	s.UpstreamErr = next.ServeHTTP(hw, r)
	s.Status = hw.status()
	s.Outcome = outcomeOf(s.UpstreamErr, s.Status)
	if s.UpstreamErr != nil {
		// Nothing was written: the adapter passes the error on.
		s.Status = 0
		return s
	}
	if s.Outcome == OutcomeForwarded {
		writeReply(w, v.ack)
		s.Status = replyStatus(v.ack)
		return s
	}
	writeReply(w, &Reply{Status: s.Status, Header: hw.header, Body: hw.body.Bytes()})
	return s
}

func outcomeOf(err error, status int) string {
	if err == nil && status >= 200 && status < 300 {
		return OutcomeForwarded
	}
	return OutcomeUpstreamFailed
}

// writeReply writes an answer given at the edge.
func writeReply(w http.ResponseWriter, rp *Reply) {
	for k, vs := range rp.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(replyStatus(rp))
	if len(rp.Body) > 0 {
		w.Write(rp.Body)
	}
}

func replyStatus(rp *Reply) int {
	if rp.Status == 0 {
		return http.StatusOK
	}
	return rp.Status
}

// WriteRejection answers a rejected delivery: the status and its generic
// text, never the reason (the log line carries that).
func WriteRejection(w http.ResponseWriter, status int) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	io.WriteString(w, http.StatusText(status)+"\n")
}

// passWriter passes the upstream's answer through and records its status.
type passWriter struct {
	w    http.ResponseWriter
	code int
}

func (p *passWriter) Header() http.Header { return p.w.Header() }

func (p *passWriter) WriteHeader(code int) {
	if p.code == 0 && code >= 200 {
		p.code = code
	}
	p.w.WriteHeader(code)
}

func (p *passWriter) Write(b []byte) (int, error) {
	if p.code == 0 {
		p.code = http.StatusOK
	}
	return p.w.Write(b)
}

// Flush passes a flush on to the server's writer when it can flush.
func (p *passWriter) Flush() {
	if f, ok := p.w.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the server's writer (Flush,
// Hijack, deadlines).
func (p *passWriter) Unwrap() http.ResponseWriter { return p.w }

// status treats "nothing written" as the 200 the server will send.
func (p *passWriter) status() int {
	if p.code == 0 {
		return http.StatusOK
	}
	return p.code
}

// holdWriter keeps the upstream's answer (at most maxHeldAnswer bytes of
// body) until it is known whether the provider gets it or its ack.
type holdWriter struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (h *holdWriter) Header() http.Header { return h.header }

func (h *holdWriter) WriteHeader(code int) {
	if h.code == 0 && code >= 200 {
		h.code = code
	}
}

func (h *holdWriter) Write(b []byte) (int, error) {
	if h.code == 0 {
		h.code = http.StatusOK
	}
	if room := maxHeldAnswer - h.body.Len(); room > 0 {
		if len(b) > room {
			h.body.Write(b[:room])
		} else {
			h.body.Write(b)
		}
	}
	return len(b), nil
}

// Flush does nothing: nothing reaches the provider before the upstream is done.
func (h *holdWriter) Flush() {}

func (h *holdWriter) status() int {
	if h.code == 0 {
		return http.StatusOK
	}
	return h.code
}

// Delivery is a verified, normalized event as queue mode stores it: the
// forwarded body and headers without a signature (each attempt is signed
// afresh with SignHeaders).
type Delivery struct {
	ID       string      // webhook-id: the same at every attempt
	Provider string      // provider name
	Type     string      // the provider's event type
	Subject  string      // the account or object the event is about
	Source   string      // the route's CloudEvents source
	Header   http.Header // content type, Hookstile-*, Ce-* headers to set
	Body     []byte
	Created  time.Time
	// URL is the path and query the provider posted to (credentials in the
	// query removed) and Host its host: where a queue without a target of
	// its own delivers (Traefik's router service).
	URL  string
	Host string
}

// Queue takes deliveries in queue mode. Enqueue returns nil only once every
// delivery is durably stored (written and fsynced, or acknowledged by Redis);
// an error wrapping ErrBodyTooLarge is answered 413, any other 503.
type Queue interface {
	Enqueue(ds []*Delivery) error
}

// enqueue hands a verified delivery to the queue and answers the provider
// once it is durable.
func (v *Verifier) enqueue(w http.ResponseWriter, r *http.Request, o *Outcome, d time.Duration) Served {
	start := time.Now()
	ds := v.Deliveries(o)
	uri, host := forwardedURL(r, o), r.Host
	for _, dl := range ds {
		dl.URL = uri
		dl.Host = host
	}
	if err := v.queue.Enqueue(ds); err != nil {
		v.Finish(o, false)
		err = wrapQueueErr(err)
		return Served{Outcome: OutcomeRejected, Status: v.Status(err), Err: err, Event: o.Event, Verify: d, Upstream: time.Since(start)}
	}
	v.Finish(o, true)
	ack := v.ack
	if ack == nil {
		ack = &Reply{Status: http.StatusOK, Header: textHeader()}
	}
	writeReply(w, ack)
	return Served{Outcome: OutcomeQueued, Status: replyStatus(ack), Event: o.Event, Verify: d, Upstream: time.Since(start)}
}

// forwardedURL is the request URI a forwarded delivery would have: the
// query parameters that carried a credential removed.
func forwardedURL(r *http.Request, o *Outcome) string {
	if r.URL == nil {
		return "/"
	}
	if len(o.RemoveQuery) == 0 || r.URL.RawQuery == "" {
		return r.URL.RequestURI()
	}
	u := *r.URL
	q := u.Query()
	for _, name := range o.RemoveQuery {
		q.Del(name)
	}
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// QueueDefaults are the per-subject limit and coalescing a queue of this
// route takes when its configuration says nothing: one in flight per
// subject and coalescing on for notification-style providers (Dropbox: a
// notification only says "this account changed"), no limit and off
// elsewhere.
func (v *Verifier) QueueDefaults() (perSubject int, coalesce bool) {
	if v.spec.notifies {
		return 1, true
	}
	return 0, false
}

// Deliveries returns what queue mode stores for o: one delivery, or, for a
// notification naming several subjects (Dropbox accounts), one per subject.
func (v *Verifier) Deliveries(o *Outcome) []*Delivery {
	ev := o.Event
	now := v.now()
	if len(ev.Subjects) < 2 {
		return []*Delivery{v.delivery(ev, o.Header, o.Body, ev.ID, now)}
	}
	out := make([]*Delivery, 0, len(ev.Subjects))
	subjects := ev.Subjects
	id, subject := ev.ID, ev.Subject
	for i := 0; i < len(subjects); i++ {
		ev.Subject = subjects[i]
		ev.ID = id + "-" + strconv.Itoa(i)
		one := &Outcome{Event: ev}
		if err := v.encode(one, now); err != nil {
			continue
		}
		out = append(out, v.delivery(ev, one.Header, one.Body, ev.ID, now))
	}
	ev.ID, ev.Subject = id, subject
	return out
}

func (v *Verifier) delivery(ev *Event, h http.Header, body []byte, id string, now time.Time) *Delivery {
	hh := make(http.Header, len(h))
	for k, vs := range h {
		if k == HeaderWebhookID || k == HeaderWebhookTimestamp || k == HeaderWebhookSignature {
			continue
		}
		hh[k] = vs
	}
	return &Delivery{ID: id, Provider: ev.Provider, Type: ev.Type, Subject: ev.Subject, Source: v.source, Header: hh, Body: body, Created: now}
}

// SignHeaders sets the Standard Webhooks headers of one delivery attempt on
// h (webhook-id, a webhook-timestamp of now, webhook-signature), when the
// route has sign keys.
func (v *Verifier) SignHeaders(h http.Header, id string, body []byte, now time.Time) {
	if len(v.signKeys) == 0 {
		return
	}
	if v.format == FormatElements {
		// The queue stores no signature: the elements shape's own one is
		// set again with each attempt's.
		h.Set(HeaderElementsSig, "sha256="+base64.StdEncoding.EncodeToString(HMACSHA256(v.signKeys[0], body)))
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	h.Set(HeaderWebhookID, id)
	h.Set(HeaderWebhookTimestamp, ts)
	h.Set(HeaderWebhookSignature, SignStandardWebhooks(v.signKeys, id, ts, body))
}
