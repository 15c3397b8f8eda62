// Code copied from ../../reliability/{harness,corpus,failure,concurrency}.go; DO NOT EDIT.
// The nested test module does not require the root module's packages
// (that would pull Caddy into its build), so the shared reliability harness
// is copied here; TestHostileHarnessInSync fails when the copy drifts.
// Regenerate: python3 ../../reliability/copy_harness.py

package traefiktest

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// coreDropboxSignAck is core.DropboxSignAck.
const coreDropboxSignAck = "Hello API Event Received"

// The distinctive secrets of the test routes. None may ever appear in a log
// line or a response.
const (
	GitHubSecret     = "hkcanary-github-secret-9Kq2Lm"
	SlackSecret      = "hkcanary-slack-signing-secret-P3x"
	StripeSecret     = "whsec_hkcanary_stripe_endpoint_7Yw"
	DropboxSecret    = "hkcanary-dropbox-app-secret-Vb6"
	DropboxSignKey   = "hkcanary-dropbox-sign-api-key-Tq1"
	SWSecretRaw      = "hkcanary-standard-webhooks-provider-key"
	SigningKeyRaw    = "hkcanary-operator-signing-key-for-tests"
	MaxBody          = 4096 // max_body of every test route
	DedupTTL         = "10m"
	SlackToleranceS  = 300 // the Slack route's window, seconds
	SlowReadTimeout  = 2 * time.Second
	GitHubPath       = "/hooks/github"
	SlackPath        = "/hooks/slack"
	StripePath       = "/hooks/stripe"
	DropboxPath      = "/hooks/dropbox"
	DropboxSignPath  = "/hooks/dropbox-sign"
	StandardWebhooks = "/hooks/standard-webhooks"
)

// SWSecret is the Standard Webhooks provider route's secret; SigningKey is the
// operator's re-signing key, which the upstream verifies.
var (
	SWSecret   = "whsec_" + base64.StdEncoding.EncodeToString([]byte(SWSecretRaw))
	SigningKey = "whsec_" + base64.StdEncoding.EncodeToString([]byte(SigningKeyRaw))
)

// Secrets lists every configured secret and key, in every form it could leak.
func Secrets() []string {
	out := []string{GitHubSecret, SlackSecret, StripeSecret, DropboxSecret, DropboxSignKey,
		SWSecret, SWSecretRaw, SigningKey, SigningKeyRaw,
		strings.TrimPrefix(SWSecret, "whsec_"), strings.TrimPrefix(SigningKey, "whsec_"),
		strings.TrimPrefix(StripeSecret, "whsec_")}
	for _, s := range []string{GitHubSecret, SlackSecret, StripeSecret, DropboxSecret, DropboxSignKey} {
		out = append(out, hex.EncodeToString([]byte(s)), base64.StdEncoding.EncodeToString([]byte(s)))
	}
	return out
}

// Leak returns which secret (or which given MAC) text carries, or "".
func Leak(text string, macs ...string) string {
	for _, s := range Secrets() {
		if strings.Contains(text, s) {
			return "secret " + s[:12] + "..."
		}
	}
	for _, m := range macs {
		if len(m) >= 16 && strings.Contains(text, m) {
			return "MAC " + m[:12] + "..."
		}
	}
	return ""
}

// Delivery is one request to a gateway.
type Delivery struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
	// ID is the delivery id the upstream sees (webhook-id), when it has one.
	ID string
	// MACs are the signatures a provider would send for this body: a test
	// checks none of them is reflected in a response or log.
	MACs []string
}

func hmacSum(key []byte, parts ...string) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		io.WriteString(m, p)
	}
	return m.Sum(nil)
}

func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

// GitHub signs body as GitHub does (X-Hub-Signature-256), delivery id id.
func GitHub(id, body string) Delivery {
	mac := hex.EncodeToString(hmacSum([]byte(GitHubSecret), body))
	return Delivery{Method: http.MethodPost, Path: GitHubPath, Body: []byte(body), ID: id, MACs: []string{mac},
		Header: hdr("Content-Type", "application/json", "X-GitHub-Event", "issues",
			"X-GitHub-Delivery", id, "X-Hub-Signature-256", "sha256="+mac)}
}

// GitHubBody is a small valid GitHub payload.
func GitHubBody(n int) string {
	return `{"action":"opened","issue":{"id":` + strconv.Itoa(n) + `,"number":1},"repository":{"full_name":"octo/hello"}}`
}

// Slack signs body at ts as Slack does (v0 scheme).
func Slack(ts int64, body string) Delivery {
	t := strconv.FormatInt(ts, 10)
	mac := hex.EncodeToString(hmacSum([]byte(SlackSecret), "v0:", t, ":", body))
	return Delivery{Method: http.MethodPost, Path: SlackPath, Body: []byte(body), MACs: []string{mac},
		Header: hdr("Content-Type", "application/json", "X-Slack-Request-Timestamp", t, "X-Slack-Signature", "v0="+mac)}
}

// SlackEvent is a Slack Events API callback with event id id.
func SlackEvent(id string) string {
	return `{"type":"event_callback","event_id":"` + id + `","event_time":1700000000,"team_id":"T1","event":{"type":"app_mention","text":"hi"}}`
}

// Stripe signs body at ts as Stripe does (Stripe-Signature t=,v1=).
func Stripe(ts int64, body string) Delivery {
	t := strconv.FormatInt(ts, 10)
	mac := hex.EncodeToString(hmacSum([]byte(StripeSecret), t, ".", body))
	return Delivery{Method: http.MethodPost, Path: StripePath, Body: []byte(body), MACs: []string{mac},
		Header: hdr("Content-Type", "application/json", "Stripe-Signature", "t="+t+",v1="+mac)}
}

// StripeEvent is a Stripe event with id id.
func StripeEvent(id string) string {
	return `{"id":"` + id + `","object":"event","type":"invoice.paid","created":1700000000,"data":{"object":{"id":"in_1","object":"invoice"}}}`
}

// Dropbox signs body as Dropbox does.
func Dropbox(body string) Delivery {
	mac := hex.EncodeToString(hmacSum([]byte(DropboxSecret), body))
	return Delivery{Method: http.MethodPost, Path: DropboxPath, Body: []byte(body), MACs: []string{mac},
		Header: hdr("Content-Type", "application/json", "X-Dropbox-Signature", mac)}
}

// DropboxSignJSON is a Dropbox Sign event, signed in its event_hash.
func DropboxSignJSON(ts int64, eventType, requestID string) (string, string) {
	t := strconv.FormatInt(ts, 10)
	mac := hex.EncodeToString(hmacSum([]byte(DropboxSignKey), t, eventType))
	return `{"event":{"event_time":"` + t + `","event_type":"` + eventType + `","event_hash":"` + mac +
		`","event_metadata":{"reported_for_account_id":"acct1"}},"signature_request":{"signature_request_id":"` +
		requestID + `","title":"NDA"}}`, mac
}

// DropboxSign posts the signed event as the multipart field "json".
func DropboxSign(ts int64, eventType, requestID string) Delivery {
	js, mac := DropboxSignJSON(ts, eventType, requestID)
	var b bytes.Buffer
	b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n")
	b.WriteString(js)
	b.WriteString("\r\n--XyZ--\r\n")
	return Delivery{Method: http.MethodPost, Path: DropboxSignPath, Body: b.Bytes(), MACs: []string{mac},
		Header: hdr("Content-Type", "multipart/form-data; boundary=XyZ")}
}

// SW signs body as a Standard Webhooks sender does.
func SW(id string, ts int64, body string) Delivery {
	t := strconv.FormatInt(ts, 10)
	mac := base64.StdEncoding.EncodeToString(hmacSum([]byte(SWSecretRaw), id, ".", t, ".", body))
	return Delivery{Method: http.MethodPost, Path: StandardWebhooks, Body: []byte(body), ID: id, MACs: []string{mac},
		Header: hdr("Content-Type", "application/json", "Webhook-Id", id, "Webhook-Timestamp", t,
			"Webhook-Signature", "v1,"+mac)}
}

// Answer is a gateway's response as the provider sees it.
type Answer struct {
	Status int
	Header http.Header
	Body   string
	Err    error
	Took   time.Duration
}

func (a Answer) String() string {
	if a.Err != nil {
		return "error: " + a.Err.Error()
	}
	return fmt.Sprintf("%d %q", a.Status, clipText(a.Body, 80))
}

func clipText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// Client is bounded: no request to a gateway under test may hang a test.
var Client = &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{
	MaxIdleConnsPerHost: 64, DisableCompression: true}}

// Send sends d to base.
func Send(base string, d Delivery) Answer {
	return SendBody(base, d, bytes.NewReader(d.Body), int64(len(d.Body)))
}

// SendBody sends d with body read from r; length -1 is chunked.
func SendBody(base string, d Delivery, r io.Reader, length int64) Answer {
	start := time.Now()
	u := base + d.Path
	if d.Query != "" {
		u += "?" + d.Query
	}
	req, err := http.NewRequest(d.Method, u, r)
	if err != nil {
		return Answer{Err: err}
	}
	req.ContentLength = length
	if length == 0 {
		req.Body = http.NoBody
	}
	for k, vs := range d.Header {
		req.Header[k] = vs
	}
	resp, err := Client.Do(req)
	if err != nil {
		return Answer{Err: err, Took: time.Since(start)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: string(b), Err: err, Took: time.Since(start)}
}

// SendRaw writes raw bytes to addr (host:port) and reads one response: for
// requests Go's client refuses to send (NUL bytes in headers, bad framing).
func SendRaw(addr string, raw []byte) Answer {
	start := time.Now()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return Answer{Err: err}
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Write(raw); err != nil {
		return Answer{Err: err, Took: time.Since(start)}
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return Answer{Err: err, Took: time.Since(start)}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: string(b), Took: time.Since(start)}
}

// Arrival is one request the upstream received.
type Arrival struct {
	Path     string
	ID       string // webhook-id
	Verified error  // nil when the Standard Webhooks signature verified
	Body     []byte
	Header   http.Header
}

// Upstream is the application behind the gateway, on 127.0.0.1: it verifies
// every arrival's Standard Webhooks signature with the standard-webhooks
// library and SigningKey, records it, and answers Status after Delay. It can
// go down (its port refuses connections) and come back on the same port.
type Upstream struct {
	Addr   string
	Status atomic.Int32
	Delay  atomic.Int64 // nanoseconds

	wh  *standardwebhooks.Webhook
	mu  sync.Mutex
	got []Arrival
	srv *http.Server
}

// NewUpstream starts an upstream on a free loopback port.
func NewUpstream() (*Upstream, error) {
	wh, err := standardwebhooks.NewWebhook(SigningKey)
	if err != nil {
		return nil, err
	}
	u := &Upstream{wh: wh}
	u.Status.Store(http.StatusOK)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	u.Addr = l.Addr().String()
	u.serve(l)
	return u, nil
}

func (u *Upstream) serve(l net.Listener) {
	srv := &http.Server{Handler: http.HandlerFunc(u.handle), ReadHeaderTimeout: 10 * time.Second}
	u.mu.Lock()
	u.srv = srv
	u.mu.Unlock()
	go srv.Serve(l)
}

func (u *Upstream) handle(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	a := Arrival{Path: r.URL.Path, ID: r.Header.Get("Webhook-Id"), Body: body, Header: r.Header.Clone()}
	a.Verified = u.wh.Verify(body, r.Header)
	u.mu.Lock()
	u.got = append(u.got, a)
	u.mu.Unlock()
	if d := time.Duration(u.Delay.Load()); d > 0 {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	}
	w.WriteHeader(int(u.Status.Load()))
	io.WriteString(w, "upstream answer")
}

// Down closes the upstream: its port refuses connections.
func (u *Upstream) Down() {
	u.mu.Lock()
	srv := u.srv
	u.srv = nil
	u.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// Up listens again on the same port.
func (u *Upstream) Up() error {
	var l net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if l, err = net.Listen("tcp", u.Addr); err == nil {
			u.serve(l)
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return err
}

// Close stops the upstream for good.
func (u *Upstream) Close() { u.Down() }

// Count is how many requests reached path ("" for all).
func (u *Upstream) Count(path string) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	n := 0
	for _, a := range u.got {
		if path == "" || a.Path == path {
			n++
		}
	}
	return n
}

// Arrivals returns a copy of everything received.
func (u *Upstream) Arrivals() []Arrival {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]Arrival(nil), u.got...)
}

// Unverified returns the arrivals whose re-signature did not verify.
func (u *Upstream) Unverified() []Arrival {
	var out []Arrival
	for _, a := range u.Arrivals() {
		if a.Verified != nil {
			out = append(out, a)
		}
	}
	return out
}

// Case is one hostile (or edge) request and what the gateway must do with it.
type Case struct {
	Name string
	D    Delivery
	// Raw, when set, is written as is to the gateway's address instead of D.
	Raw []byte
	// Body, when set, streams the body (length -1: chunked) instead of D.Body.
	Body func() (io.Reader, int64)
	// Want are the acceptable statuses; 0 means "the connection was cut".
	Want []int
	// Reached is how many requests must arrive upstream (0 or 1); -1: one
	// when the answer is 200, none otherwise (an authentic delivery the
	// gateway may forward or refuse).
	Reached int
	// Within bounds the time the gateway may take; default 10s.
	Within time.Duration
	// Absent are strings the response (status line, headers, body) must not
	// carry: the hostile input must not be reflected.
	Absent []string
}

// padJSON is a GitHub-shaped JSON body of exactly n bytes.
func padJSON(n int) string {
	head, tail := `{"action":"opened","issue":{"id":7,"number":1},"pad":"`, `"}`
	return head + strings.Repeat("p", n-len(head)-len(tail)) + tail
}

// endless is a body that never ends: fast, or one byte every gap.
type endless struct {
	gap    time.Duration
	closed atomic.Bool
}

func (e *endless) Read(p []byte) (int, error) {
	if e.closed.Load() {
		return 0, io.EOF
	}
	if e.gap > 0 {
		time.Sleep(e.gap)
		p[0] = 'x'
		return 1, nil
	}
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func (e *endless) Close() error { e.closed.Store(true); return nil }

func multipartBody(boundary, field, value string) string {
	return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value + "\r\n--" + boundary + "--\r\n"
}

func with(d Delivery, f func(h http.Header)) Delivery {
	d.Header = d.Header.Clone()
	f(d.Header)
	return d
}

// Corpus is the hostile input every adapter is run through. The statuses are
// core's promise (design.md "Status codes"); where the HTTP server in front
// rejects a request before hookstile sees it, its status is accepted too.
func Corpus(now time.Time) []Case {
	ts := now.Unix()
	ghv := func(body string) Delivery {
		return GitHub(fmt.Sprintf("hostile-%d-%d", len(body), time.Now().UnixNano()), body)
	}
	g := ghv(GitHubBody(1))
	forged := with(g, func(h http.Header) { h.Set("X-Hub-Signature-256", "sha256="+strings.Repeat("ab", 32)) })
	dsValid := DropboxSign(ts, "signature_request_sent", "req-hostile")
	dsJSON, dsMAC := DropboxSignJSON(ts, "signature_request_sent", "req-hostile")
	script := `<script>alert(1)</script>`
	huge := strings.Repeat("A", 100<<10)
	slackURLVerify := func(ch string) Delivery {
		return Slack(ts, `{"token":"t","challenge":`+strconv.Quote(ch)+`,"type":"url_verification"}`)
	}
	cases := []Case{
		// Body sizes around max_body (4096).
		{Name: "body just under the limit", D: ghv(padJSON(MaxBody - 1)), Want: []int{200}, Reached: 1},
		{Name: "body at the limit", D: ghv(padJSON(MaxBody)), Want: []int{200}, Reached: 1},
		{Name: "body one over the limit", D: ghv(padJSON(MaxBody + 1)), Want: []int{413}},
		{Name: "body over the limit, chunked", D: ghv(padJSON(MaxBody + 1)), Want: []int{413},
			Body: func() (io.Reader, int64) { return strings.NewReader(padJSON(MaxBody + 1)), -1 }},
		{Name: "body of 5 MiB", D: ghv(padJSON(5 << 20)), Want: []int{413, 0}},
		{Name: "body that never ends, fast", D: g, Want: []int{413, 0}, Within: 5 * time.Second,
			Body: func() (io.Reader, int64) { return &endless{}, -1 }},
		{Name: "body that never ends, slow sender", D: g, Want: []int{400, 408, 413, 0},
			Within: SlowReadTimeout + 5*time.Second,
			Body:   func() (io.Reader, int64) { return &endless{gap: 100 * time.Millisecond}, -1 }},
		{Name: "body shorter than its Content-Length", D: g, Want: []int{400, 0}, Within: SlowReadTimeout + 5*time.Second,
			Raw: []byte("POST " + GitHubPath + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Hub-Signature-256: sha256=00\r\nContent-Length: 100\r\n\r\n{\"a\":1}")},

		// Multipart (Dropbox Sign).
		{Name: "multipart truncated", D: func() Delivery { d := dsValid; d.Body = d.Body[:len(d.Body)/2]; return d }(),
			Want: []int{400}, Absent: []string{dsMAC}},
		{Name: "multipart without boundary", D: with(dsValid, func(h http.Header) { h.Set("Content-Type", "multipart/form-data") }),
			Want: []int{400, 415}},
		{Name: "multipart with another boundary", D: with(dsValid, func(h http.Header) { h.Set("Content-Type", "multipart/form-data; boundary=Other") }),
			Want: []int{400}},
		{Name: "multipart without the json field", D: func() Delivery {
			d := dsValid
			d.Body = []byte(multipartBody("XyZ", "other", dsJSON))
			return d
		}(), Want: []int{400}},
		{Name: "multipart with invalid JSON", D: func() Delivery {
			d := dsValid
			d.Body = []byte(multipartBody("XyZ", "json", dsJSON[:len(dsJSON)-5]))
			return d
		}(), Want: []int{400}},
		{Name: "multipart forged event_hash", D: func() Delivery {
			d := dsValid
			d.Body = []byte(multipartBody("XyZ", "json", strings.Replace(dsJSON, dsMAC, strings.Repeat("0", 64), 1)))
			return d
		}(), Want: []int{400, 401}, Absent: []string{dsMAC}},

		// Invalid JSON, validly signed.
		// A signed body is authentic: the gateway may refuse it or forward it,
		// but what it forwards must be a valid, verifiable CloudEvent.
		{Name: "invalid JSON, signed (github)", D: ghv(`{"action":"opened",`), Want: []int{200, 400}, Reached: -1},
		{Name: "invalid JSON, signed (slack)", D: Slack(ts, `{"type":"event_callback",`), Want: []int{200, 400}, Reached: -1},
		{Name: "invalid JSON, signed (stripe)", D: Stripe(ts, `[1,2`), Want: []int{200, 400}, Reached: -1},
		{Name: "JSON array, signed (stripe)", D: Stripe(ts, `[1,2,3]`), Want: []int{200, 400}, Reached: -1},

		// Content types.
		{Name: "wrong content type (dropbox sign, xml)", D: with(dsValid, func(h http.Header) { h.Set("Content-Type", "application/xml") }),
			Want: []int{415}},
		{Name: "garbage content type (dropbox sign)", D: with(dsValid, func(h http.Header) { h.Set("Content-Type", "%%%;;;===") }),
			Want: []int{400, 415}},

		// Signature headers.
		{Name: "signature missing", D: with(g, func(h http.Header) { h.Del("X-Hub-Signature-256") }), Want: []int{400}},
		{Name: "signature empty", D: with(g, func(h http.Header) { h.Set("X-Hub-Signature-256", "") }), Want: []int{400}},
		{Name: "signature forged", D: forged, Want: []int{401}},
		{Name: "signature duplicated, both forged", D: with(forged, func(h http.Header) {
			h.Add("X-Hub-Signature-256", "sha256="+strings.Repeat("cd", 32))
		}), Want: []int{400, 401}},
		{Name: "signature duplicated, forged first", D: with(forged, func(h http.Header) {
			h.Add("X-Hub-Signature-256", g.Header.Get("X-Hub-Signature-256"))
		}), Want: []int{200, 400, 401}, Reached: -1},
		{Name: "signature enormous (100 KiB)", D: with(g, func(h http.Header) { h.Set("X-Hub-Signature-256", "sha256="+huge) }),
			Want: []int{400, 401, 431}, Absent: []string{huge[:64]}},
		{Name: "signature non-ASCII", D: with(g, func(h http.Header) { h.Set("X-Hub-Signature-256", "sha256=ünïcødé☃") }),
			Want: []int{400, 401}, Absent: []string{"ünïcødé"}},
		{Name: "slack signature header repeated 500 times", D: with(Slack(ts, SlackEvent("Ev500")), func(h http.Header) {
			for i := 0; i < 500; i++ {
				h.Add("X-Slack-Signature", "v0="+strings.Repeat("0", 64))
			}
		}), Want: []int{200, 400, 401, 431}, Reached: -1}, // the first value is the valid one

		// Non-ASCII and NUL bytes.
		{Name: "NUL and invalid UTF-8 in a signed body", D: ghv("{\"action\":\"opened\x00\xff\xfe\"}"), Want: []int{200, 400}, Reached: -1},
		{Name: "non-ASCII text in a signed body", D: ghv(`{"action":"opened","title":"Grüße ☃ 𝄞","issue":{"id":9}}`), Want: []int{200}, Reached: 1},
		{Name: "NUL in a forged body", D: with(ghv("\x00\x00\x00"), func(h http.Header) { h.Set("X-Hub-Signature-256", "sha256="+strings.Repeat("00", 32)) }),
			Want: []int{400, 401}},
		{Name: "NUL in a header", Want: []int{400},
			Raw: []byte("POST " + GitHubPath + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Hub-Signature-256: sha256=ab\x00cd\r\nContent-Length: 2\r\n\r\n{}")},
		{Name: "NUL in the path", Want: []int{400, 404},
			Raw: []byte("POST " + GitHubPath + "%00/x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")},

		// Timestamps (Slack: 300 s window).
		{Name: "timestamp at the old edge", D: Slack(ts-SlackToleranceS+20, SlackEvent("EvOldEdge")), Want: []int{200}, Reached: 1},
		{Name: "timestamp at the future edge", D: Slack(ts+SlackToleranceS-20, SlackEvent("EvNewEdge")), Want: []int{200}, Reached: 1},
		{Name: "timestamp just past the old edge", D: Slack(ts-SlackToleranceS-20, SlackEvent("EvOld")), Want: []int{401}},
		{Name: "timestamp just past the future edge", D: Slack(ts+SlackToleranceS+20, SlackEvent("EvNew")), Want: []int{401}},
		{Name: "timestamp ten years ahead", D: Slack(ts+10*365*86400, SlackEvent("EvFar")), Want: []int{401}},
		{Name: "timestamp year 292277026596", D: Slack(1<<62, SlackEvent("EvMax")), Want: []int{400, 401}},
		{Name: "timestamp negative", D: Slack(-ts, SlackEvent("EvNeg")), Want: []int{400, 401}},
		{Name: "timestamp overflows int64", D: with(Slack(ts, SlackEvent("EvOvf")), func(h http.Header) {
			h.Set("X-Slack-Request-Timestamp", "99999999999999999999999")
		}), Want: []int{400, 401}},
		{Name: "stripe timestamp far in the future", D: Stripe(ts+86400*365, StripeEvent("evt_future")), Want: []int{401}},
		{Name: "standard webhooks timestamp in milliseconds", D: SW("msg_ms", ts*1000, `{"type":"x"}`), Want: []int{400, 401}},

		// Handshake challenges.
		{Name: "challenge carrying markup", D: Delivery{Method: http.MethodGet, Path: DropboxPath, Query: "challenge=" + url.QueryEscape(script)},
			Want: []int{400}, Absent: []string{"<script", "alert("}},
		{Name: "challenge carrying CRLF and a header", D: Delivery{Method: http.MethodGet, Path: DropboxPath,
			Query: "challenge=" + url.QueryEscape("abc\r\nSet-Cookie: pwned=1")}, Want: []int{400}, Absent: []string{"pwned"}},
		{Name: "challenge of 64 KiB", D: Delivery{Method: http.MethodGet, Path: DropboxPath, Query: "challenge=" + strings.Repeat("a", 64<<10)},
			Want: []int{400, 414, 431}, Absent: []string{strings.Repeat("a", 1024)}},
		{Name: "challenge of 2 MiB", D: Delivery{Method: http.MethodGet, Path: DropboxPath, Query: "challenge=" + strings.Repeat("b", 2<<20)},
			Want: []int{400, 414, 431, 0}, Absent: []string{strings.Repeat("b", 1024)}},
		{Name: "challenge repeated", D: Delivery{Method: http.MethodGet, Path: DropboxPath, Query: "challenge=one&challenge=" + url.QueryEscape(script)},
			Want: []int{200, 400}, Absent: []string{"<script"}},
		{Name: "slack url_verification carrying markup", D: slackURLVerify(script), Want: []int{400}, Absent: []string{"<script"}},
		{Name: "slack url_verification carrying a newline", D: slackURLVerify("ok\r\nX-Evil: 1"), Want: []int{400}, Absent: []string{"X-Evil"}},
		{Name: "slack url_verification of 3 KiB (over max body? no: 3 KiB)", D: slackURLVerify(strings.Repeat("c", 3<<10)),
			Want: []int{400}, Absent: []string{strings.Repeat("c", 512)}},

		// Methods.
		{Name: "GET on a delivery route", D: func() Delivery { d := g; d.Method = http.MethodGet; return d }(), Want: []int{405}},
		{Name: "PUT", D: func() Delivery { d := g; d.Method = http.MethodPut; return d }(), Want: []int{405}},
		{Name: "DELETE", D: func() Delivery { d := g; d.Method = http.MethodDelete; return d }(), Want: []int{405}},
		{Name: "PATCH", D: func() Delivery { d := g; d.Method = http.MethodPatch; return d }(), Want: []int{405}},
		{Name: "OPTIONS", D: func() Delivery { d := g; d.Method = http.MethodOptions; return d }(), Want: []int{405}},
		{Name: "POST on the dropbox challenge", D: Delivery{Method: http.MethodPost, Path: DropboxPath, Query: "challenge=abc"},
			Want: []int{400, 401}},
		{Name: "method with lower case", D: func() Delivery { d := g; d.Method = "post"; return d }(), Want: []int{405, 400}},
	}
	return cases
}

// RunCorpus sends every case to the gateway at base (host:port in addr) and
// checks the status, the time taken, that nothing reached up, that the
// response reflects nothing hostile and no secret, and that the gateway then
// still takes a valid delivery.
func RunCorpus(t *testing.T, base, addr string, up *Upstream, cases []Case) {
	for i, c := range cases {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			before := up.Count("")
			within := c.Within
			if within == 0 {
				within = 10 * time.Second
			}
			var a Answer
			switch {
			case c.Raw != nil:
				a = SendRaw(addr, bytes.Replace(c.Raw, []byte("\r\nHost: x\r\n"), []byte("\r\nHost: "+addr+"\r\n"), 1))
			case c.Body != nil:
				r, n := c.Body()
				a = SendBody(base, c.D, r, n)
				if e, ok := r.(*endless); ok {
					e.Close()
				}
			default:
				a = Send(base, c.D)
			}
			status := a.Status
			if a.Err != nil {
				status = 0
			}
			ok := false
			for _, w := range c.Want {
				ok = ok || w == status
			}
			if !ok {
				t.Errorf("got %s, want one of %v", a, c.Want)
			}
			if a.Took > within {
				t.Errorf("took %v, want at most %v", a.Took, within)
			}
			// Give a forwarded request (there should be none) time to land.
			time.Sleep(10 * time.Millisecond)
			reached := c.Reached
			if reached < 0 {
				reached = 0
				if status == 200 {
					reached = 1
				}
			}
			if got := up.Count("") - before; got != reached {
				t.Errorf("%d requests reached the upstream, want %d", got, reached)
			}
			for _, ar := range up.Arrivals()[before:] {
				if ar.Verified != nil {
					t.Errorf("the upstream got a delivery whose re-signature does not verify: %v", ar.Verified)
				}
				if strings.HasPrefix(ar.Header.Get("Content-Type"), "application/cloudevents+json") && !json.Valid(ar.Body) {
					t.Errorf("the upstream got a CloudEvent that is not valid JSON: %q", clipText(string(ar.Body), 200))
				}
				t.Logf("forwarded: %s", clipText(string(ar.Body), 300))
			}
			var resp strings.Builder
			resp.WriteString(a.Body)
			for k, vs := range a.Header {
				resp.WriteString("\n" + k + ": " + strings.Join(vs, ","))
			}
			if what := Leak(resp.String(), c.D.MACs...); what != "" {
				t.Errorf("the response carries a %s", what)
			}
			for _, s := range c.Absent {
				if strings.Contains(resp.String(), s) {
					t.Errorf("the response reflects %q", clipText(s, 40))
				}
			}
			if a.Err == nil && status >= 400 && len(a.Body) > 64 {
				t.Errorf("rejection body of %d bytes: %q; want a short generic text", len(a.Body), clipText(a.Body, 80))
			}

			// The gateway still serves the next valid delivery.
			next := GitHub(fmt.Sprintf("after-case-%d-%d", i, time.Now().UnixNano()), GitHubBody(i))
			before = up.Count("")
			if a := Send(base, next); a.Err != nil || a.Status != 200 {
				t.Fatalf("the next valid delivery: %s, want 200", a)
			}
			if got := up.Count("") - before; got != 1 {
				t.Fatalf("the next valid delivery reached the upstream %d times, want 1", got)
			}
		})
	}
}

// RunUpstreamFailure is the upstream-failure scenario, for any gateway whose
// routes time the upstream out after 2s.
func RunUpstreamFailure(t *testing.T, base string, up *Upstream) {
	now := time.Now().Unix()
	type route struct {
		name  string
		make  func(n int) Delivery
		ackOK func(a Answer) bool // the success answer the provider needs
	}
	plain := func(a Answer) bool { return a.Status == 200 && a.Body == "upstream answer" }
	routesUnderTest := []route{
		{"github", func(n int) Delivery { return GitHub(fmt.Sprintf("fail-%d-%d", n, now), GitHubBody(n)) }, plain},
		{"stripe", func(n int) Delivery {
			return Stripe(time.Now().Unix(), StripeEvent(fmt.Sprintf("evt_fail_%d_%d", n, now)))
		}, plain},
		{"dropbox_sign", func(n int) Delivery {
			return DropboxSign(now+int64(n), "signature_request_signed", fmt.Sprintf("req-fail-%d", n))
		}, func(a Answer) bool { return a.Status == 200 && a.Body == coreDropboxSignAck }},
	}
	modes := []struct {
		name   string
		break_ func()
		heal   func()
		// reachedWhileBroken: the failed attempt itself arrives upstream
		reachedWhileBroken int
		within             time.Duration
	}{
		{"upstream answers 503", func() { up.Status.Store(503) }, func() { up.Status.Store(200) }, 1, 5 * time.Second},
		{"upstream answers 500", func() { up.Status.Store(500) }, func() { up.Status.Store(200) }, 1, 5 * time.Second},
		{"upstream down", up.Down, func() {
			if err := up.Up(); err != nil {
				t.Fatalf("upstream back up: %v", err)
			}
		}, 0, 5 * time.Second},
		{"upstream slower than the 2s timeout", func() { up.Delay.Store(int64(4 * time.Second)) }, func() { up.Delay.Store(0) }, 1, 8 * time.Second},
	}
	n := 0
	for _, r := range routesUnderTest {
		for _, m := range modes {
			r, m := r, m
			n++
			d := r.make(n)
			t.Run(r.name+"/"+m.name, func(t *testing.T) {
				m.break_()
				broken := true
				defer func() {
					if broken {
						m.heal()
					}
				}()
				before := up.Count(d.Path)
				a := Send(base, d)
				if a.Err != nil {
					t.Fatalf("while broken: %v", a.Err)
				}
				if a.Status < 500 || a.Status > 599 {
					t.Errorf("while broken: got %s, want a 5xx the provider retries", a)
				}
				if r.ackOK(a) || strings.Contains(a.Body, coreDropboxSignAck) {
					t.Errorf("while broken: the provider got the success acknowledgement %s", a)
				}
				if a.Took > m.within {
					t.Errorf("while broken: took %v, want at most %v", a.Took, m.within)
				}
				if got := up.Count(d.Path) - before; got != m.reachedWhileBroken {
					t.Errorf("while broken: %d arrivals, want %d", got, m.reachedWhileBroken)
				}
				if what := Leak(a.Body, d.MACs...); what != "" {
					t.Errorf("while broken: the answer carries a %s", what)
				}

				m.heal()
				broken = false
				time.Sleep(50 * time.Millisecond) // a slow attempt's upstream handler returns
				before = up.Count(d.Path)
				a = Send(base, d) // the provider's retry, same delivery
				if !r.ackOK(a) {
					t.Fatalf("retry after recovery: got %s, want the provider's success answer", a)
				}
				if got := up.Count(d.Path) - before; got != 1 {
					t.Fatalf("retry after recovery: %d arrivals, want 1 (dedup must not swallow an undelivered delivery)", got)
				}
				last := up.Arrivals()[len(up.Arrivals())-1]
				if last.Verified != nil {
					t.Errorf("retry: re-signature does not verify: %v", last.Verified)
				}
				a = Send(base, d) // a duplicate after success
				if a.Status != 200 {
					t.Errorf("duplicate after success: got %s, want 200", a)
				}
				if got := up.Count(d.Path) - before; got != 1 {
					t.Errorf("duplicate after success reached the upstream (%d arrivals)", got)
				}
			})
		}
	}
}

// RunConcurrency sends 1,100 deliveries to the gateway at once: 400 valid
// unique GitHub deliveries, 100 concurrent duplicates of them, 400 forged
// ones, 100 validly signed but stale Slack replays and 100 Slack replays
// with a fresh timestamp header but the old signature. Every valid unique
// delivery must reach the upstream exactly once; nothing forged, stale or
// replayed ever does. Then every valid delivery is replayed: all are
// acknowledged (or 409 while the original is being finished), none is
// forwarded again.
func RunConcurrency(t *testing.T, base string, up *Upstream) {
	const valid, dups, forged, stale, resigned = 400, 100, 400, 100, 100
	run := fmt.Sprintf("c%d", time.Now().UnixNano())
	type send struct {
		d    Delivery
		kind string // valid, dup, forged, stale, replay
		id   string
	}
	var sends []send
	validD := make([]Delivery, valid)
	for i := 0; i < valid; i++ {
		id := fmt.Sprintf("%s-valid-%d", run, i)
		validD[i] = GitHub(id, GitHubBody(i))
		sends = append(sends, send{validD[i], "valid", id})
	}
	for i := 0; i < dups; i++ {
		sends = append(sends, send{validD[i*3], "dup", validD[i*3].ID})
	}
	for i := 0; i < forged; i++ {
		id := fmt.Sprintf("%s-forged-%d", run, i)
		d := GitHub(id, GitHubBody(10000+i))
		d.Header = d.Header.Clone()
		sig := d.Header.Get("X-Hub-Signature-256")
		// Flip one hex digit of a real signature: as close as a forger gets.
		b := []byte(sig)
		p := 7 + i%64
		if b[p] == '0' {
			b[p] = '1'
		} else {
			b[p] = '0'
		}
		d.Header.Set("X-Hub-Signature-256", string(b))
		sends = append(sends, send{d, "forged", id})
	}
	old := time.Now().Add(-time.Hour).Unix()
	for i := 0; i < stale; i++ {
		id := fmt.Sprintf("Ev%sStale%d", strings.ReplaceAll(run, "-", ""), i)
		sends = append(sends, send{Slack(old, SlackEvent(id)), "stale", id})
	}
	for i := 0; i < resigned; i++ {
		id := fmt.Sprintf("Ev%sReplay%d", strings.ReplaceAll(run, "-", ""), i)
		d := Slack(old, SlackEvent(id))
		d.Header = d.Header.Clone()
		d.Header.Set("X-Slack-Request-Timestamp", fmt.Sprint(time.Now().Unix()))
		sends = append(sends, send{d, "replay", id})
	}

	before := up.Count("")
	answers := make([]Answer, len(sends))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range sends {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			answers[i] = Send(base, sends[i].d)
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	t.Logf("%d concurrent deliveries answered in %v", len(sends), time.Since(t0).Round(time.Millisecond))

	okByID := map[string]int{}
	for i, s := range sends {
		a := answers[i]
		switch s.kind {
		case "valid", "dup":
			if a.Err != nil || (a.Status != 200 && a.Status != 409) {
				t.Errorf("%s %s: got %s, want 200 (or 409 for a copy in flight)", s.kind, s.id, a)
			}
			if a.Status == 200 {
				okByID[s.id]++
			}
		default:
			if a.Err != nil || a.Status != 401 {
				t.Errorf("%s %s: got %s, want 401", s.kind, s.id, a)
			}
		}
		if what := Leak(a.Body, s.d.MACs...); what != "" {
			t.Errorf("%s %s: the answer carries a %s", s.kind, s.id, what)
		}
	}
	arrived := map[string]int{}
	for _, a := range up.Arrivals()[before:] {
		arrived[a.ID]++
		if a.Verified != nil {
			t.Errorf("arrival %s: re-signature does not verify: %v", a.ID, a.Verified)
		}
	}
	for _, d := range validD {
		if okByID[d.ID] == 0 {
			t.Errorf("valid %s: no send was answered 200", d.ID)
		}
		if arrived[d.ID] != 1 {
			t.Errorf("valid %s reached the upstream %d times, want exactly 1", d.ID, arrived[d.ID])
		}
	}
	if got := up.Count("") - before; got != valid {
		t.Errorf("%d arrivals upstream, want %d (forged, stale or replayed deliveries got through?)", got, valid)
	}

	// Replay every valid delivery: acknowledged, never forwarded again.
	before = up.Count("")
	var mu sync.Mutex
	bad := 0
	sem := make(chan struct{}, 100)
	for _, d := range validD {
		d := d
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			// 409: the original's dedup record is still being finished
			// (the answer reaches the provider just before Finish runs);
			// the provider retries and gets 200. Never forwarded again.
			if a := Send(base, d); a.Err != nil || (a.Status != http.StatusOK && a.Status != http.StatusConflict) {
				mu.Lock()
				bad++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if bad > 0 {
		t.Errorf("%d replays of delivered deliveries were answered neither 200 nor 409", bad)
	}
	if got := up.Count("") - before; got != 0 {
		t.Errorf("%d replays of delivered deliveries reached the upstream", got)
	}
}
