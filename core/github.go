package core

import (
	"crypto/sha1"
	"crypto/sha256"
	"fmt"
	"net/http"
	"strings"
)

// GitHub header names.
const (
	HeaderGitHubSignature256 = "X-Hub-Signature-256"
	HeaderGitHubSignature    = "X-Hub-Signature"
	HeaderGitHubDelivery     = "X-GitHub-Delivery"
	HeaderGitHubEvent        = "X-GitHub-Event"
)

var githubSpec = spec{
	builder:    newGitHub,
	handshake:  "ping event (verified, forwarded)",
	scheme:     "X-Hub-Signature-256: sha256=hex HMAC-SHA256(body)",
	secret:     "webhook secret",
	sigHeaders: []string{"X-Hub-Signature-256", "X-Hub-Signature"},
	options: []OptionInfo{
		{"allow_sha1", OptionBool, "also accept the legacy X-Hub-Signature (HMAC-SHA1) when X-Hub-Signature-256 is absent"},
	},
}

// GitHub signs the raw body with HMAC-SHA256 (X-Hub-Signature-256:
// sha256=<hex>). The SHA-1 header is accepted only with option allow_sha1.
type github struct {
	keys      [][]byte
	allowSHA1 bool
}

func newGitHub(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	sha1OK, err := boolOption(c, "allow_sha1")
	if err != nil {
		return nil, err
	}
	return &github{keys: keys, allowSHA1: sha1OK}, nil
}

// githubFields are what GitHub's Verify reads from the payload: the action,
// the subject, then the object kinds whose id names the object, in order.
var githubFields = []string{"action", "repository.full_name", "organization.login",
	"issue.id", "pull_request.id", "release.id", "discussion.id", "comment.id", "check_run.id", "workflow_run.id"}

// githubTypeMember is the member a payload of each event type always holds
// (docs.github.com "Webhook events and payloads").
var githubTypeMember = map[string]string{
	"issues": "issue", "issue_comment": "comment", "pull_request": "pull_request",
	"pull_request_review": "review", "pull_request_review_comment": "comment",
	"pull_request_review_thread": "thread", "release": "release", "push": "pusher",
	"create": "ref_type", "delete": "ref_type", "fork": "forkee", "ping": "hook_id",
	"workflow_run": "workflow_run", "workflow_job": "workflow_job", "check_run": "check_run",
	"check_suite": "check_suite", "deployment": "deployment", "deployment_status": "deployment_status",
	"discussion": "discussion", "discussion_comment": "comment", "commit_comment": "comment",
	"milestone": "milestone", "label": "label", "gollum": "pages", "star": "starred_at",
	"workflow_dispatch": "workflow", "merge_group": "merge_group", "package": "package",
	"registry_package": "registry_package", "dependabot_alert": "alert",
	"code_scanning_alert": "alert", "secret_scanning_alert": "alert", "status": "state",
	"member": "member",
}

// githubMembers are the values of githubTypeMember, sorted, once each
// (TestGitHubTypeMembers); githubPaths are githubFields, then those.
// Literals: Yaegi mis-initializes a package var from a func literal call.
var githubMembers = []string{"alert", "check_run", "check_suite", "comment", "deployment", "deployment_status", "discussion", "forkee", "hook_id", "issue", "label", "member", "merge_group", "milestone", "package", "pages", "pull_request", "pusher", "ref_type", "registry_package", "release", "review", "starred_at", "state", "thread", "workflow", "workflow_job", "workflow_run"}

var githubPaths = []string{"action", "repository.full_name", "organization.login",
	"issue.id", "pull_request.id", "release.id", "discussion.id", "comment.id", "check_run.id", "workflow_run.id",
	"alert", "check_run", "check_suite", "comment", "deployment", "deployment_status", "discussion", "forkee", "hook_id", "issue", "label", "member", "merge_group", "milestone", "package", "pages", "pull_request", "pusher", "ref_type", "registry_package", "release", "review", "starred_at", "state", "thread", "workflow", "workflow_job", "workflow_run"}

// githubTypeMismatch returns the member that shows the payload is of
// another type than typ ("" when it agrees, or does not tell): typ's own
// member is absent and another type's is present. f are the values of
// githubPaths.
func githubTypeMismatch(typ string, f [][]byte) string {
	own, ok := githubTypeMember[typ]
	if !ok {
		return ""
	}
	n := len(githubFields)
	for i, m := range githubMembers {
		if m == own && f[n+i] != nil {
			return ""
		}
	}
	for i, m := range githubMembers {
		if f[n+i] != nil {
			return m
		}
	}
	return ""
}

// verifyHubSignature checks X-Hub-Signature-256 (sha256=hex HMAC-SHA256 of
// the body), or, when allowSHA1 and that header is absent, the legacy
// X-Hub-Signature (sha1=): GitHub's scheme, which Meta uses too.
func verifyHubSignature(r *Request, keys [][]byte, allowSHA1 bool) error {
	sigs := r.Header.Values(HeaderGitHubSignature256)
	if len(sigs) == 0 && allowSHA1 {
		return anyMAC(sha1.New, keys, "hex", "sha1=", r.Header.Values(HeaderGitHubSignature), r.Body)
	}
	return anyMAC(sha256.New, keys, "hex", "sha256=", sigs, r.Body)
}

func (p *github) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if err := verifyHubSignature(r, p.keys, p.allowSHA1); err != nil {
		return nil, err
	}
	ev := &Event{
		DeliveryID: r.Header.Get("X-Github-Delivery"), // canonical: Get need not rewrite it
		Type:       r.Header.Get("X-Github-Event"),
	}
	ev.ObjectType = ev.Type
	body := r.Body
	ev.MediaType = mediaType(r.Header.Get("Content-Type"))
	form := ev.MediaType == "application/x-www-form-urlencoded"
	if form {
		// GitHub's form content type carries the JSON in a "payload" field.
		if vals, perr := parseQuery(string(body)); perr == nil && vals.Get("payload") != "" {
			body = []byte(vals.Get("payload"))
		}
	}
	ev.unsignedType() // X-GitHub-Event is not signed
	if f := pickJSON(body, githubPaths); f != nil {
		// Where the payload tells its type, the header must agree: a signed
		// "issues" payload re-sent as "release" is refused.
		if other := githubTypeMismatch(ev.Type, f); other != "" {
			return nil, fmt.Errorf("%w: X-GitHub-Event %s on a payload with %s and no %s", ErrMalformedPayload,
				safeToken(ev.Type, 64), other, githubTypeMember[ev.Type])
		}
		ev.isJSON = true
		ev.Action = actionOf(jsonString(f[0]), ev.Type)
		ev.Subject = jsonString(f[1])
		if ev.Subject == "" {
			ev.Subject = jsonString(f[2])
		}
		for i := 3; i < len(githubFields); i++ {
			if len(f[i]) == 0 {
				continue
			}
			if id := jsonString(f[i]); id != "" {
				ev.ObjectType = strings.TrimSuffix(githubFields[i], ".id")
				ev.ObjectID = id
				break
			}
		}
		if form {
			ev.Data = body
		}
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
