package core

import (
	"fmt"
	"net/http"
)

var facebookGraphAPISpec = metaSpec("meta", "facebook")

var facebookMessengerSpec = metaSpec("messenger")

var instagramSpec = metaSpec()

var whatsappSpec = metaSpec("whatsapp_cloud_api")

// metaSpec is the one Meta scheme under each of ngrok's four names.
func metaSpec(aliases ...string) spec {
	return spec{
		builder: newMeta,
		options: []OptionInfo{
			{"verify_token", OptionString, "the Verify Token typed into the App Dashboard (required)"},
			{"allow_sha1", OptionBool, "also accept the legacy X-Hub-Signature (HMAC-SHA1) when X-Hub-Signature-256 is absent"},
		},
		handshake:  "GET hub.mode=subscribe: hub.challenge echoed when hub.verify_token equals option verify_token (else 403)",
		scheme:     "X-Hub-Signature-256: sha256=hex HMAC-SHA256(body) (sha1 with option allow_sha1)",
		secret:     "App Secret (option verify_token: the Verify Token)",
		sigHeaders: []string{HeaderGitHubSignature256, HeaderGitHubSignature},
		aliases:    aliases,
	}
}

// Meta (Facebook Graph API, Messenger, Instagram, WhatsApp Cloud API), one
// scheme under four names. The verification request, GET
// ?hub.mode=subscribe&hub.verify_token=<token>&hub.challenge=<c>, is answered
// at the edge with the challenge as text/plain when hub.verify_token equals
// option "verify_token" (required; the token typed into the App Dashboard),
// compared in constant time; a mismatch is ErrVerifyTokenMismatch (403).
// Deliveries: X-Hub-Signature-256 = "sha256=" hex HMAC-SHA256(App Secret,
// raw body); the legacy X-Hub-Signature (sha1=) only with option
// allow_sha1=true.
type meta struct {
	keys        [][]byte
	verifyToken string
	allowSHA1   bool
}

func newMeta(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	vt := option(c, "verify_token")
	if vt == "" {
		return nil, fmt.Errorf("%s: option verify_token: %w: required (the Verify Token of the App Dashboard)", c.Provider, ErrBadConfig)
	}
	sha1OK, err := boolOption(c, "allow_sha1")
	if err != nil {
		return nil, err
	}
	return &meta{keys: keys, verifyToken: vt, allowSHA1: sha1OK}, nil
}

func (p *meta) Verify(r *Request) (*Result, error) {
	switch r.Method {
	case http.MethodGet:
		q := r.URL.Query()
		if q.Get("hub.mode") != "subscribe" {
			return nil, fmt.Errorf("%w: hub.mode is not subscribe", ErrBadChallenge)
		}
		ch := q.Get("hub.challenge")
		if err := validChallenge(ch); err != nil {
			return nil, err
		}
		if !equalToken(p.verifyToken, q.Get("hub.verify_token")) {
			return nil, ErrVerifyTokenMismatch
		}
		return textReply(ch), nil
	case http.MethodPost:
	default:
		return nil, wantMethod(r, http.MethodPost)
	}
	if err := verifyHubSignature(r, p.keys, p.allowSHA1); err != nil {
		return nil, err
	}
	ev := &Event{}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.Type = field(m, "object")
		if e := firstObject(m, "entry"); e != nil {
			ev.Subject = field(e, "id")
			ev.Time = timeField(e, "time")
			if ch := firstObject(e, "changes"); ch != nil {
				ev.ObjectType = field(ch, "field")
			} else if firstObject(e, "messaging") != nil {
				ev.ObjectType = "messaging"
			}
			if ev.ObjectType != "" {
				ev.Type += "." + ev.ObjectType
			}
		}
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
