package reliability

import (
	"encoding/base64"
	"encoding/hex"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/internal/vectortest"

	"github.com/hookstile/hookstile/internal/provsign"
)

// The known-answer vectors of core/testdata/vectors (package vectortest).

func loadVectors(t testing.TB) []vectortest.File {
	t.Helper()
	files, err := vectortest.Load(filepath.Join("..", "core", "testdata", "vectors"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// vectorsByProvider maps every provider name (and each "also" name) to its cases.
func vectorsByProvider(t testing.TB) map[string][]vectortest.Case {
	m := map[string][]vectortest.Case{}
	for _, f := range loadVectors(t) {
		for _, n := range append([]string{f.Provider}, f.Also...) {
			m[n] = append(m[n], f.Cases...)
		}
	}
	return m
}

// caseBody is the case's body.
func caseBody(t testing.TB, c vectortest.Case) string {
	b, err := c.Payload()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// caseConfig is the core configuration of the case, with the given secrets.
func caseConfig(t testing.TB, c vectortest.Case, provider string, secrets []string) core.Config {
	now, err := c.Time()
	if err != nil {
		t.Fatal(err)
	}
	cfg := core.Config{Provider: provider, Secrets: secrets, Options: c.Options, MaxBody: c.MaxBody,
		Dedup: -1, Now: func() time.Time { return now }}
	if c.Tolerance != "" {
		d, err := core.ParseDuration(c.Tolerance)
		if err != nil {
			t.Fatalf("bad tolerance %q", c.Tolerance)
		}
		cfg.Tolerance = d
	}
	return cfg
}

// secretForms are the ways a secret could leak: as given, and encoded.
func secretForms(s string) []string {
	out := []string{s, hex.EncodeToString([]byte(s)), base64.StdEncoding.EncodeToString([]byte(s)),
		base64.RawURLEncoding.EncodeToString([]byte(s))}
	for _, p := range []string{"whsec_", "Bearer ", "sha256=", "v0="} {
		if strings.HasPrefix(s, p) && len(s)-len(p) >= 8 {
			rest := s[len(p):]
			out = append(out, rest)
			if b, err := base64.StdEncoding.DecodeString(rest); err == nil && len(b) >= 8 {
				out = append(out, string(b), hex.EncodeToString(b))
			}
		}
	}
	return out
}

// macForms are the MACs a provider could expect for a request signed with
// key over content: HMAC-SHA1/256/512, hex (both cases) and base64 (std,
// url, unpadded).
func macForms(key []byte, content string) []string {
	var out []string
	for _, alg := range []string{"sha1", "sha256", "sha512"} {
		x := provsign.MAC(alg, "hex", key, content)
		sum, _ := hex.DecodeString(x)
		out = append(out, x, strings.ToUpper(x), base64.StdEncoding.EncodeToString(sum),
			base64.RawStdEncoding.EncodeToString(sum), base64.RawURLEncoding.EncodeToString(sum))
	}
	return out
}

// signedContents are the byte sequences providers sign: the body, and the
// body joined with the request's header values the ways providers join them.
func signedContents(method, url, body string, header map[string]string) []string {
	out := []string{body, url + body}
	var vals []string
	for _, v := range header {
		if v != "" && len(v) < 200 {
			vals = append(vals, v)
		}
	}
	sort.Strings(vals)
	for _, v := range vals {
		out = append(out, v+"."+body, v+body, body+v, "v0:"+v+":"+body, v+":"+body)
		for _, w := range vals {
			out = append(out, v+"."+w+"."+body, v+"."+w+body)
		}
	}
	return out
}

// keyBytes are the byte strings a configured secret may be used as.
func keyBytes(s string) [][]byte {
	out := [][]byte{[]byte(s)}
	rest := strings.TrimPrefix(s, "whsec_")
	if b, err := base64.StdEncoding.DecodeString(rest); err == nil && len(b) > 0 {
		out = append(out, b)
	}
	if b, err := hex.DecodeString(s); err == nil && len(b) > 0 {
		out = append(out, b)
	}
	return out
}

// leakSet is the set of strings that must never show up in a log line or a
// response.
type leakSet struct {
	names map[string]string // string -> what it is
}

func newLeakSet() *leakSet { return &leakSet{names: map[string]string{}} }

func (l *leakSet) add(what string, vals ...string) {
	for _, v := range vals {
		if len(v) >= 8 {
			l.names[v] = what
		}
	}
}

func (l *leakSet) addSecret(what, s string) {
	l.add(what, secretForms(s)...)
}

func (l *leakSet) addMACs(what string, secrets []string, method, url, body string, header map[string]string) {
	contents := signedContents(method, url, body, header)
	for _, s := range secrets {
		for _, k := range keyBytes(s) {
			for _, c := range contents {
				l.add(what, macForms(k, c)...)
			}
		}
	}
}

// find returns what leaked in text, or "".
func (l *leakSet) find(text string) string {
	for v, what := range l.names {
		if strings.Contains(text, v) {
			return what + " " + strconv.Quote(clip(v))
		}
	}
	return ""
}

func clip(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}
