package core

import (
	"strings"
)

// Jira header names.
const (
	HeaderJiraSignature  = "X-Hub-Signature"
	HeaderJiraIdentifier = "X-Atlassian-Webhook-Identifier"
)

// Jira Cloud: X-Hub-Signature = "sha256=" hex HMAC-SHA256 of the raw body,
// keyed with the webhook secret (webhooks registered without a secret are
// unsigned and are refused). No timestamp is signed. The delivery id is
// X-Atlassian-Webhook-Identifier (the same across retries). No options.
var jiraSpec = bodyMACSpec(spec{
	scheme: "X-Hub-Signature: sha256=hex HMAC-SHA256(body)",
	secret: "webhook secret",
}, bodyMACScheme{headers: []string{HeaderJiraSignature}, alg: "sha256", enc: "hex", prefix: "sha256="}, jiraEvent)

func jiraEvent(r *Request, ev *Event) (*Reply, error) {
	ev.DeliveryID = r.Header.Get(HeaderJiraIdentifier)
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.Type = field(m, "webhookEvent") // "jira:issue_updated"
		ev.Time = timeField(m, "timestamp")
		word := ev.Type
		if i := strings.LastIndex(word, ":"); i >= 0 {
			word = word[i+1:]
		}
		if i := strings.LastIndex(word, "_"); i >= 0 {
			ev.ObjectType = word[:i]
			ev.Action = actionOf(word[i+1:])
		}
		for _, k := range []string{"comment", "worklog", "sprint", "version", "project", "issue"} {
			if id := field(m, k+".id"); id != "" {
				ev.ObjectType, ev.ObjectID = k, id
				break
			}
		}
		ev.Subject = firstField(m, "issue.key", "issue.fields.project.key", "project.key")
	}
	return nil, nil
}
