package queue

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// maxAnswer bounds how much of a receiver's answer is read (and discarded).
const maxAnswer = 64 << 10

// HTTPDeliverer POSTs events to one URL.
type HTTPDeliverer struct {
	url    string
	client *http.Client
}

// NewHTTPDeliverer checks to (an http or https URL) and builds a deliverer
// with its own connection pool. Redirects are not followed: a 3xx answer is
// a failure, like any non-2xx.
func NewHTTPDeliverer(to string) (*HTTPDeliverer, error) {
	u, err := url.Parse(to)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("queue: to %q: want an http:// or https:// URL", clipError(to))
	}
	// A clone of the default transport (proxy from the environment, dial
	// and TLS timeouts); a method value such as (&net.Dialer{}).DialContext
	// does not convert under Yaegi v0.16.1.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = 64
	tr.MaxIdleConnsPerHost = 64
	c := &http.Client{Transport: tr, CheckRedirect: noRedirect}
	return &HTTPDeliverer{url: u.String(), client: c}, nil
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// Deliver makes one POST.
func (d *HTTPDeliverer) Deliver(ctx context.Context, rec *Record, h http.Header) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url, bytes.NewReader(rec.Body))
	if err != nil {
		return 0, "", err
	}
	setHeaders(req, rec, h)
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswer))
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Retry-After"), nil
}

func setHeaders(req *http.Request, rec *Record, h http.Header) {
	for k, vs := range rec.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	req.ContentLength = int64(len(rec.Body))
	req.Header.Set("Content-Length", strconv.Itoa(len(rec.Body)))
	body := rec.Body
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
}

// HandlerDeliverer passes events to an http.Handler: in Traefik, the
// router's service when the queue has no `to`. The request goes to the path
// and host the provider posted to.
type HandlerDeliverer struct {
	next http.Handler
}

// NewHandlerDeliverer delivers through next.
func NewHandlerDeliverer(next http.Handler) *HandlerDeliverer {
	return &HandlerDeliverer{next: next}
}

// Deliver serves one request through the handler and records its answer.
func (d *HandlerDeliverer) Deliver(ctx context.Context, rec *Record, h http.Header) (int, string, error) {
	target := rec.URL
	if target == "" {
		target = "/"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(rec.Body))
	if err != nil {
		return 0, "", err
	}
	setHeaders(req, rec, h)
	req.Host = rec.Host
	req.RequestURI = target
	req.RemoteAddr = "127.0.0.1:0"
	rw := &recorder{header: http.Header{}}
	d.next.ServeHTTP(rw, req)
	if err := ctx.Err(); err != nil && rw.code == 0 {
		return 0, "", err
	}
	return rw.status(), rw.header.Get("Retry-After"), nil
}

// recorder keeps the status and headers of an answer, and drops its body.
type recorder struct {
	header http.Header
	code   int
}

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(code int) {
	if w.code == 0 && code >= 200 {
		w.code = code
	}
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return len(b), nil
}

func (w *recorder) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}
