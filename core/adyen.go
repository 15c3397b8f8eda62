package core

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
)

// HeaderAdyenHmacSignature is the header of Adyen's Platform / Management
// webhooks (HMAC of the raw body).
const HeaderAdyenHmacSignature = "HmacSignature"

// AdyenAck is the body Adyen's standard notifications expect in the answer.
const AdyenAck = "[accepted]"

var adyenSpec = spec{
	builder:    newAdyen,
	scheme:     "each item's additionalData.hmacSignature: base64 HMAC-SHA256(psp:orig:merchant:ref:value:currency:event:success); HmacSignature header over the body for platform webhooks; answered [accepted]",
	secret:     "HMAC key (hex, as the Customer Area shows it)",
	sigHeaders: []string{HeaderAdyenHmacSignature},
	ack:        AdyenAck,
}

// Adyen standard (classic) notification webhooks carry no signature header:
// every NotificationRequestItem has additionalData.hmacSignature, the base64
// HMAC-SHA256, keyed with the hex-decoded HMAC key of the Customer Area, of
//
//	pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success
//
// Every item of a batch must verify. Platform / Management webhooks instead
// send a HmacSignature header: base64 HMAC-SHA256 of the raw body with the
// same kind of key. Each answer carries "[accepted]".
//
// The delivery id of a single-item notification is
// pspReference:eventCode:success (Adyen's advice for spotting duplicates);
// for a batch it is derived from all its items.
type adyen struct {
	keys [][]byte
}

func newAdyen(c *Config) (Provider, error) {
	keys, err := decodedKeys(c, "hex", "")
	if err != nil {
		return nil, err
	}
	return &adyen{keys: keys}, nil
}

func (p *adyen) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	raw, hasItems := m["notificationItems"]
	if !hasItems {
		// Platform / Management webhook: the raw body is signed.
		if err := anyMAC(sha256.New, p.keys, "base64", "", r.Header.Values(HeaderAdyenHmacSignature), r.Body); err != nil {
			return nil, err
		}
		ev := &Event{Payload: m, Type: field(m, "type")}
		ev.ObjectType, ev.Action = splitType(ev.Type)
		ev.ObjectID = field(m, "data.id")
		ev.Subject = field(m, "data.balancePlatform")
		ev.Time = timeField(m, "data.creationDate")
		ev.bodyKey(r.Body)
		return &Result{Event: ev}, nil
	}
	list, ok := raw.([]interface{})
	if !ok || len(list) == 0 {
		return nil, fmt.Errorf("%w: no notification items", ErrMalformedPayload)
	}
	var ids []string
	var first map[string]interface{}
	for _, x := range list {
		wrap, ok := x.(map[string]interface{})
		if !ok {
			return nil, fmt.Errorf("%w: bad notification item", ErrMalformedPayload)
		}
		item, ok := wrap["NotificationRequestItem"].(map[string]interface{})
		if !ok {
			return nil, fmt.Errorf("%w: bad notification item", ErrMalformedPayload)
		}
		sig := field(item, "additionalData.hmacSignature")
		if sig == "" {
			return nil, ErrMissingSignature
		}
		signed := strings.Join([]string{
			field(item, "pspReference"), field(item, "originalReference"),
			field(item, "merchantAccountCode"), field(item, "merchantReference"),
			field(item, "amount.value"), field(item, "amount.currency"),
			field(item, "eventCode"), field(item, "success"),
		}, ":")
		if err := anyMAC(sha256.New, p.keys, "base64", "", []string{sig}, []byte(signed)); err != nil {
			return nil, err
		}
		ids = append(ids, field(item, "pspReference")+":"+field(item, "eventCode")+":"+field(item, "success"))
		if first == nil {
			first = item
		}
	}
	ev := &Event{Payload: m}
	ev.Type = field(first, "eventCode")
	ev.ObjectType = "payment"
	ev.ObjectID = field(first, "pspReference")
	ev.Subject = field(first, "merchantAccountCode")
	ev.Time = timeField(first, "eventDate")
	ev.Action = adyenAction(ev.Type)
	if len(ids) == 1 {
		ev.DeliveryID = ids[0]
	} else {
		sum := sha256.Sum256([]byte(strings.Join(ids, ",")))
		ev.DeliveryID = "adyen_" + hex.EncodeToString(sum[:16])
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}

// adyenAction maps an eventCode to the Cloud Elements trio.
func adyenAction(code string) string {
	switch strings.ToUpper(code) {
	case "AUTHORISATION", "CAPTURE", "REFUND", "ORDER_OPENED", "RECURRING_CONTRACT":
		return ActionCreated
	case "CANCELLATION", "CANCEL_OR_REFUND", "ORDER_CLOSED", "TECHNICAL_CANCEL":
		return ActionDeleted
	}
	return ActionUpdated
}
