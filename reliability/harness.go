// Package reliability holds hookstile's reliability and security tests and
// the harness they share with the Traefik test module: the secrets and routes
// every gateway under test is configured with, signers for those routes, a
// counting upstream on 127.0.0.1, the hostile-input corpus and its runner.
//
// Nothing here is used by hookstile itself; it exists for tests only.
package reliability

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/hookstile/hookstile/internal/provsign"
)

// The distinctive secrets of the test routes. None may ever appear in a log
// line or a response.
const (
	GitHubSecret     = "hkcanary-github-secret-9Kq2Lm"
	SlackSecret      = "hkcanary-slack-signing-secret-P3x"
	StripeSecret     = "whsec_hkcanary_stripe_endpoint_7Yw"
	DropboxSecret    = "hkcanary-dropbox-app-secret-Vb6"
	DropboxSignKey   = "hkcanary-dropbox-sign-api-key-Tq1"
	BoxSecret        = "hkcanary-box-primary-key-Zr8"
	MailgunKey       = "hkcanary-mailgun-signing-key-Wd4"
	PlivoToken       = "hkcanary-plivo-auth-token-Hs2"
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
	BoxPath          = "/hooks/box"
	MailgunPath      = "/hooks/mailgun"
	PlivoPath        = "/hooks/plivo"
	PlivoPublicURL   = "http://127.0.0.1/hooks/plivo" // the plivo route's public_url
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
	out := []string{GitHubSecret, SlackSecret, StripeSecret, DropboxSecret, DropboxSignKey, BoxSecret, MailgunKey, PlivoToken,
		SWSecret, SWSecretRaw, SigningKey, SigningKeyRaw,
		strings.TrimPrefix(SWSecret, "whsec_"), strings.TrimPrefix(SigningKey, "whsec_"),
		strings.TrimPrefix(StripeSecret, "whsec_")}
	for _, s := range []string{GitHubSecret, SlackSecret, StripeSecret, DropboxSecret, DropboxSignKey, BoxSecret, MailgunKey, PlivoToken} {
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

// signed signs body as provider signs it at at (provsign, the one signer of
// the tests), as a Delivery to path.
func signed(provider, path string, at time.Time, body string, secrets []string, opts map[string]string) Delivery {
	r, err := provsign.Sign(provider, provsign.Input{Secrets: secrets, Options: opts, Body: []byte(body), Now: at,
		URL: "http://127.0.0.1" + path})
	if err != nil {
		panic("reliability: " + err.Error())
	}
	h := r.Header.Clone()
	h.Del("Content-Length")
	h.Del("User-Agent")
	return Delivery{Method: r.Method, Path: path, Body: r.Body, Header: h}
}

func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

// after is what follows the last sep in s.
func after(s, sep string) string {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[i+len(sep):]
	}
	return s
}

// GitHub signs body as GitHub does (X-Hub-Signature-256), delivery id id.
func GitHub(id, body string) Delivery {
	d := signed("github", GitHubPath, time.Now(), body, []string{GitHubSecret}, nil)
	d.Header.Set("X-GitHub-Event", "issues")
	d.Header.Set("X-GitHub-Delivery", id)
	d.ID = id
	d.MACs = []string{after(d.Header.Get("X-Hub-Signature-256"), "sha256=")}
	return d
}

// GitHubBody is a small valid GitHub payload.
func GitHubBody(n int) string {
	return `{"action":"opened","issue":{"id":` + strconv.Itoa(n) + `,"number":1},"repository":{"full_name":"octo/hello"}}`
}

// Slack signs body at ts as Slack does (v0 scheme).
func Slack(ts int64, body string) Delivery {
	d := signed("slack", SlackPath, time.Unix(ts, 0), body, []string{SlackSecret}, nil)
	d.MACs = []string{after(d.Header.Get("X-Slack-Signature"), "v0=")}
	return d
}

// SlackEvent is a Slack Events API callback with event id id.
func SlackEvent(id string) string {
	return `{"type":"event_callback","event_id":"` + id + `","event_time":1700000000,"team_id":"T1","event":{"type":"app_mention","text":"hi"}}`
}

// Stripe signs body at ts as Stripe does (Stripe-Signature t=,v1=).
func Stripe(ts int64, body string) Delivery {
	d := signed("stripe", StripePath, time.Unix(ts, 0), body, []string{StripeSecret}, nil)
	d.MACs = []string{after(d.Header.Get("Stripe-Signature"), "v1=")}
	return d
}

// StripeEvent is a Stripe event with id id.
func StripeEvent(id string) string {
	return `{"id":"` + id + `","object":"event","type":"invoice.paid","created":1700000000,"data":{"object":{"id":"in_1","object":"invoice"}}}`
}

// Dropbox signs body as Dropbox does.
func Dropbox(body string) Delivery {
	d := signed("dropbox", DropboxPath, time.Now(), body, []string{DropboxSecret}, nil)
	d.MACs = []string{d.Header.Get("X-Dropbox-Signature")}
	return d
}

// DropboxSignJSON is a Dropbox Sign event, signed in its event_hash.
func DropboxSignJSON(ts int64, eventType, requestID string) (string, string) {
	t := strconv.FormatInt(ts, 10)
	d := signed("dropbox_sign", DropboxSignPath, time.Unix(ts, 0), `{"event":{"event_time":"`+t+`","event_type":"`+eventType+
		`","event_metadata":{"reported_for_account_id":"acct1"}},"signature_request":{"signature_request_id":"`+
		requestID+`","title":"NDA"}}`, []string{DropboxSignKey}, map[string]string{"encoding": "json"})
	var ev struct {
		Event struct {
			Hash string `json:"event_hash"`
		} `json:"event"`
	}
	json.Unmarshal(d.Body, &ev)
	return string(d.Body), ev.Event.Hash
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

// Box signs body at ts as Box does (BOX-SIGNATURE-PRIMARY over body +
// BOX-DELIVERY-TIMESTAMP), delivery id id (not signed).
func Box(id string, ts time.Time, body string) Delivery {
	t := ts.UTC().Format(time.RFC3339)
	mac := provsign.MAC("sha256", "base64", []byte(BoxSecret), body, t)
	return Delivery{Method: http.MethodPost, Path: BoxPath, Body: []byte(body), ID: id, MACs: []string{mac},
		Header: hdr("Content-Type", "application/json", "BOX-DELIVERY-ID", id, "BOX-DELIVERY-TIMESTAMP", t,
			"BOX-SIGNATURE-PRIMARY", mac)}
}

// Mailgun signs an event as Mailgun does (timestamp and token in the body's
// "signature" object; the event itself is not signed).
func Mailgun(at time.Time, eventID string) Delivery {
	body := `{"event-data":{"id":"` + eventID + `","event":"delivered","timestamp":` + strconv.FormatInt(at.Unix(), 10) + `}}`
	return signed("mailgun", MailgunPath, at, body, []string{MailgunKey}, nil)
}

// PlivoURLOnly is a Plivo POST without a body: its signature covers the
// URL and query only.
func PlivoURLOnly(query string) Delivery {
	r, err := provsign.Sign("plivo", provsign.Input{Secrets: []string{PlivoToken}, Options: map[string]string{"public_url": PlivoPublicURL},
		URL: PlivoPublicURL + "?" + query, Body: []byte{}})
	if err != nil {
		panic("reliability: " + err.Error())
	}
	h := r.Header.Clone()
	h.Del("Content-Length")
	h.Del("User-Agent")
	return Delivery{Method: http.MethodPost, Path: PlivoPath, Query: query, Header: h}
}

// SlackCommand is a slash command as Slack posts it (a form, no id).
func SlackCommand(ts int64, text string) Delivery {
	d := Slack(ts, "token=t&team_id=T1&command=%2Fdeploy&text="+text+"&user_id=U1&trigger_id=1.2.3")
	d.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return d
}

// SW signs body as a Standard Webhooks sender does.
func SW(id string, ts int64, body string) Delivery {
	d := signed("standard_webhooks", StandardWebhooks, time.Unix(ts, 0), body, []string{SWSecret}, map[string]string{"id": id})
	d.ID = id
	d.MACs = []string{after(d.Header.Get("Webhook-Signature"), "v1,")}
	return d
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
