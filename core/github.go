package core

import (
	"crypto/sha1"
	"crypto/sha256"
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
	if f := pickJSON(body, githubFields); f != nil {
		ev.isJSON = true
		ev.Action = actionOf(jsonString(f[0]), ev.Type)
		ev.Subject = jsonString(f[1])
		if ev.Subject == "" {
			ev.Subject = jsonString(f[2])
		}
		for i := 3; i < len(f); i++ {
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
	return &Result{Event: ev}, nil
}
