package reliability

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

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
// core's promise ("Status codes" in ../shared/design.md, the project's design
// note, not shipped); where the HTTP server in front rejects a request before
// hookstile sees it, its status is accepted too.
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
			next := GitHub(fmt.Sprintf("after-case-%d-%d", i, time.Now().UnixNano()), GitHubBody(100000+i)) // a body of its own: bodies are replay keys
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
