package core

import (
	"time"
)

// HeaderTikTokSignature is the signature header.
const HeaderTikTokSignature = "Tiktok-Signature"

var tiktokSpec = spec{
	build:      tv1Preset(stripeLike(HeaderTikTokSignature, "s"), 5*time.Minute, extractTikTok),
	scheme:     "TikTok-Signature: t=,s=hex HMAC-SHA256(t.body), 5 min window (window unconfirmed)",
	secret:     "app client secret",
	sigHeaders: []string{HeaderTikTokSignature},
}

// TikTok: TikTok-Signature: t=<unix>,s=<hex HMAC-SHA256(client secret,
// t.body)>.
func extractTikTok(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.Type = field(m, "event")
	ev.Subject = field(m, "user_openid")
	ev.ObjectType, ev.Action = splitType(ev.Type)
	if t := timeField(m, "create_time"); !t.IsZero() {
		ev.Time = t
	}
	return nil
}
