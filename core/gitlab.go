package core

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// GitLab header names.
const (
	HeaderGitLabToken          = "X-Gitlab-Token"
	HeaderGitLabEvent          = "X-Gitlab-Event"
	HeaderGitLabEventUUID      = "X-Gitlab-Event-UUID"
	HeaderGitLabIdempotencyKey = "Idempotency-Key"
)

var gitlabSpec = spec{
	builder:    newGitLab,
	scheme:     "X-Gitlab-Token compared in constant time; with a whsec_ signing token: webhook-signature v1,base64 HMAC-SHA256(id.timestamp.body) (Standard Webhooks), 5 min window",
	secret:     "secret token, and/or whsec_ signing token",
	sigHeaders: []string{"X-Gitlab-Token", "Webhook-Signature"},
}

// GitLab authenticates webhooks in one of two ways, chosen by the form of
// each configured secret:
//
//   - a secret starting with "whsec_" is a signing token (GitLab's HMAC
//     signing token, "whsec_" + base64 of a 32-byte key): deliveries must then
//     carry a Standard Webhooks signature (webhook-id, webhook-timestamp,
//     webhook-signature: v1,<base64 HMAC-SHA256(key, id.timestamp.body)>),
//     checked with a 5-minute window both ways;
//   - any other secret is a secret token, which GitLab sends in plain text in
//     X-Gitlab-Token; it is compared in constant time.
//
// When signing tokens are configured a delivery without a valid signature is
// refused (no downgrade to the plain token), and when secret tokens are
// configured too, X-Gitlab-Token must also match. The delivery id is
// Idempotency-Key (the same across retries; = webhook-id), else
// X-Gitlab-Event-UUID. X-Gitlab-Token is removed before forwarding.
// No options.
type gitlab struct {
	tokens  []string
	signing [][]byte
	tol     time.Duration
}

func newGitLab(c *Config) (Provider, error) {
	if len(c.Secrets) == 0 {
		return nil, fmt.Errorf("%s: %w: at least one secret token or whsec_ signing token is required", c.Provider, ErrEmptySecret)
	}
	p := &gitlab{tol: tolerance(c, 5*time.Minute)}
	for i, s := range c.Secrets {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil, fmt.Errorf("%s: %w: secret #%d is empty", c.Provider, ErrEmptySecret, i+1)
		}
		if strings.HasPrefix(s, "whsec_") {
			k, err := keyBytes(s, "base64", "whsec_")
			if err != nil {
				return nil, fmt.Errorf("%s: secret #%d (signing token): %w", c.Provider, i+1, err)
			}
			p.signing = append(p.signing, k)
			continue
		}
		p.tokens = append(p.tokens, s)
	}
	return p, nil
}

func (p *gitlab) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	ev := &Event{}
	if len(p.signing) > 0 {
		id, t, err := verifySW(r, p.signing, p.tol)
		if err != nil {
			return nil, err
		}
		ev.DeliveryID = id
		ev.Time = t
	} else {
		ev.bodyKey(r.Body) // a token: the body is all there is to key on
	}
	if len(p.tokens) > 0 {
		if err := checkToken(p.tokens, r.Header.Get(HeaderGitLabToken)); err != nil {
			return nil, err
		}
	}
	if k := firstHeader(r.Header, HeaderGitLabIdempotencyKey, HeaderGitLabEventUUID); k != "" && ev.DeliveryID == "" {
		ev.DeliveryID = k
	}
	ev.Type = r.Header.Get(HeaderGitLabEvent) // "Push Hook", "Merge Request Hook"
	ev.unsignedType()
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		kind := firstField(m, "object_kind", "event_name")
		if ev.Type == "" {
			ev.Type = kind
		}
		ev.ObjectType = kind
		ev.ObjectID = field(m, "object_attributes.id")
		ev.Action = actionOf(field(m, "object_attributes.action"), field(m, "event_name"), kind)
		ev.Subject = firstField(m, "project.path_with_namespace", "group.full_path")
		ev.Time = timeField(m, "object_attributes.updated_at")
	}
	return &Result{Event: ev}, nil
}
