package core

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/internal/vectortest"
)

// Replay keys come from signed material (issue #11, points 3 and 4;
// design.md "Replay keys come from signed material"). For every provider,
// every genuine vector delivery is captured and sent again with only
// unsigned parts changed: verbatim, with each id-like header changed or
// dropped, with any type header changed, and (where the body is not what is
// signed) with whitespace added. Each copy must be refused or treated as a
// duplicate; none may be forwarded as a new delivery.

// notificationStyle providers send identical bodies for distinct
// notifications ("something changed, fetch it"): a verbatim copy is not a
// replay they can be protected from.
var notificationStyle = map[string]bool{"dropbox": true, "microsoft_graph": true, "google_drive": true}

// unsignedBody providers authenticate with a token, not a signature over
// the body: whoever holds a capture holds the token and can write any body,
// so an edited body is a forgery no replay key can tell (see docs/security.md).
var unsignedBody = map[string]bool{
	"auth0": true, "azure_event_grid": true, "cloudevents": true, "figma": true, "google_drive": true,
	"mailchimp": true, "microsoft_graph": true, "okta": true, "orbit": true, "pipedrive": true,
	"postmark": true, "salesforce": true, "vmware": true,
}

// bodyUnsigned: the case authenticates with a token (Buildkite's and
// GitLab's token modes), or is Notion's unsigned one-time verification POST.
func bodyUnsigned(provider string, c vectortest.Case, body string) bool {
	if unsignedBody[provider] || notificationStyle[provider] {
		return true
	}
	for k := range c.Headers {
		if strings.EqualFold(k, "X-Buildkite-Token") || strings.EqualFold(k, "X-Gitlab-Token") {
			return true
		}
	}
	return provider == "notion" && strings.Contains(body, `"verification_token"`)
}

func idLike(h string) bool {
	h = strings.ToLower(h)
	for _, w := range []string{"id", "delivery", "uuid", "request", "idempot", "identifier", "invocation", "nonce", "retry", "attempt"} {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}

func typeLike(h string) bool {
	h = strings.ToLower(h)
	for _, w := range []string{"event", "topic", "type", "resource", "trigger", "action"} {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}

// replayCopies returns the unsigned variants of a captured delivery.
func replayCopies(provider string, c vectortest.Case, body string) map[string]map[string]string {
	out := map[string]map[string]string{}
	clone := func() map[string]string {
		h := map[string]string{}
		for k, v := range c.Headers {
			h[k] = v
		}
		return h
	}
	if !notificationStyle[provider] {
		out["verbatim"] = clone()
	}
	names := make([]string, 0, len(c.Headers))
	for k := range c.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if strings.EqualFold(k, "Content-Type") || strings.Contains(strings.ToLower(k), "signature") {
			continue
		}
		if idLike(k) {
			h := clone()
			h[k] = "attacker-" + c.Headers[k] + "-2"
			out[k+" changed"] = h
			h = clone()
			delete(h, k)
			out[k+" dropped"] = h
		}
		if typeLike(k) && !idLike(k) {
			h := clone()
			h[k] = "release"
			out[k+" changed"] = h
		}
	}
	return out
}

func TestReplayCopiesAreNotForwarded(t *testing.T) {
	for _, f := range loadVectors(t) {
		f := f
		for _, name := range append([]string{f.Provider}, f.Also...) {
			name := name
			t.Run(name, func(t *testing.T) {
				for _, c := range f.Cases {
					c := c
					if c.Want != "ok" {
						continue
					}
					t.Run(c.Name, func(t *testing.T) { checkReplays(t, name, c) })
				}
			})
		}
	}
}

func checkReplays(t *testing.T, provider string, c vectortest.Case) {
	if notificationStyle[provider] {
		return
	}
	now := caseTime(t, c)
	cfg := Config{Provider: provider, Secrets: c.Secrets, Options: c.Options, MaxBody: c.MaxBody, Now: func() time.Time { return now }}
	if c.Tolerance != "" {
		d, _ := ParseDuration(c.Tolerance)
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
	o, err := v.Inspect(c.Request(provider, body, c.Headers))
	if err != nil {
		t.Fatalf("original: %v", err)
	}
	if o.Handshake {
		return
	}
	if o.Duplicate {
		t.Fatalf("original taken for a duplicate")
	}
	v.Finish(o, true)
	type copyReq struct {
		name, body string
		h          map[string]string
	}
	var copies []copyReq
	for n, h := range replayCopies(provider, c, body) {
		copies = append(copies, copyReq{n, body, h})
	}
	if !bodyUnsigned(provider, c, body) && strings.HasPrefix(strings.TrimSpace(body), "{") {
		copies = append(copies, copyReq{"whitespace in the JSON", " " + body, c.Headers})
	}
	for _, cp := range copies {
		o, err := v.Inspect(c.Request(provider, cp.body, cp.h))
		if err != nil || o.Handshake || o.Duplicate {
			continue
		}
		t.Errorf("%s: forwarded as a new delivery", cp.name)
		v.Finish(o, true)
	}
}

// GitHub signs the body only: X-GitHub-Event is not signed. A captured
// issues payload re-sent as "release" was forwarded and re-signed as
// github.release; the forwarded event now says where its type came from.
func TestGitHubTypeFromUnsignedHeader(t *testing.T) {
	v, err := New(Config{Provider: "github", Secrets: []string{"s"}})
	if err != nil {
		t.Fatal(err)
	}
	issue := `{"action":"opened","issue":{"id":7,"number":1},"repository":{"full_name":"o/r"}}`
	r := githubRequest("s", "d-1", issue)
	r.Header.Set(HeaderGitHubEvent, "release")
	if _, err := v.Inspect(r); Reason(err) != "malformed_payload" {
		t.Fatalf("issues payload as release: %v, want malformed_payload", err)
	}
	r = githubRequest("s", "d-1", issue)
	r.Header.Set(HeaderGitHubEvent, "issues")
	o, err := v.Inspect(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(o.Body), `"typesource":"header"`) || o.Header.Get(HeaderTypeSource) != "header" {
		t.Fatalf("forwarded event does not say its type is unsigned: %s %v", o.Body, o.Header)
	}
	v.Finish(o, true)
	// The same body with a new delivery id and any type is a duplicate.
	for _, typ := range []string{"issues", "release", "made_up"} {
		r = githubRequest("s", "d-2-"+typ, issue)
		r.Header.Set(HeaderGitHubEvent, typ)
		if o, err := v.Inspect(r); err == nil && !o.Duplicate {
			t.Errorf("replay as %s with a new delivery id: forwarded", typ)
		}
	}
}

// githubMembers and githubPaths are literals kept equal to what they list.
func TestGitHubTypeMembers(t *testing.T) {
	seen := map[string]bool{}
	var want []string
	for _, m := range githubTypeMember {
		if !seen[m] {
			seen[m] = true
			want = append(want, m)
		}
	}
	sort.Strings(want)
	if strings.Join(want, ",") != strings.Join(githubMembers, ",") {
		t.Fatalf("githubMembers = %v, want %v", githubMembers, want)
	}
	if strings.Join(githubPaths, ",") != strings.Join(append(append([]string{}, githubFields...), githubMembers...), ",") {
		t.Fatalf("githubPaths = %v", githubPaths)
	}
}
