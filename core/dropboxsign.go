package core

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"
)

var dropboxSignSpec = spec{
	builder:   newDropboxSign,
	handshake: "callback_test event verified and answered with the acknowledgement body",
	scheme:    "event.event_hash: hex HMAC-SHA256(event_time + event_type)",
	secret:    "API key",
	ack:       DropboxSignAck,
	aliases:   []string{"hellosign"},
}

// Dropbox Sign (HelloSign) posts its event as multipart/form-data with the
// JSON in the field "json" (or as a raw JSON body). The MAC is inside the
// payload: event.event_hash = hex HMAC-SHA256(API key, event_time + event_type).
// Only those two fields are signed. Every answer must be 200 with the body
// "Hello API Event Received" (DropboxSignAck).
type dropboxSign struct {
	keys [][]byte
	tol  time.Duration // 0: no freshness check (retries keep the original event_time)
}

func newDropboxSign(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &dropboxSign{keys: keys, tol: c.Tolerance}, nil
}

// dropboxSignJSON extracts the event JSON from a multipart, form or JSON body.
func dropboxSignJSON(r *Request) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	switch mediaType(ct) {
	case "multipart/form-data":
		vals, err := multipartFields(ct, r.Body)
		if err != nil {
			return nil, err
		}
		if vals.Get("json") == "" {
			return nil, fmt.Errorf("%w: no json field", ErrMalformedPayload)
		}
		return []byte(vals.Get("json")), nil
	case "application/x-www-form-urlencoded":
		vals, err := parseQuery(string(r.Body))
		if err != nil {
			return nil, err
		}
		if vals.Get("json") == "" {
			return nil, fmt.Errorf("%w: no json field", ErrMalformedPayload)
		}
		return []byte(vals.Get("json")), nil
	case "application/json", "text/json", "":
		return r.Body, nil
	}
	return nil, ErrUnsupportedMedia
}

func (p *dropboxSign) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	js, err := dropboxSignJSON(r)
	if err != nil {
		return nil, err
	}
	m, err := decodeJSONObject(js)
	if err != nil {
		return nil, err
	}
	evTime, evType, hash := field(m, "event.event_time"), field(m, "event.event_type"), field(m, "event.event_hash")
	if hash == "" {
		return nil, ErrMissingSignature
	}
	if evTime == "" || evType == "" {
		return nil, fmt.Errorf("%w: event_time or event_type missing", ErrMalformedPayload)
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "", []string{hash}, []byte(evTime), []byte(evType)); err != nil {
		return nil, err
	}
	t, err := parseTime(evTime, unitSeconds)
	if err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	// No delivery id is documented; a retry repeats the same event JSON, so its
	// digest identifies the delivery (distinct events differ in their content).
	sum := sha256.Sum256(js)
	ev := &Event{
		DeliveryID: "dbs_" + hex.EncodeToString(sum[:16]),
		Type:       evType,
		Time:       t,
		Payload:    m,
		Data:       js,
		MediaType:  "application/json",
	}
	if id := field(m, "signature_request.signature_request_id"); id != "" {
		ev.ObjectType, ev.ObjectID = "signature_request", id
	} else if id := field(m, "account_guid"); id != "" {
		ev.ObjectType, ev.ObjectID = "account", id
	}
	ev.Subject = field(m, "event.event_metadata.reported_for_account_id")
	ev.Action = actionOf(evType)
	return &Result{Event: ev}, nil
}
