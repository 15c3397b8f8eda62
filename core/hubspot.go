package core

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// HubSpot header names.
const (
	HeaderHubSpotSignatureV3 = "X-HubSpot-Signature-v3"
	HeaderHubSpotTimestamp   = "X-HubSpot-Request-Timestamp"
	HeaderHubSpotSignature   = "X-HubSpot-Signature"
	HeaderHubSpotVersion     = "X-HubSpot-Signature-Version"
)

// hubspotURIDecoder decodes the characters HubSpot's v3 instructions list
// ("%3A" → ":" ... "%3B" → ";") in the request URI before signing.
var hubspotURIDecoder = strings.NewReplacer(
	"%3A", ":", "%2F", "/", "%3F", "?", "%40", "@", "%21", "!", "%24", "$",
	"%27", "'", "%28", "(", "%29", ")", "%2A", "*", "%2C", ",", "%3B", ";",
	"%3a", ":", "%2f", "/", "%3f", "?", "%2a", "*", "%2c", ",", "%3b", ";",
)

var hubspotSpec = spec{
	builder:    newHubSpot,
	scheme:     "X-HubSpot-Signature-v3: base64 HMAC-SHA256(method + URI + body + timestamp ms), 5 min window; option public_url required; v1/v2 with allow_legacy",
	secret:     "app client secret",
	sigHeaders: []string{"X-HubSpot-Signature-v3", "X-HubSpot-Signature", "X-HubSpot-Signature-Version"},
	options: []OptionInfo{
		{"public_url", OptionURL, "the target URL configured in HubSpot, without query (required)"},
		{"allow_legacy", OptionBool, "accept the unkeyed v1/v2 signatures when no v3 header is present (no replay protection)"},
	},
}

// HubSpot: X-HubSpot-Signature-v3 = base64 HMAC-SHA256(app client secret,
// method ‖ URI ‖ raw body ‖ X-HubSpot-Request-Timestamp), the timestamp in
// unix milliseconds, rejected when more than 5 minutes off (both ways by
// default). URI is the public URL with the request's query, with the
// characters of HubSpot's decode table URL-decoded. Options:
//
//   - public_url (required): the target URL configured in HubSpot, scheme,
//     host, optional port and path, without query; never derived from Host.
//   - allow_legacy (a boolean): when no v3 header is present, accept the
//     untimestamped X-HubSpot-Signature v1 (hex SHA-256 of secret ‖ body) or
//     v2 (hex SHA-256 of secret ‖ method ‖ URI ‖ body) per
//     X-HubSpot-Signature-Version. These are plain hashes, not HMACs, and
//     have no replay protection: off by default.
//
// Bodies are arrays of up to 100 events; a single-event delivery uses the
// event's eventId (the same across retries) as delivery id.
type hubspot struct {
	keys        [][]byte
	base        string
	tol         time.Duration
	allowLegacy bool
}

func newHubSpot(c *Config) (Provider, error) {
	keys, u, err := keysAndURL(c, "public_url", false)
	if err != nil {
		return nil, err
	}
	legacy, err := boolOption(c, "allow_legacy")
	if err != nil {
		return nil, err
	}
	return &hubspot{keys: keys, base: urlBase(u), tol: tolerance(c, 5*time.Minute), allowLegacy: legacy}, nil
}

func (p *hubspot) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	uri := withQuery(p.base, r)
	sigs := r.Header.Values(HeaderHubSpotSignatureV3)
	var t time.Time
	if len(sigs) > 0 || !p.allowLegacy {
		if len(sigs) == 0 {
			return nil, ErrMissingSignature
		}
		ts := r.Header.Get(HeaderHubSpotTimestamp)
		var err error
		t, err = parseTime(ts, unitMillis)
		if err != nil {
			return nil, err
		}
		decoded := hubspotURIDecoder.Replace(uri)
		if err := anyMAC(sha256.New, p.keys, "base64", "", sigs, []byte(r.Method), []byte(decoded), r.Body, []byte(ts)); err != nil {
			return nil, err
		}
		if err := checkWindow(t, r.Now, p.tol); err != nil {
			return nil, err
		}
	} else if err := p.verifyLegacy(r, uri); err != nil {
		return nil, err
	}
	ev := &Event{Time: t}
	if arr, err := jsonObjects(r.Body); err == nil && len(arr) > 0 {
		first := arr[0]
		ev.Type = field(first, "subscriptionType") // contact.creation, deal.propertyChange
		ev.Subject = field(first, "portalId")
		if len(arr) == 1 {
			ev.DeliveryID = field(first, "eventId")
			ev.ObjectID = field(first, "objectId")
			ev.Time = timeField(first, "occurredAt")
		}
		ev.ObjectType, ev.Action = hubspotSplit(ev.Type)
		for _, e := range arr[1:] {
			if field(e, "subscriptionType") != ev.Type {
				ev.Type, ev.ObjectType, ev.Action = "batch", "", ActionUnknown
				break
			}
		}
	} else if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.Type = firstField(m, "subscriptionType", "type")
		ev.ObjectType, ev.Action = hubspotSplit(ev.Type)
	}
	ev.signedKey(r.Header.Get(HeaderHubSpotTimestamp), r.Body, p.tol)
	return &Result{Event: ev}, nil
}

// verifyLegacy checks the v1/v2 X-HubSpot-Signature: hex SHA-256 (a plain
// hash, not an HMAC) of secret ‖ body (v1) or secret ‖ method ‖ URI ‖ body (v2).
func (p *hubspot) verifyLegacy(r *Request, uri string) error {
	sig := r.Header.Get(HeaderHubSpotSignature)
	if sig == "" {
		return ErrMissingSignature
	}
	got, err := hex.DecodeString(sig)
	if err != nil || len(got) != sha256.Size {
		return ErrMalformedSignature
	}
	ver := r.Header.Get(HeaderHubSpotVersion)
	if ver != "v1" && ver != "v2" {
		return fmt.Errorf("%w: unsupported signature version", ErrMalformedSignature)
	}
	for _, k := range p.keys {
		h := sha256.New()
		h.Write(k)
		if ver == "v2" {
			h.Write([]byte(r.Method))
			h.Write([]byte(uri))
		}
		h.Write(r.Body)
		if equalMAC(h.Sum(nil), got) {
			return nil
		}
	}
	return ErrSignatureMismatch
}

// hubspotSplit splits a subscription type ("contact.creation",
// "deal.propertyChange") into object type and action; HubSpot names actions
// with nouns (creation, deletion).
func hubspotSplit(t string) (string, string) {
	obj, act := splitType(t)
	if act == ActionUnknown {
		switch {
		case strings.HasSuffix(t, ".creation"):
			act = ActionCreated
		case strings.HasSuffix(t, ".deletion"):
			act = ActionDeleted
		}
	}
	return obj, act
}
