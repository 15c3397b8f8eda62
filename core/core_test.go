package core

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"
)

// fixedClock returns a clock stuck at t.
func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

// githubRequest builds a GitHub delivery signed with secret.
func githubRequest(secret, delivery, body string) *http.Request {
	r := httptest.NewRequest("POST", "/hooks/github", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set(HeaderGitHubDelivery, delivery)
	r.Header.Set(HeaderGitHubEvent, "push")
	r.Header.Set(HeaderGitHubSignature256, "sha256="+encodeSig("hex", HMACSHA256([]byte(secret), []byte(body))))
	return r
}

func TestProvidersSortedAndDescribed(t *testing.T) {
	names := Providers()
	if !sort.StringsAreSorted(names) {
		t.Fatalf("Providers() not sorted: %v", names)
	}
	seen := map[string]string{}
	for _, n := range names {
		if n != strings.ToLower(n) || strings.ContainsAny(n, " -") {
			t.Errorf("provider name %q: want lower-case snake_case", n)
		}
		info, ok := Describe(n)
		if !ok || info.Name != n || info.Scheme == "" || info.Secret == "" {
			t.Errorf("provider %s: incomplete description %+v", n, info)
		}
		seen[n] = n
	}
	for _, n := range names {
		info, _ := Describe(n)
		for _, a := range info.Aliases {
			if other, dup := seen[a]; dup {
				t.Errorf("alias %q of %s is also the name or alias of %s", a, n, other)
			}
			seen[a] = n
			if got, ok := Describe(a); !ok || got.Name != n {
				t.Errorf("alias %q does not resolve to %s", a, n)
			}
		}
	}
}

// TestConfigErrors: the route's own settings. A provider's configuration
// errors are in its vector file (config_errors, TestProviderConfigErrors).
func TestConfigErrors(t *testing.T) {
	cases := []struct {
		name  string
		cfg   Config
		want  error
		field string
	}{
		{"unknown provider", Config{Provider: "nope", Secrets: []string{"s"}}, ErrUnknownProvider, "provider"},
		{"bad format", Config{Provider: "github", Secrets: []string{"s"}, Format: "xml"}, ErrBadConfig, "format"},
		{"empty sign key", Config{Provider: "github", Secrets: []string{"s"}, SignKeys: []string{""}}, ErrEmptySecret, "sign_key"},
		{"bad whsec sign key", Config{Provider: "github", Secrets: []string{"s"}, SignKeys: []string{"whsec_!!"}}, ErrBadConfig, "sign_key"},
		{"negative tolerance", Config{Provider: "github", Secrets: []string{"s"}, Tolerance: -time.Second}, ErrBadConfig, "tolerance"},
		{"negative max body", Config{Provider: "github", Secrets: []string{"s"}, MaxBody: -1}, ErrBadConfig, "max_body"},
	}
	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			_, err := New(c.cfg)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.field) {
				t.Errorf("error %q does not name %q", err, c.field)
			}
			for _, s := range c.cfg.Secrets {
				if len(s) > 2 && strings.Contains(err.Error(), s) {
					t.Errorf("error %q carries the secret", err)
				}
			}
		})
	}
}

func TestAliasResolves(t *testing.T) {
	v, err := New(Config{Provider: "HelloSign", Secrets: []string{"k"}})
	if err != nil {
		t.Fatal(err)
	}
	if v.Name() != "dropbox_sign" {
		t.Fatalf("alias resolved to %s", v.Name())
	}
}

func TestStatusOf(t *testing.T) {
	cases := []struct {
		err  error
		want int
	}{
		{nil, 200},
		{ErrMissingSignature, 400},
		{ErrMalformedSignature, 400},
		{ErrSignatureMismatch, 401},
		{ErrStaleTimestamp, 401},
		{ErrFutureTimestamp, 401},
		{ErrBodyTooLarge, 413},
		{ErrMethodNotAllowed, 405},
		{ErrUnsupportedMedia, 415},
		{ErrDeliveryInFlight, 409},
		{ErrVerifyTokenMismatch, 403},
		{ErrRemoteKey, 503},
		{errors.New("other"), 500},
	}
	for _, c := range cases {
		wrapped := c.err
		if c.err != nil {
			wrapped = fmt.Errorf("box: %w", c.err)
		}
		if got := StatusOf(wrapped); got != c.want {
			t.Errorf("StatusOf(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

func TestReadBody(t *testing.T) {
	mk := func(body string, declared int64) *http.Request {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.ContentLength = declared
		return r
	}
	if b, err := ReadBody(mk("12345", 5), 5); err != nil || string(b) != "12345" {
		t.Fatalf("at the limit: %q %v", b, err)
	}
	if _, err := ReadBody(mk("123456", 6), 5); !errors.Is(err, ErrBodyTooLarge) {
		t.Fatalf("declared over the limit: %v", err)
	}
	if _, err := ReadBody(mk("123456", -1), 5); !errors.Is(err, ErrBodyTooLarge) {
		t.Fatalf("chunked over the limit: %v", err)
	}
	// An endless body is never read past max+1 bytes.
	cr := &countingReader{}
	r := httptest.NewRequest("POST", "/", nil)
	r.Body = io.NopCloser(cr)
	r.ContentLength = -1
	if _, err := ReadBody(r, 1000); !errors.Is(err, ErrBodyTooLarge) {
		t.Fatalf("endless body: %v", err)
	}
	if cr.n > 1001+512 {
		t.Fatalf("read %d bytes of an endless body with a 1000-byte limit", cr.n)
	}
}

type countingReader struct{ n int }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	c.n += len(p)
	return len(p), nil
}

func TestDedupTwoPhase(t *testing.T) {
	now := time.Unix(1700000000, 0)
	v, err := New(Config{Provider: "github", Secrets: []string{"s"}, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	body := `{"zen":"hi"}`
	o1, err := v.Inspect(githubRequest("s", "d-1", body))
	if err != nil || o1.Reply != nil {
		t.Fatalf("first: %v %+v", err, o1)
	}
	// While the first is in flight, the same delivery is refused (409), not acknowledged.
	if _, err := v.Inspect(githubRequest("s", "d-1", body)); !errors.Is(err, ErrDeliveryInFlight) {
		t.Fatalf("in flight: %v", err)
	}
	// The upstream failed: the reservation is released and a retry goes through.
	v.Finish(o1, false)
	o2, err := v.Inspect(githubRequest("s", "d-1", body))
	if err != nil || o2.Reply != nil {
		t.Fatalf("retry after failure: %v", err)
	}
	v.Finish(o2, true)
	o3, err := v.Inspect(githubRequest("s", "d-1", body))
	if err != nil || !o3.Duplicate || o3.Reply == nil || o3.Reply.Status != 200 {
		t.Fatalf("duplicate after delivery: %v %+v", err, o3)
	}
	// Another delivery is not a duplicate; the same body under another
	// (unsigned) id is (issue #11: the body digest is the replay key).
	if o4, err := v.Inspect(githubRequest("s", "d-2", `{"zen":"other"}`)); err != nil || o4.Duplicate {
		t.Fatalf("other delivery: %v", err)
	}
	if o5, err := v.Inspect(githubRequest("s", "d-3", body)); err != nil || !o5.Duplicate {
		t.Fatalf("same body, other id: %v %+v", err, o5)
	}
}

func TestDedupExpiresAndIsBounded(t *testing.T) {
	s := newDedupStore(time.Minute, 3)
	t0 := time.Unix(1000, 0)
	for _, k := range []string{"a", "b", "c", "d"} {
		if s.reserve(k, t0) != dedupNew {
			t.Fatalf("%s not new", k)
		}
		s.finish(k, true, t0)
	}
	if s.size() != 3 {
		t.Fatalf("size %d, want 3 (bounded)", s.size())
	}
	if s.reserve("a", t0) != dedupNew {
		t.Fatal("oldest id should have been evicted")
	}
	if s.reserve("d", t0) != dedupDelivered {
		t.Fatal("newest id forgotten")
	}
	later := t0.Add(2 * time.Minute)
	if s.reserve("d", later) != dedupNew {
		t.Fatal("expired id still remembered")
	}
	s.expireAll(later.Add(2 * time.Minute))
	if s.size() != 0 {
		t.Fatalf("expired ids left: %d", s.size())
	}
	// Re-reserving a released key must not let its stale ring slot evict the new entry.
	s2 := newDedupStore(time.Minute, 2)
	s2.reserve("x", t0)
	s2.finish("x", false, t0)
	s2.reserve("x", t0)
	s2.finish("x", true, t0)
	s2.reserve("y", t0)
	if s2.reserve("x", t0) != dedupDelivered {
		t.Fatal("stale ring slot evicted a live id")
	}
}

func TestDropboxIsNeverDeduplicated(t *testing.T) {
	v, err := New(Config{Provider: "dropbox", Secrets: []string{"app"}})
	if err != nil {
		t.Fatal(err)
	}
	body := `{"list_folder":{"accounts":["dbid:A"]}}`
	ids := map[string]bool{}
	for i := 0; i < 3; i++ {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set(HeaderDropboxSignature, encodeSig("hex", HMACSHA256([]byte("app"), []byte(body))))
		o, err := v.Inspect(r)
		if err != nil || o.Duplicate {
			t.Fatalf("notification %d: %v dup=%v", i, err, o != nil && o.Duplicate)
		}
		v.Finish(o, true)
		ids[o.Event.ID] = true
	}
	if len(ids) != 3 {
		t.Fatalf("identical notifications got %d distinct ids, want 3", len(ids))
	}
}

func TestCloudEventsOutput(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	key := "whsec_" + base64.StdEncoding.EncodeToString([]byte("operator-signing-key-0123456789"))
	v, err := New(Config{Provider: "github", Secrets: []string{"s"}, SignKeys: []string{key, "raw-second-key"}, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	body := `{"action":"opened","issue":{"id":7},"repository":{"full_name":"o/r"}}`
	r := githubRequest("s", "gh-1", body)
	r.Header.Set(HeaderGitHubEvent, "issues")
	o, err := v.Inspect(r)
	if err != nil {
		t.Fatal(err)
	}
	o.Apply(r)
	if r.Header.Get(HeaderGitHubSignature256) != "" {
		t.Error("provider signature header forwarded")
	}
	if r.Header.Get("Content-Type") != "application/cloudevents+json" || r.Header.Get(HeaderProvider) != "github" || r.Header.Get(HeaderEventType) != "issues" || r.Header.Get(HeaderTypeSource) != "header" {
		t.Errorf("headers: %v", r.Header)
	}
	fwd, _ := io.ReadAll(r.Body)
	if r.ContentLength != int64(len(fwd)) {
		t.Errorf("content length %d for %d bytes", r.ContentLength, len(fwd))
	}
	var ce map[string]interface{}
	if err := json.Unmarshal(fwd, &ce); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"specversion": "1.0", "id": "gh-1", "type": "github.issues", "source": "/hookstile/github",
		"subject": "o/r", "time": "2026-11-24T12:00:00Z", "datacontenttype": "application/json", "provider": "github",
		"objecttype": "issue", "objectid": "7", "action": "created"}
	for k, w := range want {
		if ce[k] != w {
			t.Errorf("%s = %v, want %s", k, ce[k], w)
		}
	}
	if d, _ := json.Marshal(ce["data"]); !bytes.Equal(d, []byte(`{"action":"opened","issue":{"id":7},"repository":{"full_name":"o/r"}}`)) {
		t.Errorf("data = %s", d)
	}
	// Two signatures, one per key, over id.timestamp.body; checked with an
	// independent HMAC computation here.
	sig := r.Header.Get(HeaderWebhookSignature)
	parts := strings.Split(sig, " ")
	if len(parts) != 2 || r.Header.Get(HeaderWebhookID) != "gh-1" || r.Header.Get(HeaderWebhookTimestamp) != "1795521600" {
		t.Fatalf("signature headers: %v", r.Header)
	}
	k1, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(key, "whsec_"))
	content := "gh-1.1795521600." + string(fwd)
	for i, k := range [][]byte{k1, []byte("raw-second-key")} {
		if parts[i] != "v1,"+base64.StdEncoding.EncodeToString(HMACSHA256(k, []byte(content))) {
			t.Errorf("signature %d does not verify", i)
		}
	}
}

func TestOtherFormats(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	body := `{"type":"webhook_event","trigger":"FILE.DELETED","source":{"id":"42","type":"file"}}`
	ts := "2026-11-24T11:59:00Z"
	mk := func() *http.Request {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json; charset=utf-8")
		r.Header.Set(HeaderBoxDelivery, "del-1")
		r.Header.Set(HeaderBoxTimestamp, ts)
		r.Header.Set(HeaderBoxPrimary, encodeSig("base64", HMACSHA256([]byte("pk"), []byte(body), []byte(ts))))
		return r
	}
	for _, format := range []string{FormatBinary, FormatRaw, FormatElements} {
		v, err := New(Config{Provider: "box", Secrets: []string{"pk"}, SignKeys: []string{"k"}, Format: format, Now: fixedClock(now)})
		if err != nil {
			t.Fatal(err)
		}
		r := mk()
		o, err := v.Inspect(r)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		o.Apply(r)
		fwd, _ := io.ReadAll(r.Body)
		if r.Header.Get(HeaderBoxPrimary) != "" {
			t.Errorf("%s: Box signature forwarded", format)
		}
		switch format {
		case FormatRaw:
			if string(fwd) != body || r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
				t.Errorf("raw changed the body or type")
			}
		case FormatBinary:
			if string(fwd) != body || r.Header.Get("Ce-Type") != "box.FILE.DELETED" || r.Header.Get("Ce-Id") != "del-1" ||
				r.Header.Get("Ce-Specversion") != "1.0" || r.Header.Get("Ce-Action") != "deleted" || r.Header.Get("Ce-Objectid") != "42" {
				t.Errorf("binary headers: %v", r.Header)
			}
		case FormatElements:
			var m struct {
				Message struct {
					EventID    string `json:"eventId"`
					ElementKey string `json:"elementKey"`
					Events     []struct {
						EventType, ObjectID, ObjectType, ElementKey, Date string
					} `json:"events"`
					Raw map[string]interface{} `json:"raw"`
				} `json:"message"`
			}
			if err := json.Unmarshal(fwd, &m); err != nil {
				t.Fatal(err)
			}
			e := m.Message
			if e.EventID != "del-1" || e.ElementKey != "box" || len(e.Events) != 1 || e.Events[0].EventType != "DELETED" ||
				e.Events[0].ObjectID != "42" || e.Events[0].ObjectType != "file" || e.Raw["trigger"] != "FILE.DELETED" {
				t.Errorf("elements message: %s", fwd)
			}
			want := "sha256=" + base64.StdEncoding.EncodeToString(HMACSHA256([]byte("k"), fwd))
			if r.Header.Get(HeaderElementsSig) != want || r.Header.Get(HeaderElementsID) != "del-1" {
				t.Errorf("elements signature headers: %v", r.Header)
			}
		}
		if r.Header.Get(HeaderWebhookSignature) == "" {
			t.Errorf("%s: not re-signed", format)
		}
	}
}

func TestNonJSONBodyIsCarriedAsBase64(t *testing.T) {
	v, err := New(Config{Provider: "generic", Secrets: []string{"s"}, Options: map[string]string{"header": "X-Sig"}})
	if err != nil {
		t.Fatal(err)
	}
	body := "<xml>not json</xml>"
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "text/xml")
	r.Header.Set("X-Sig", encodeSig("hex", HMACSHA256([]byte("s"), []byte(body))))
	o, err := v.Inspect(r)
	if err != nil {
		t.Fatal(err)
	}
	var ce map[string]interface{}
	if err := json.Unmarshal(o.Body, &ce); err != nil {
		t.Fatal(err)
	}
	if ce["datacontenttype"] != "text/xml" || ce["data_base64"] != base64.StdEncoding.EncodeToString([]byte(body)) {
		t.Fatalf("cloudevent: %s", o.Body)
	}
	for _, h := range o.Remove {
		if h == "X-Sig" {
			return
		}
	}
	t.Fatalf("generic signature header not removed: %v", o.Remove)
}

func TestDropboxSignAck(t *testing.T) {
	v, err := New(Config{Provider: "dropbox_sign", Secrets: []string{"k"}})
	if err != nil {
		t.Fatal(err)
	}
	if v.Ack() == nil || string(v.Ack().Body) != "Hello API Event Received" || v.Ack().Status != 200 {
		t.Fatalf("ack = %+v", v.Ack())
	}
	g, _ := New(Config{Provider: "github", Secrets: []string{"k"}})
	if g.Ack() != nil {
		t.Fatal("github has no fixed acknowledgement")
	}
}

func TestParseSizeAndDuration(t *testing.T) {
	sizes := map[string]int64{"1MiB": 1 << 20, "512": 512, "64KiB": 65536, "2mb": 2000000, "1k": 1024}
	for s, want := range sizes {
		if got, err := ParseSize(s); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "-1", "0", "1XB", "abc"} {
		if _, err := ParseSize(s); !errors.Is(err, ErrBadConfig) {
			t.Errorf("ParseSize(%q) accepted", s)
		}
	}
	if d, err := ParseDuration("90"); err != nil || d != 90*time.Second {
		t.Errorf("ParseDuration(90) = %v %v", d, err)
	}
	if d, err := ParseDuration("5m"); err != nil || d != 5*time.Minute {
		t.Errorf("ParseDuration(5m) = %v %v", d, err)
	}
	for _, s := range []string{"-5m", "5 minutes"} {
		if _, err := ParseDuration(s); !errors.Is(err, ErrBadConfig) {
			t.Errorf("ParseDuration(%q) accepted", s)
		}
	}
}

func TestSigList(t *testing.T) {
	got := sigList("t=1, v1=aa,v0=bb ,v1=cc,junk", ",", "=", "v1")
	if strings.Join(got, "|") != "aa|cc" {
		t.Fatalf("got %v", got)
	}
	got = sigList("v1,abc= v2,x v1,def", " ", ",", "v1")
	if strings.Join(got, "|") != "abc=|def" {
		t.Fatalf("got %v", got)
	}
}

// TestAliases: other common names resolve to the canonical (ngrok) ids.
func TestAliases(t *testing.T) {
	for alias, name := range map[string]string{
		"hygraph": "graphcms", "launchdarkly": "launch_darkly", "maxio": "chargify", "vmware_workspace": "vmware",
		"mongodb_atlas": "mongodb", "sonatype_nexus": "sonatype", "autodesk_platform_services": "autodesk", "lemonsqueezy": "lemon_squeezy",
	} {
		info, ok := Describe(alias)
		if !ok || info.Name != name {
			t.Errorf("Describe(%q) = %q, %v; want %q", alias, info.Name, ok, name)
		}
	}
}

// TestProviderTableIsSorted: the table is one alphabetical list, each name
// once.
func TestProviderTableIsSorted(t *testing.T) {
	for i, e := range providerTable {
		if e.spec.builder == nil {
			t.Errorf("%s: no build function", e.name)
		}
		if i > 0 && providerTable[i-1].name >= e.name {
			t.Errorf("provider table: %q listed after %q (want alphabetical order, each name once)", e.name, providerTable[i-1].name)
		}
	}
}
