// Package vectortest reads the known-answer vector files of
// core/testdata/vectors, for core's own tests and for the reliability tests
// that replay them through the adapters. It uses the standard library only
// (core's tests load it under Yaegi too) and does not import core.
package vectortest

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// File is one vector file: the known-answer cases of a provider.
type File struct {
	Provider string   `json:"provider"`
	Also     []string `json:"also"` // other provider names the same cases hold for
	Source   string   `json:"source"`
	Cases    []Case   `json:"cases"`
	// ConfigErrors are configurations the provider must refuse at start.
	ConfigErrors []ConfigError `json:"config_errors"`
}

// ConfigError is a configuration core.New must refuse. Want is
// "empty_secret" or "bad_config" (core.ErrEmptySecret, core.ErrBadConfig);
// Mention is a substring the error must hold (the field at fault).
type ConfigError struct {
	Name     string            `json:"name"`
	Provider string            `json:"provider"` // another name of the file's provider, when set
	Secrets  []string          `json:"secrets"`
	Options  map[string]string `json:"options"`
	Want     string            `json:"want"`
	Mention  string            `json:"mention"`
}

// Case is one request and what core must answer. Want is "ok" (a verified
// event), "handshake" (answered at the edge) or the core.Reason name of the
// expected error ("signature_mismatch", "stale_timestamp", ...).
type Case struct {
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
	Event        *Event            `json:"event"`
}

// Event is what a verified case's event must hold (empty fields are not checked).
type Event struct {
	DeliveryID string `json:"delivery_id"`
	Type       string `json:"type"`
	Subject    string `json:"subject"`
	ObjectType string `json:"object_type"`
	ObjectID   string `json:"object_id"`
	Action     string `json:"action"`
	Time       string `json:"time"`
}

// Load reads every vector file of dir, sorted by name.
func Load(dir string) ([]File, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, errors.New("no vector files in " + dir)
	}
	sort.Strings(names)
	var out []File
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		var f File
		if err := json.Unmarshal(b, &f); err != nil {
			return nil, fmt.Errorf("%s: %v", n, err)
		}
		if f.Provider == "" || len(f.Cases) == 0 {
			return nil, fmt.Errorf("%s: no provider or no cases", n)
		}
		out = append(out, f)
	}
	return out, nil
}

// DefaultNow is the clock of a case that gives none.
var DefaultNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Time is the case's clock: RFC 3339 or unix seconds.
func (c Case) Time() (time.Time, error) {
	if c.Now == "" {
		return DefaultNow, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, c.Now); err == nil {
		return t, nil
	}
	n, err := strconv.ParseInt(c.Now, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad now %q", c.Now)
	}
	return time.Unix(n, 0).UTC(), nil
}

// Payload is the case's body (body, or body_base64 decoded).
func (c Case) Payload() (string, error) {
	if c.BodyBase64 == "" {
		return c.Body, nil
	}
	b, err := base64.StdEncoding.DecodeString(c.BodyBase64)
	if err != nil {
		return "", fmt.Errorf("body_base64: %v", err)
	}
	return string(b), nil
}

// Request builds the case's request for provider with the given body and
// headers (callers pass c.Headers, or a variant of them).
func (c Case) Request(provider, body string, headers map[string]string) *http.Request {
	method, url := c.Method, c.URL
	if method == "" {
		method = http.MethodPost
	}
	if url == "" {
		url = "/hooks/" + provider
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, url, rd)
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	return r
}
