package core

import (
	"time"
)

// HeaderTikTokSignature is the signature header.
const HeaderTikTokSignature = "Tiktok-Signature"

// TikTok: TikTok-Signature: t=<unix>,s=<hex HMAC-SHA256(client secret,
// t.body)>.
var tiktokSpec = tv1Spec(spec{
	scheme: "TikTok-Signature: t=,s=hex HMAC-SHA256(t.body), 5 min window (window unconfirmed)",
	secret: "app client secret",
}, stripeLike(HeaderTikTokSignature, "s", 5*time.Minute), fromJSON(jsonFields{
	typ: "event", split: true, subject: []string{"user_openid"}, time: "create_time",
}))
