package core

import (
	"strconv"
	"strings"
)

// DocuSign Connect sends one X-DocuSign-Signature-<n> header (n = 1..100) per
// active Connect HMAC key.
const (
	HeaderDocuSignSignaturePrefix = "X-Docusign-Signature-"
	docuSignMaxSignatures         = 100
)

// DocuSign Connect (HMAC): each X-DocuSign-Signature-<n> is the base64
// HMAC-SHA256 of the raw body keyed with one Connect HMAC key; a delivery
// passes when any header matches any configured key. No delivery id is
// documented (unconfirmed), so deliveries are not deduplicated.
var docusignSpec = bodyMACSpec(spec{
	scheme: "X-DocuSign-Signature-1..100: base64 HMAC-SHA256(body), any header with any key",
	secret: "Connect HMAC key(s)",
}, bodyMACScheme{headers: docuSignHeaders(), alg: "sha256", enc: "base64"}, docusignEvent)

// docuSignHeaders lists the signature headers: each is tried, and all are
// removed before forwarding.
func docuSignHeaders() []string {
	out := make([]string, 0, docuSignMaxSignatures)
	for i := 1; i <= docuSignMaxSignatures; i++ {
		out = append(out, HeaderDocuSignSignaturePrefix+strconv.Itoa(i))
	}
	return out
}

func docusignEvent(r *Request, ev *Event) (*Reply, error) {
	m := jsonBody(r, ev)
	if m == nil {
		return nil, nil
	}
	ev.Type = field(m, "event")
	if i := strings.Index(ev.Type, "-"); i > 0 {
		ev.ObjectType = ev.Type[:i]
		ev.Action = actionOf(ev.Type[i+1:])
	}
	ev.ObjectID = field(m, "data.envelopeId")
	if ev.ObjectID != "" && ev.ObjectType == "" {
		ev.ObjectType = "envelope"
	}
	ev.Subject = field(m, "data.accountId")
	ev.Time = timeField(m, "generatedDateTime")
	return nil, nil
}
