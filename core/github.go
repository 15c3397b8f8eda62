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
	build:      newGitHub,
	handshake:  "ping event (verified, forwarded)",
	scheme:     "X-Hub-Signature-256: sha256=hex HMAC-SHA256(body)",
	secret:     "webhook secret",
	sigHeaders: []string{"X-Hub-Signature-256", "X-Hub-Signature"},
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
	return &github{keys: keys, allowSHA1: option(c, "allow_sha1") == "true"}, nil
}

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

// githubTypeMismatch returns the member that shows the payload is of
// another type than typ ("" when it agrees, or does not tell): typ's own
// member is absent and another type's is present.
func githubTypeMismatch(typ string, m map[string]interface{}) string {
	own, ok := githubTypeMember[typ]
	if !ok {
		return ""
	}
	if _, has := m[own]; has {
		return ""
	}
	for _, k := range sortedKeys(m) {
		for _, member := range githubTypeMember {
			if k == member {
				return k
			}
		}
	}
	return ""
}

func (p *github) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	sigs := r.Header.Values(HeaderGitHubSignature256)
	var err error
	if len(sigs) == 0 && p.allowSHA1 {
		err = anyMAC(sha1.New, p.keys, "hex", "sha1=", r.Header.Values(HeaderGitHubSignature), r.Body)
	} else {
		err = anyMAC(sha256.New, p.keys, "hex", "sha256=", sigs, r.Body)
	}
	if err != nil {
		return nil, err
	}
	ev := &Event{
		DeliveryID: r.Header.Get(HeaderGitHubDelivery),
		Type:       r.Header.Get(HeaderGitHubEvent),
	}
	ev.ObjectType = ev.Type
	body := r.Body
	if mediaType(r.Header.Get("Content-Type")) == "application/x-www-form-urlencoded" {
		// GitHub's form content type carries the JSON in a "payload" field.
		if vals, perr := parseQuery(string(body)); perr == nil && vals.Get("payload") != "" {
			body = []byte(vals.Get("payload"))
		}
	}
	ev.unsignedType() // X-GitHub-Event is not signed
	if m, perr := decodeJSONObject(body); perr == nil {
		// Where the payload tells its type, the header must agree: a signed
		// "issues" payload re-sent as "release" is refused.
		if other := githubTypeMismatch(ev.Type, m); other != "" {
			return nil, fmt.Errorf("%w: X-GitHub-Event %s on a payload with %s and no %s", ErrMalformedPayload,
				safeToken(ev.Type, 64), other, githubTypeMember[ev.Type])
		}
		ev.Payload = m
		act := field(m, "action")
		ev.Action = actionOf(act, ev.Type)
		ev.Subject = field(m, "repository.full_name")
		if ev.Subject == "" {
			ev.Subject = field(m, "organization.login")
		}
		for _, k := range []string{"issue", "pull_request", "release", "discussion", "comment", "check_run", "workflow_run"} {
			if id := field(m, k+".id"); id != "" {
				ev.ObjectType, ev.ObjectID = k, id
				break
			}
		}
		if strings.HasPrefix(mediaType(r.Header.Get("Content-Type")), "application/x-www-form") {
			ev.Data = body
		}
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
