package traefikplugin

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/hookstile/hookstile/core"
)

// maxUpstreamBuffer bounds how much of an upstream answer is buffered when the
// provider needs an acknowledgement body of its own (Dropbox Sign).
const maxUpstreamBuffer = 1 << 20

// Hookstile is the middleware: it answers handshakes at the edge, forwards
// verified deliveries rewritten and re-signed, acknowledges duplicates
// without forwarding them, and rejects everything else with a generic body.
type Hookstile struct {
	next http.Handler
	name string
	v    *core.Verifier
}

// New validates config and builds the middleware. Everything it starts (the
// clean-up of remembered delivery ids) stops when ctx is done.
func New(ctx context.Context, next http.Handler, config *Config, name string) (http.Handler, error) {
	if next == nil {
		return nil, fmt.Errorf("hookstile %s: next handler is missing", name)
	}
	cc, err := coreConfig(config)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: %v", name, err)
	}
	v, err := core.New(cc)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: %v", name, err)
	}
	h := &Hookstile{next: next, name: name, v: v}
	if cc.Dedup >= 0 {
		every := cc.Dedup
		if every == 0 {
			every = core.DefaultDedupTTL
		}
		every = every / 2
		if every > time.Minute {
			every = time.Minute
		}
		if every < time.Second {
			every = time.Second
		}
		startSweeper(ctx, v, every)
	}
	return h, nil
}

// sweeper forgets expired delivery ids every so often until ctx is done.
//
// It is a self-rescheduling timer rather than a goroutine with a select:
// Yaegi v0.16.1 keeps the state of an interpreted select statement per
// statement, not per goroutine, so two middlewares sweeping at once race
// (seen with -race).
type sweeper struct {
	mu      sync.Mutex
	v       *core.Verifier
	every   time.Duration
	t       *time.Timer
	stopped bool
}

func startSweeper(ctx context.Context, v *core.Verifier, every time.Duration) {
	s := &sweeper{v: v, every: every}
	s.mu.Lock()
	s.t = time.AfterFunc(every, s.run)
	s.mu.Unlock()
	context.AfterFunc(ctx, s.stop)
}

func (s *sweeper) run() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	s.v.Sweep()
	s.t = time.AfterFunc(s.every, s.run)
}

func (s *sweeper) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	if s.t != nil {
		s.t.Stop()
	}
}

func (h *Hookstile) ServeHTTP(rw http.ResponseWriter, req *http.Request) {
	o, err := h.v.Inspect(req)
	if err != nil {
		status := h.v.Status(err)
		// One line per rejection, never a secret. Under Traefik the standard
		// log package of an interpreted plugin writes to Traefik's log (level
		// ERROR, tagged with the plugin); os.Stderr would bypass it. (Yaegi
		// v0.16.1 cannot call a func-typed field holding a variadic stdlib
		// function, so this is a direct call.)
		log.Printf("hookstile %s: rejected %s %q: %d %s: %v",
			h.name, req.Method, req.URL.Path, status, core.Reason(err), err)
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		rw.Header().Set("X-Content-Type-Options", "nosniff")
		rw.WriteHeader(status)
		io.WriteString(rw, http.StatusText(status)+"\n")
		return
	}
	if o.Reply != nil {
		writeReply(rw, o.Reply)
		return
	}
	o.Apply(req)
	ack := h.v.Ack()
	if ack == nil {
		sw := &statusWriter{rw: rw}
		h.next.ServeHTTP(sw, req)
		h.v.Finish(o, sw.status() >= 200 && sw.status() < 300)
		return
	}
	bw := &bufferWriter{header: http.Header{}}
	h.next.ServeHTTP(bw, req)
	delivered := bw.status() >= 200 && bw.status() < 300
	h.v.Finish(o, delivered)
	if delivered {
		writeReply(rw, ack)
		return
	}
	for k, vs := range bw.header {
		rw.Header()[k] = vs
	}
	rw.WriteHeader(bw.status())
	rw.Write(bw.body.Bytes())
}

// writeReply writes an answer given at the edge.
func writeReply(rw http.ResponseWriter, r *core.Reply) {
	for k, vs := range r.Header {
		rw.Header()[k] = vs
	}
	status := r.Status
	if status == 0 {
		status = http.StatusOK
	}
	rw.WriteHeader(status)
	if len(r.Body) > 0 {
		rw.Write(r.Body)
	}
}

// statusWriter passes the upstream answer through and records its status.
type statusWriter struct {
	rw   http.ResponseWriter
	code int
}

func (w *statusWriter) Header() http.Header { return w.rw.Header() }

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 && code >= 200 {
		w.code = code
	}
	w.rw.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.rw.Write(b)
}

func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// bufferWriter holds the upstream answer until it is known whether the
// provider gets its acknowledgement or the upstream's failure.
type bufferWriter struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (w *bufferWriter) Header() http.Header { return w.header }

func (w *bufferWriter) WriteHeader(code int) {
	if w.code == 0 && code >= 200 {
		w.code = code
	}
}

func (w *bufferWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	if room := maxUpstreamBuffer - w.body.Len(); room > 0 {
		if len(b) > room {
			w.body.Write(b[:room])
		} else {
			w.body.Write(b)
		}
	}
	return len(b), nil
}

func (w *bufferWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}
