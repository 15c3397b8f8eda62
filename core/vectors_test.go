package core

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/internal/vectortest"
)

// The vector files are read by package vectortest (shared with the
// reliability tests, which replay them through the adapters).

// loadVectors reads every vector file.
func loadVectors(t testing.TB) []vectortest.File {
	files, err := vectortest.Load(filepath.Join("testdata", "vectors"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// caseTime is a case's clock.
func caseTime(t testing.TB, c vectortest.Case) time.Time {
	now, err := c.Time()
	if err != nil {
		t.Fatal(err)
	}
	return now
}

// runVector builds a Verifier for the case and runs its request.
func runVector(t *testing.T, provider string, c vectortest.Case) {
	now := caseTime(t, c)
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
	body, err := c.Payload()
	if err != nil {
		t.Fatal(err)
	}
	r := c.Request(provider, body, c.Headers)
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

// TestProviderConfigErrors runs every vector file's config_errors: New
// refuses each configuration with the wanted error, naming the field at
// fault and never echoing a secret.
func TestProviderConfigErrors(t *testing.T) {
	want := map[string]error{"empty_secret": ErrEmptySecret, "bad_config": ErrBadConfig}
	for _, f := range loadVectors(t) {
		f := f
		for _, c := range f.ConfigErrors {
			c := c
			t.Run(f.Provider+"/"+c.Name, func(t *testing.T) {
				provider := f.Provider
				if c.Provider != "" {
					provider = c.Provider
				}
				sentinel, ok := want[c.Want]
				if !ok {
					t.Fatalf("want %q: not a configuration error", c.Want)
				}
				_, err := New(Config{Provider: provider, Secrets: c.Secrets, Options: c.Options})
				if !errors.Is(err, sentinel) {
					t.Fatalf("New: %v, want %v", err, sentinel)
				}
				if !strings.Contains(err.Error(), c.Mention) {
					t.Errorf("error %q does not name %q", err, c.Mention)
				}
				for _, s := range c.Secrets {
					if len(s) >= 8 && strings.Contains(err.Error(), s) {
						t.Errorf("error carries the secret: %v", err)
					}
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
