package core

import (
	"crypto/sha256"
	"net/http"
	"strings"
	"time"
)

// Group-D providers whose signature covers a timestamp as well as the body,
// checked against a replay window in both directions (the configured
// tolerance, or the provider's default below).

// Header names of the timestamped group-D schemes.
const (
	HeaderAirshipSignature  = "X-Ua-Signature"
	HeaderAirshipTimestamp  = "X-Ua-Timestamp"
	HeaderBuildkiteToken    = "X-Buildkite-Token"
	HeaderBuildkiteEvent    = "X-Buildkite-Event"
	HeaderGo1Signature      = "Go1-Signature"
	HeaderTikTokSignature   = "Tiktok-Signature"
	HeaderHostedHooksSig    = "Hostedhooks-Signature"
	HeaderPinwheelSignature = "X-Pinwheel-Signature"
	HeaderPinwheelTimestamp = "X-Timestamp"
	HeaderOrbSignature      = "X-Orb-Signature"
	HeaderOrbTimestamp      = "X-Orb-Timestamp"
)

// Go1: go1-signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)>; the
// official verifier (go1com/webhook-verifier-js) allows 60 seconds. The event
// id is unchanged across attempts (attempt_number counts them).
func extractGo1(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.DeliveryID = field(m, "id")
	ev.Type = field(m, "event_type")
	ev.ObjectType, ev.Action = splitType(ev.Type)
	ev.ObjectID = field(m, "data.id")
	ev.Subject = field(m, "webhook_id")
	return nil
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

// HostedHooks: HostedHooks-Signature: t=<unix>,s=<hex HMAC-SHA256(endpoint
// signing secret, t.body)>; retries are re-signed with a new timestamp, and
// the message's event_id (unique per app) is the dedup key.
func extractHostedHooks(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.DeliveryID = field(m, "event_id")
	ev.Type = field(m, "event_type")
	ev.ObjectType, ev.Action = splitType(ev.Type)
	return nil
}

// Airship (Open Channel and custom webhooks with "Signature Hash"):
// X-UA-Signature = hex HMAC-SHA256(secret, X-UA-Timestamp + ":" + body),
// timestamp in unix seconds. Airship's GET validation request is signed over
// an empty body and answered 200 at the edge once its signature checks.
type airship struct {
	keys [][]byte
	tol  time.Duration
}

func newAirship(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &airship{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

func (p *airship) Verify(r *Request) (*Result, error) {
	if r.Method != http.MethodGet {
		if err := wantMethod(r, http.MethodPost); err != nil {
			return nil, err
		}
	}
	sigs := r.Header.Values(HeaderAirshipSignature)
	if len(sigs) == 0 {
		return nil, ErrMissingSignature
	}
	ts := r.Header.Get(HeaderAirshipTimestamp)
	t, err := parseTime(ts, unitSeconds)
	if err != nil {
		return nil, err
	}
	body := r.Body
	if r.Method == http.MethodGet {
		body = nil
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "", sigs, []byte(ts), []byte(":"), body); err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	if r.Method == http.MethodGet {
		return textReply(""), nil
	}
	ev := &Event{Time: t, strip: []string{HeaderAirshipSignature, HeaderAirshipTimestamp}, Type: "push"}
	if m := jsonBody(r, ev); m != nil {
		if ty := field(m, "type"); ty != "" {
			ev.Type = ty
		}
		ev.Subject = field(m, "app_key")
	}
	return &Result{Event: ev}, nil
}

// Buildkite (Pipelines and Package Registries webhooks): either
// X-Buildkite-Signature: timestamp=<unix>,signature=<hex HMAC-SHA256(token,
// timestamp.body)> (preferred) or the plain token in X-Buildkite-Token,
// compared in constant time.
type buildkite struct {
	keys    [][]byte
	secrets []string
	tol     time.Duration
}

func newBuildkite(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &buildkite{keys: keys, secrets: c.Secrets, tol: tolerance(c, 5*time.Minute)}, nil
}

func (p *buildkite) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	ev := &Event{strip: []string{HeaderBuildkiteSignature, HeaderBuildkiteToken}}
	if r.Header.Get(HeaderBuildkiteSignature) != "" {
		t, err := verifyTV1(r, HeaderBuildkiteSignature, p.keys, p.tol, "timestamp", "signature", ",", ".", unitSeconds)
		if err != nil {
			return nil, err
		}
		ev.Time = t
	} else if tok := r.Header.Get(HeaderBuildkiteToken); tok != "" {
		if !anyToken(p.secrets, tok) {
			return nil, ErrSignatureMismatch
		}
	} else {
		return nil, ErrMissingSignature
	}
	ev.Type = r.Header.Get(HeaderBuildkiteEvent)
	if m := jsonBody(r, ev); m != nil {
		if ev.Type == "" {
			ev.Type = field(m, "event")
		}
		ev.Subject = field(m, "pipeline.slug")
		for _, k := range []string{"job", "build", "package", "agent"} {
			if id := field(m, k+".id"); id != "" {
				ev.ObjectType = k
				ev.ObjectID = id
				break
			}
		}
	}
	_, ev.Action = splitType(ev.Type)
	return &Result{Event: ev}, nil
}

// Pinwheel: X-Pinwheel-Signature: v2=<hex HMAC-SHA256(API secret,
// "v2:" + X-Timestamp + ":" + body)>. X-Timestamp may be seconds or
// milliseconds. The event_id is the dedup key.
type pinwheel struct {
	keys [][]byte
	tol  time.Duration
}

func newPinwheel(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &pinwheel{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

func (p *pinwheel) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	sigs := r.Header.Values(HeaderPinwheelSignature)
	if len(sigs) == 0 {
		return nil, ErrMissingSignature
	}
	ts := strings.TrimSpace(r.Header.Get(HeaderPinwheelTimestamp))
	t, err := parseTime(ts, unitAuto)
	if err != nil {
		return nil, err
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "v2=", sigs, []byte("v2:"), []byte(ts), []byte(":"), r.Body); err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	ev := &Event{Time: t, strip: []string{HeaderPinwheelSignature}}
	if m := jsonBody(r, ev); m != nil {
		ev.DeliveryID = field(m, "event_id")
		ev.Type = field(m, "event")
		ev.ObjectType, ev.Action = splitType(ev.Type)
		ev.Subject = field(m, "payload.end_user_id")
		ev.ObjectID = field(m, "payload.account_id")
	}
	return &Result{Event: ev}, nil
}

// Orb: X-Orb-Signature holds space-separated "v1=<hex HMAC-SHA256(secret,
// "v1:" + X-Orb-Timestamp + ":" + body)>"; X-Orb-Timestamp is an ISO 8601
// date-time without offset, in UTC. The official SDKs allow 5 minutes both
// ways. The event id is the dedup key.
type orb struct {
	keys [][]byte
	tol  time.Duration
}

func newOrb(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &orb{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

func (p *orb) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	hv := r.Header.Values(HeaderOrbSignature)
	if len(hv) == 0 {
		return nil, ErrMissingSignature
	}
	ts := r.Header.Get(HeaderOrbTimestamp)
	t, err := parseLocalUTC(ts)
	if err != nil {
		return nil, err
	}
	var sigs []string
	for _, h := range hv {
		sigs = append(sigs, sigList(h, " ", "=", "v1")...)
	}
	if len(sigs) == 0 {
		return nil, ErrMalformedSignature
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "", sigs, []byte("v1:"), []byte(ts), []byte(":"), r.Body); err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	ev := &Event{Time: t, strip: []string{HeaderOrbSignature, HeaderOrbTimestamp}}
	if m := jsonBody(r, ev); m != nil {
		ev.DeliveryID = field(m, "id")
		ev.Type = field(m, "type")
		ev.ObjectType, ev.Action = splitType(ev.Type)
		if t2 := timeField(m, "created_at"); !t2.IsZero() {
			ev.Time = t2
		}
	}
	return &Result{Event: ev}, nil
}
