package core

// HeaderWebexSignature is the signature header.
const HeaderWebexSignature = "X-Spark-Signature"

var webexSpec = bodyMACSpec(spec{
	scheme:  "X-Spark-Signature: hex HMAC-SHA1(body)",
	secret:  "webhook secret",
	aliases: []string{"cisco_webex", "spark"},
}, bodyMACScheme{headers: []string{HeaderWebexSignature}, alg: "sha1", enc: "hex"}, extractWebex)

// Webex (formerly Cisco Spark): X-Spark-Signature, hex HMAC-SHA1 of the body
// with the webhook's secret.
func extractWebex(r *Request, ev *Event) (*Reply, error) {
	m := jsonBody(r, ev)
	if m == nil {
		return nil, nil
	}
	res, act := field(m, "resource"), field(m, "event")
	ev.Type = res
	if act != "" {
		ev.Type = res + "." + act
	}
	ev.ObjectType = res
	ev.Action = actionOf(act)
	ev.ObjectID = field(m, "data.id")
	ev.Subject = field(m, "orgId")
	ev.Time = timeField(m, "created")
	return nil, nil
}
