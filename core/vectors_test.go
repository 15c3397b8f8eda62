package core

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// vectorFile is one file of testdata/vectors: known-answer cases for a provider.
type vectorFile struct {
	Provider string       `json:"provider"`
	Also     []string     `json:"also"` // other provider names the same cases hold for
	Source   string       `json:"source"`
	Cases    []vectorCase `json:"cases"`
}

// vectorCase is one request and what core must answer. Want is "ok" (a
// verified event), "handshake" (answered at the edge) or the Reason name of
// the expected error ("signature_mismatch", "stale_timestamp", ...).
type vectorCase struct {
	Name         string            `json:"name"`
	Source       string            `json:"source"`
	Secrets      []string          `json:"secrets"`
	Tolerance    string            `json:"tolerance"`
	MaxBody      int64             `json:"max_body"`
	Options      map[string]string `json:"options"`
	Now          string            `json:"now"`
	Method       string            `json:"method"`
	URL          string            `json:"url"`
	Headers      map[string]string `json:"headers"`
	Body         string            `json:"body"`
	BodyBase64   string            `json:"body_base64"`
	Want         string            `json:"want"`
	Status       int               `json:"status"`
	ReplyBody    string            `json:"reply_body"`
	ReplyHeaders map[string]string `json:"reply_headers"`
	Event        *vectorEvent      `json:"event"`
}

type vectorEvent struct {
	DeliveryID string `json:"delivery_id"`
	Type       string `json:"type"`
	Subject    string `json:"subject"`
	ObjectType string `json:"object_type"`
	ObjectID   string `json:"object_id"`
	Action     string `json:"action"`
	Time       string `json:"time"`
}

// loadVectors reads every vector file.
func loadVectors(t testing.TB) []vectorFile {
	names, err := filepath.Glob(filepath.Join("testdata", "vectors", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	var out []vectorFile
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		var f vectorFile
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if f.Provider == "" || len(f.Cases) == 0 {
			t.Fatalf("%s: no provider or no cases", n)
		}
		out = append(out, f)
	}
	return out
}

// vectorTime parses a case's "now": RFC 3339 or unix seconds.
func vectorTime(t testing.TB, s string) time.Time {
	if s == "" {
		return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if tt, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return tt
	}
	tt, err := parseTime(s, unitSeconds)
	if err != nil {
		t.Fatalf("bad now %q", s)
	}
	return tt
}

// runVector builds a Verifier for the case and runs its request.
func runVector(t *testing.T, provider string, c vectorCase) {
	now := vectorTime(t, c.Now)
	cfg := Config{Provider: provider, Secrets: c.Secrets, Options: c.Options, MaxBody: c.MaxBody,
		Dedup: -1, Now: func() time.Time { return now }}
	if c.Tolerance != "" {
		d, err := ParseDuration(c.Tolerance)
		if err != nil {
			t.Fatalf("bad tolerance %q", c.Tolerance)
		}
		cfg.Tolerance = d
	}
	v, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	body := c.Body
	if c.BodyBase64 != "" {
		b, err := base64.StdEncoding.DecodeString(c.BodyBase64)
		if err != nil {
			t.Fatal(err)
		}
		body = string(b)
	}
	method, url := c.Method, c.URL
	if method == "" {
		method = "POST"
	}
	if url == "" {
		url = "/hooks/" + provider
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, url, rd)
	for k, val := range c.Headers {
		r.Header.Set(k, val)
	}
	o, err := v.Inspect(r)
	got := "ok"
	status := 200
	if err != nil {
		got = Reason(err)
		status = v.Status(err)
		// No error text may carry a configured secret.
		for _, s := range c.Secrets {
			if len(s) >= 4 && strings.Contains(err.Error(), s) {
				t.Errorf("error text carries a secret: %v", err)
			}
		}
	} else if o.Handshake {
		got = "handshake"
		status = o.Reply.Status
	}
	if got != c.Want {
		t.Fatalf("got %s (err %v), want %s", got, err, c.Want)
	}
	if c.Status != 0 && status != c.Status {
		t.Errorf("status %d, want %d", status, c.Status)
	}
	if got == "handshake" {
		if c.ReplyBody != "" && string(o.Reply.Body) != c.ReplyBody {
			t.Errorf("reply body %q, want %q", o.Reply.Body, c.ReplyBody)
		}
		for k, want := range c.ReplyHeaders {
			if o.Reply.Header.Get(k) != want {
				t.Errorf("reply header %s = %q, want %q", k, o.Reply.Header.Get(k), want)
			}
		}
	}
	if got == "ok" && c.Event != nil {
		ev, want := o.Event, c.Event
		check := func(name, got, want string) {
			if want != "" && got != want {
				t.Errorf("event %s = %q, want %q", name, got, want)
			}
		}
		check("delivery id", ev.DeliveryID, want.DeliveryID)
		check("type", ev.Type, want.Type)
		check("subject", ev.Subject, want.Subject)
		check("object type", ev.ObjectType, want.ObjectType)
		check("object id", ev.ObjectID, want.ObjectID)
		check("action", ev.Action, want.Action)
		if want.Time != "" {
			check("time", ev.Time.UTC().Format(time.RFC3339), want.Time)
		}
	}
}

// TestVectors runs every known-answer case of testdata/vectors.
func TestVectors(t *testing.T) {
	for _, f := range loadVectors(t) {
		f := f
		for _, name := range append([]string{f.Provider}, f.Also...) {
			name := name
			t.Run(name, func(t *testing.T) {
				for _, c := range f.Cases {
					c := c
					t.Run(c.Name, func(t *testing.T) { runVector(t, name, c) })
				}
			})
		}
	}
}

// TestEveryProviderHasVectors keeps the table and the vector files in step.
func TestEveryProviderHasVectors(t *testing.T) {
	have := map[string]bool{}
	for _, f := range loadVectors(t) {
		have[f.Provider] = true
		for _, a := range f.Also {
			have[a] = true
		}
	}
	for _, p := range Providers() {
		if !have[p] {
			t.Errorf("provider %s has no testdata/vectors file", p)
		}
	}
}
