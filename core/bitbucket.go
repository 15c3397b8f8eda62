package core

import (
	"strings"
)

// Bitbucket header names.
const (
	HeaderBitbucketSignature = "X-Hub-Signature"
	HeaderBitbucketRequestID = "X-Request-UUID"
	HeaderBitbucketEvent     = "X-Event-Key"
)

// Bitbucket Cloud (and Data Center with a secret): X-Hub-Signature =
// "sha256=" hex HMAC-SHA256 of the raw body, keyed with the webhook secret.
// No timestamp is signed. The delivery id is X-Request-UUID (Cloud), the type
// X-Event-Key ("repo:push", "pullrequest:created"). No options.
var bitbucketSpec = bodyMACSpec(spec{
	scheme: "X-Hub-Signature: sha256=hex HMAC-SHA256(body)",
	secret: "webhook secret",
}, bodyMACScheme{headers: []string{HeaderBitbucketSignature}, alg: "sha256", enc: "hex", prefix: "sha256="}, bitbucketEvent)

func bitbucketEvent(r *Request, ev *Event) (*Reply, error) {
	ev.DeliveryID = firstHeader(r.Header, HeaderBitbucketRequestID)
	ev.Type = r.Header.Get(HeaderBitbucketEvent)
	ev.unsignedType()
	if i := strings.Index(ev.Type, ":"); i > 0 {
		ev.ObjectType = ev.Type[:i]
		ev.Action = actionOf(ev.Type[i+1:])
	}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.Subject = field(m, "repository.full_name")
		if id := field(m, "pullrequest.id"); id != "" {
			ev.ObjectType, ev.ObjectID = "pullrequest", id
		} else if id := field(m, "issue.id"); id != "" {
			ev.ObjectType, ev.ObjectID = "issue", id
		} else {
			ev.ObjectID = field(m, "repository.uuid")
		}
	}
	return nil, nil
}
