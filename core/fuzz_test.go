package core

// Native fuzz targets for every parser. Seeds come from the known-answer
// vectors. Run one longer with, for example:
//
//	go test ./core -run '^$' -fuzz '^FuzzInspect$' -fuzztime 5m
//
// Anything a fuzzer finds is kept by Go under testdata/fuzz and becomes a
// regression case of the normal test run.

import (
	"bytes"
	"io"
	"net/http"
	neturl "net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/internal/vectortest"
)

// fuzzCases are the vector cases, flattened in a stable order.
func fuzzCases(f *testing.F) ([]string, []vectortest.Case) {
	var names []string
	var cases []vectortest.Case
	for _, vf := range loadVectors(f) {
		for _, c := range vf.Cases {
			names = append(names, vf.Provider)
			cases = append(cases, c)
		}
	}
	return names, cases
}

// FuzzInspect feeds arbitrary bodies, header values and query strings to every
// provider, configured as in a vector. Properties: no panic; a rejection has a
// 4xx/5xx status; a handshake reply never reflects markup or more than
// MaxChallenge bytes plus its JSON framing; an accepted body that differs from
// the vector's accepted body was re-signed by the fuzzer itself (never by luck).
func FuzzInspect(f *testing.F) {
	names, cases := fuzzCases(f)
	for i, c := range cases {
		hv := ""
		keys := make([]string, 0, len(c.Headers))
		for k := range c.Headers {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) > 0 {
			hv = c.Headers[keys[0]]
		}
		f.Add(i, []byte(c.Body), hv, c.URL)
	}
	f.Fuzz(func(t *testing.T, idx int, body []byte, header, url string) {
		if idx < 0 || len(cases) == 0 {
			return
		}
		idx = idx % len(cases)
		c := cases[idx]
		now := caseTime(t, c)
		v, err := New(Config{Provider: names[idx], Secrets: c.Secrets, Options: c.Options, Dedup: -1,
			Now: func() time.Time { return now }})
		if err != nil {
			return
		}
		u, err := neturl.ParseRequestURI(url)
		if err != nil || url == "" || url[0] != '/' {
			u = &neturl.URL{Path: "/hook"}
		}
		method := c.Method
		if method == "" {
			method = "POST"
		}
		// Built by hand: httptest.NewRequest panics on targets a server
		// would refuse before any handler runs.
		r := &http.Request{Method: method, URL: u, Host: "h", Header: http.Header{},
			Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}
		keys := make([]string, 0, len(c.Headers))
		for k, val := range c.Headers {
			r.Header.Set(k, val)
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) > 0 && !strings.ContainsAny(header, "\r\n") {
			r.Header.Set(keys[0], header)
		}
		o, err := v.Inspect(r)
		if err != nil {
			if s := v.Status(err); s < 400 {
				t.Fatalf("rejection with status %d", s)
			}
			return
		}
		if o.Reply != nil {
			if len(o.Reply.Body) > MaxChallenge+256 || bytes.Contains(o.Reply.Body, []byte("<")) {
				t.Fatalf("handshake reply reflects unsafe input: %q", o.Reply.Body)
			}
			return
		}
		if c.Want == "ok" && bodySigned(names[idx]) && string(body) != c.Body && header == c.Headers[keys[0]] {
			t.Fatalf("%s accepted a body that differs from the signed one", names[idx])
		}
	})
}

// bodySigned reports whether a provider's signature covers the whole body
// (Dropbox Sign signs two fields; token schemes sign nothing).
func bodySigned(name string) bool {
	switch name {
	case "dropbox", "box", "github", "stripe", "slack", "standard_webhooks", "generic":
		return true
	}
	return false
}

// FuzzSigList: header lists never panic and return only trimmed values.
func FuzzSigList(f *testing.F) {
	f.Add("t=1,v1=aa,v1=bb", ",", "=", "v1")
	f.Add("v1,abc= v1a,def", " ", ",", "v1")
	f.Add("ts=1;h1=ff", ";", "=", "h1")
	f.Fuzz(func(t *testing.T, h, sep, kv, want string) {
		if sep == "" || kv == "" {
			return
		}
		for _, v := range sigList(h, sep, kv, want) {
			if v != strings.TrimSpace(v) {
				t.Fatalf("untrimmed value %q", v)
			}
		}
	})
}

// FuzzParseTime: timestamps in every unit never panic, and what parses as
// unix seconds round-trips.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"1614265330", "1700000000500", "2020-01-01T00:00:00-07:00", "", "-1", "9999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, unit := range []string{unitSeconds, unitMillis, unitRFC3339} {
			tt, err := parseTime(s, unit)
			if err == nil && unit == unitSeconds {
				if got := tt.Unix(); got < 0 {
					t.Fatalf("negative time from %q", s)
				}
			}
		}
	})
}

// FuzzMultipart: the multipart reader never panics and returns
// ErrMalformedPayload-wrapped errors only.
func FuzzMultipart(f *testing.F) {
	f.Add("multipart/form-data; boundary=b", []byte("--b\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{}\r\n--b--\r\n"))
	f.Add("multipart/form-data", []byte("--x"))
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		_, err := multipartFields(ct, body)
		if err != nil && Reason(err) != "malformed_payload" {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

// FuzzTemplate: the generic provider's signed-content templates either parse
// into parts that rebuild the template, or fail as ErrBadConfig.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{"{body}", "{timestamp}.{body}", "{id}:{timestamp}:{body}", "{", "{nope}{body}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parts, err := parseTemplate(s)
		if err != nil {
			if Reason(err) != "internal" || !strings.Contains(err.Error(), "invalid configuration") {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		if strings.Join(parts, "") != s {
			t.Fatalf("parts %q do not rebuild %q", parts, s)
		}
	})
}
