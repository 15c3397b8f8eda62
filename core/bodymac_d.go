package core

import (
	"fmt"
	"strings"
)

// Group-D providers that sign the raw body with an HMAC in one header (the
// shared bodyMAC preset of bodymac.go). Each keeps only what tells it
// apart: header, algorithm, encoding, prefix, and the event fields it reads.
// The secrets are used verbatim as HMAC keys; several may be configured
// (rotation). None of these schemes signs a timestamp.

// Header names of the body-HMAC presets.
const (
	HeaderAfterShip          = "Aftership-Hmac-Sha256"
	HeaderAfterShipReturns   = "As-Signature-Hmac-Sha256"
	HeaderAfterShipShipping  = "Am-Webhook-Signature"
	HeaderAlchemySignature   = "X-Alchemy-Signature"
	HeaderAutodeskSignature  = "X-Adsk-Signature"
	HeaderBoltSignature      = "X-Bolt-Hmac-Sha256"
	HeaderCastleSignature    = "X-Castle-Signature"
	HeaderChargifySignature  = "X-Chargify-Webhook-Signature-Hmac-Sha-256"
	HeaderChargifyWebhookID  = "X-Chargify-Webhook-Id"
	HeaderClearbitSignature  = "X-Request-Signature"
	HeaderHerokuSignature    = "Heroku-Webhook-Hmac-Sha256"
	HeaderHerokuWebhookID    = "Heroku-Webhook-Id"
	HeaderLaunchDarklySig    = "X-Ld-Signature"
	HeaderModernTreasurySig  = "X-Signature"
	HeaderModernTreasuryTop  = "X-Topic"
	HeaderMongoDBSignature   = "X-Mms-Signature"
	HeaderMongoDBEvent       = "X-Mms-Event"
	HeaderPusherSignature    = "X-Pusher-Signature"
	HeaderPusherKey          = "X-Pusher-Key"
	HeaderSigSciSignature    = "X-Sigsci-Signature"
	HeaderNexusSignature     = "X-Nexus-Webhook-Signature"
	HeaderNexusWebhookID     = "X-Nexus-Webhook-Id"
	HeaderNexusDelivery      = "X-Nexus-Webhook-Delivery"
	HeaderConformitySig      = "X-Conformity-Signature"
	HeaderWebexSignature     = "X-Spark-Signature"
	HeaderBuildkiteSignature = "X-Buildkite-Signature"
)

// AfterShip (Tracking: aftership-hmac-sha256; Returns and Warranty:
// as-signature-hmac-sha256; Shipping, organizations before 2022-10-25:
// am-webhook-signature with an optional "hmac-sha256=" prefix): base64
// HMAC-SHA256 of the body with the webhook secret. event_id is the dedup key.
func extractAfterShip(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.DeliveryID = field(m, "event_id")
	ev.Type = field(m, "event")
	if ev.Type == "" {
		ev.Type = field(m, "type")
	}
	if id := field(m, "msg.id"); id != "" {
		ev.ObjectType = "tracking"
		ev.ObjectID = id
		ev.Subject = field(m, "msg.tracking_number")
	}
	ev.Time = timeField(m, "ts")
	return nil
}

// newAfterShip accepts the three AfterShip headers; the Shipping header's
// "hmac-sha256=" prefix is stripped when present.
func newAfterShip(c *Config) (Provider, error) {
	p, err := newBodyMAC(c, "sha256", "base64", "", extractAfterShip, HeaderAfterShip, HeaderAfterShipReturns, HeaderAfterShipShipping)
	if err != nil {
		return nil, err
	}
	p.optPrefix = "hmac-sha256="
	return p, nil
}

// Alchemy Notify: X-Alchemy-Signature, hex HMAC-SHA256 of the body with the
// webhook's signing key. The event id (whevt_...) is the dedup key.
func extractAlchemy(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.DeliveryID = field(m, "id")
	ev.Type = field(m, "type")
	ev.Subject = field(m, "webhookId")
	ev.ObjectType = strings.ToLower(ev.Type)
	ev.Time = timeField(m, "createdAt")
	return nil
}

// Autodesk Platform Services: x-adsk-signature: sha1hash=<hex HMAC-SHA1 of
// the body> keyed with the webhook's secret token.
func extractAutodesk(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.Type = field(m, "hook.event")
	ev.ObjectType, ev.Action = splitType(ev.Type)
	ev.ObjectID = field(m, "resourceUrn")
	ev.Subject = field(m, "hook.tenant")
	ev.Time = timeField(m, "hook.createdDate")
	return nil
}

// Bolt: X-Bolt-Hmac-Sha256, base64 HMAC-SHA256 of the body with the signing
// secret.
func extractBolt(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.Type = field(m, "type")
	ev.ObjectType = field(m, "object")
	ev.ObjectID = field(m, "data.id")
	return nil
}

// Castle: X-Castle-Signature, base64 HMAC-SHA256 of the body with the API
// secret.
func extractCastle(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.Type = field(m, "type")
	ev.Subject = field(m, "data.user_id")
	ev.ObjectType = "user"
	ev.ObjectID = ev.Subject
	ev.Time = timeField(m, "created_at")
	return nil
}

// Maxio Advanced Billing (Chargify): form-encoded body signed with
// X-Chargify-Webhook-Signature-Hmac-Sha-256, hex HMAC-SHA256 with the site's
// shared key. The webhook id is unchanged on retries: the dedup key.
func extractChargify(r *Request, ev *Event) error {
	vals, err := formBody(r, ev)
	if err != nil {
		return err
	}
	ev.DeliveryID = r.Header.Get(HeaderChargifyWebhookID)
	if ev.DeliveryID == "" {
		ev.DeliveryID = firstForm(vals, "id")
	}
	ev.Type = firstForm(vals, "event")
	for _, obj := range []string{"subscription", "customer", "invoice", "transaction", "component"} {
		if id := firstForm(vals, "payload["+obj+"][id]"); id != "" {
			ev.ObjectType = obj
			ev.ObjectID = id
			break
		}
	}
	ev.Subject = firstForm(vals, "payload[site][subdomain]")
	return nil
}

// Clearbit: X-Request-Signature: sha1=<hex HMAC-SHA1 of the body> keyed with
// the API key.
func extractClearbit(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.Type = field(m, "type")
	ev.ObjectType = ev.Type
	ev.ObjectID = field(m, "id")
	return nil
}

// Heroku app webhooks: Heroku-Webhook-Hmac-SHA256, base64 HMAC-SHA256 of the
// body with the webhook secret. The delivery id is the dedup key.
func extractHeroku(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	ev.DeliveryID = r.Header.Get(HeaderHerokuWebhookID)
	if m == nil {
		return nil
	}
	if id := field(m, "webhook_metadata.delivery.id"); id != "" {
		ev.DeliveryID = id
	}
	res, act := field(m, "resource"), field(m, "action")
	ev.Type = res
	if act != "" {
		ev.Type = res + "." + act
	}
	ev.ObjectType = res
	ev.ObjectID = field(m, "data.id")
	ev.Action = actionOf(act)
	ev.Subject = field(m, "data.app.name")
	ev.Time = timeField(m, "created_at")
	return nil
}

// LaunchDarkly: X-LD-Signature, hex HMAC-SHA256 of the body with the
// webhook's secret. The audit-log entry id (_id) is the dedup key.
func extractLaunchDarkly(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.DeliveryID = field(m, "_id")
	ev.Type = field(m, "kind")
	ev.ObjectType = ev.Type
	ev.ObjectID = field(m, "name")
	if a := objectAt(m, "accesses"); a != nil {
		ev.Action = actionOf(field(a, "action"))
	}
	ev.Subject = field(m, "member.email")
	ev.Time = timeField(m, "date")
	return nil
}

// Modern Treasury: X-Signature, hex HMAC-SHA256 of the body with the
// webhook key; X-Topic names the object type.
func extractModernTreasury(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	topic := r.Header.Get(HeaderModernTreasuryTop)
	ev.ObjectType = topic
	if m == nil {
		ev.Type = topic
		return nil
	}
	event := field(m, "event")
	ev.Type = topic
	if event != "" && topic != "" {
		ev.Type = topic + "." + event
	} else if event != "" {
		ev.Type = event
	}
	ev.Action = actionOf(event)
	ev.ObjectID = field(m, "data.id")
	return nil
}

// MongoDB Atlas / Ops Manager alerts: X-MMS-Signature, HMAC-SHA1 of the body
// with the webhook secret, base64 (what Atlas sends) or hex (what the Ops
// Manager docs say); both are accepted.
func extractMongoDB(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	ev.Type = r.Header.Get(HeaderMongoDBEvent)
	if m == nil {
		return nil
	}
	if ev.Type == "" {
		ev.Type = field(m, "eventTypeName")
	}
	ev.ObjectType = "alert"
	ev.ObjectID = field(m, "id")
	ev.Subject = field(m, "groupId")
	_, ev.Action = splitType(ev.Type)
	ev.Time = timeField(m, "updated")
	if ev.Time.IsZero() {
		ev.Time = timeField(m, "created")
	}
	return nil
}

// Signal Sciences (Fastly Next-Gen WAF) generic webhooks: X-SigSci-Signature,
// hex HMAC-SHA256 of the body with the integration's signing key.
func extractSignalSciences(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.Type = field(m, "type")
	ev.ObjectType = ev.Type
	ev.Time = timeField(m, "created")
	return nil
}

// Sonatype Nexus Repository: X-Nexus-Webhook-Signature, hex HMAC-SHA1 of the
// body with the webhook's secret key; X-Nexus-Webhook-Delivery is the dedup
// key and X-Nexus-Webhook-Id the event type.
func extractSonatype(r *Request, ev *Event) error {
	ev.DeliveryID = r.Header.Get(HeaderNexusDelivery)
	ev.Type = r.Header.Get(HeaderNexusWebhookID)
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.Action = actionOf(field(m, "action"))
	ev.Subject = field(m, "repositoryName")
	for _, k := range []string{"component", "asset", "repository"} {
		if id := field(m, k+"."+k+"Id"); id != "" {
			ev.ObjectType = k
			ev.ObjectID = id
			break
		}
	}
	ev.Time = timeField(m, "timestamp")
	return nil
}

// Trend Micro Cloud One Conformity: X-Conformity-Signature, hex HMAC-SHA256
// of the body with the channel's security token.
func extractConformity(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	ev.Type = "notification"
	if m == nil {
		return nil
	}
	if t := field(m, "type"); t != "" {
		ev.Type = t
	}
	ev.ObjectType = "check"
	ev.ObjectID = field(m, "id")
	ev.Subject = field(m, "accountId")
	return nil
}

// Webex (formerly Cisco Spark): X-Spark-Signature, hex HMAC-SHA1 of the body
// with the webhook's secret.
func extractWebex(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
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
	return nil
}

// Pusher Channels: X-Pusher-Signature, hex HMAC-SHA256 of the body with the
// app secret; X-Pusher-Key names the app key. Option "app_key", when set,
// must equal X-Pusher-Key (several apps may post to one route otherwise).
type pusher struct {
	*bodyMAC
	appKey string
}

func extractPusher(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	if first := objectAt(m, "events"); first != nil {
		ev.Type = field(first, "name")
		ev.ObjectType = "channel"
		ev.ObjectID = field(first, "channel")
	}
	ev.Subject = r.Header.Get(HeaderPusherKey)
	ev.Time = timeField(m, "time_ms")
	return nil
}

func newPusher(c *Config) (Provider, error) {
	p, err := newBodyMAC(c, "sha256", "hex", "", extractPusher, HeaderPusherSignature)
	if err != nil {
		return nil, err
	}
	return &pusher{bodyMAC: p, appKey: option(c, "app_key")}, nil
}

func (p *pusher) Verify(r *Request) (*Result, error) {
	res, err := p.bodyMAC.Verify(r)
	if err != nil {
		return nil, err
	}
	if p.appKey != "" && !equalToken(p.appKey, r.Header.Get(HeaderPusherKey)) {
		return nil, fmt.Errorf("%w: X-Pusher-Key is not the configured app key", ErrSignatureMismatch)
	}
	return res, nil
}

// newMongoDB accepts the signature base64- or hex-encoded.
func newMongoDB(c *Config) (Provider, error) {
	p, err := newBodyMAC(c, "sha1", "base64", "", extractMongoDB, HeaderMongoDBSignature)
	if err != nil {
		return nil, err
	}
	p.altEnc = "hex"
	return p, nil
}
