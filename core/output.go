package core

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Output formats.
const (
	FormatCloudEvents = "cloudevents" // structured CloudEvents 1.0 JSON (default)
	FormatBinary      = "binary"      // original body, CloudEvents attributes as ce-* headers
	FormatRaw         = "raw"         // original body and content type (verify-only)
	FormatElements    = "elements"    // SAP Open Connectors / Cloud Elements callback shape
)

// Headers set on every forwarded delivery.
const (
	HeaderWebhookID        = "Webhook-Id"
	HeaderWebhookTimestamp = "Webhook-Timestamp"
	HeaderWebhookSignature = "Webhook-Signature"
	HeaderProvider         = "Hookstile-Provider"
	HeaderEventType        = "Hookstile-Event-Type"
	HeaderEventID          = "Hookstile-Event-Id"
	// HeaderTypeSource is "header" when the event type came from a header
	// the provider's signature does not cover.
	HeaderTypeSource  = "Hookstile-Type-Source"
	HeaderElementsID  = "Elements-Webhook-Id"
	HeaderElementsSig = "Elements-Webhook-Signature"
)

// ceEnvelope is a structured-mode CloudEvent without its data: the JSON data
// is spliced in as the body's own bytes (see encode), so it is neither
// re-parsed nor re-serialized.
type ceEnvelope struct {
	SpecVersion     string `json:"specversion"`
	ID              string `json:"id"`
	Source          string `json:"source"`
	Type            string `json:"type"`
	Subject         string `json:"subject,omitempty"`
	Time            string `json:"time"`
	DataContentType string `json:"datacontenttype,omitempty"`
	DataBase64      string `json:"data_base64,omitempty"`
	Provider        string `json:"provider"`
	ObjectType      string `json:"objecttype,omitempty"`
	ObjectID        string `json:"objectid,omitempty"`
	Action          string `json:"action,omitempty"`
	TypeSource      string `json:"typesource,omitempty"`
}

// encodeCloudEventStd is the reference encoding of a structured CloudEvent:
// json.Marshal of the attributes, then data (already JSON, or nil) spliced
// in as the last member. encodeCloudEvent gives the same bytes.
func encodeCloudEventStd(env *ceEnvelope, data []byte) ([]byte, error) {
	b, err := json.Marshal(env)
	if err != nil {
		return nil, err
	}
	if data == nil {
		return b, nil
	}
	// {...attributes} + ,"data": + payload + }
	out := make([]byte, 0, len(b)+len(data)+9)
	out = append(out, b[:len(b)-1]...)
	out = append(out, `,"data":`...)
	out = append(out, data...)
	out = append(out, '}')
	return out, nil
}

// elementsMessage is the Cloud Elements / SAP Open Connectors callback shape.
type elementsMessage struct {
	Message elementsBody `json:"message"`
}

type elementsBody struct {
	EventID    string          `json:"eventId"`
	ElementKey string          `json:"elementKey"`
	Events     []elementsEvent `json:"events"`
	Raw        json.RawMessage `json:"raw"`
}

type elementsEvent struct {
	Date       string `json:"date"`
	ElementKey string `json:"elementKey"`
	EventType  string `json:"eventType"`
	ObjectID   string `json:"objectId"`
	ObjectType string `json:"objectType"`
}

// ceType is the CloudEvents type: "<provider>.<provider's event type>".
func ceType(ev *Event) string {
	t := ev.Type
	if t == "" {
		t = "event"
	}
	return ev.Provider + "." + t
}

// jsonData returns the payload as JSON: the body itself when it is JSON, the
// decoded form/multipart payload otherwise, or nil when it is neither.
func jsonData(ev *Event) []byte {
	if ev.Data != nil {
		return ev.Data
	}
	if (ev.Payload != nil || ev.isJSON) && ev.MediaType != "application/x-www-form-urlencoded" && ev.MediaType != "multipart/form-data" {
		// decodeJSONObject already checked that the body is one JSON object.
		return ev.Body
	}
	if json.Valid(ev.Body) {
		return ev.Body
	}
	return nil
}

// forwardedBody is the body the raw and binary formats forward: the one
// received, or, when the provider rewrote it (a credential removed), the
// rewritten JSON, with its content type.
func forwardedBody(ev *Event, h *headerSlab) []byte {
	if !ev.rewritten {
		return ev.Body
	}
	h.Set("Content-Type", "application/json")
	return ev.Data
}

// encode builds what is forwarded for o.Event in the Verifier's format.
// Under Yaegi every call and every slot of a function's frame costs an
// allocation, so the default path is one small function per step, the other
// formats have their own, and the header values are set inline from one
// slab (compiled: one allocation for all of them).
func (v *Verifier) encode(o *Outcome, now time.Time) error {
	ev := o.Event
	o.Remove = v.spec.sigHeaders
	o.RemoveQuery = ev.stripQuery
	if len(ev.strip) > 0 {
		o.Remove = joinLists(v.spec.sigHeaders, ev.strip)
	}
	h := &o.slab
	h.h = make(http.Header, 8) // up to 8 entries fit one map group (one allocation)
	typ := ev.Type
	if typ != "" {
		typ = headerSafe(typ)
	}
	vals := make([]string, 3, 12)
	vals[0] = ev.Provider
	vals[1] = ev.ID
	vals[2] = typ
	h.h[HeaderProvider] = vals[0:1:1]
	h.h[HeaderEventID] = vals[1:2:2]
	if typ != "" {
		h.h[HeaderEventType] = vals[2:3:3]
	}
	h.vals = vals
	if ev.typeSource != "" {
		h.Set(HeaderTypeSource, ev.typeSource)
	}
	var err error
	switch v.format {
	case FormatRaw:
		o.Body = forwardedBody(ev, h)
	case FormatBinary:
		v.encodeBinary(o, ev, h)
	case FormatElements:
		err = v.encodeElements(o, ev, h)
	default:
		err = v.encodeStructured(o, ev, h)
	}
	if err != nil {
		return err
	}
	o.Header = h.h
	vals = append(h.vals, strconv.Itoa(len(o.Body)))
	n := len(vals)
	o.clen = vals[n-1 : n : n]
	h.vals = vals
	return nil
}

// joinLists returns a new list holding a's then b's elements.
func joinLists(a, b []string) []string {
	return append(append([]string{}, a...), b...)
}

// encodeStructured is the default format: a structured CloudEvent whose
// data is the JSON body itself (not re-encoded), or the decoded form, or
// the body in base64.
func (v *Verifier) encodeStructured(o *Outcome, ev *Event, h *headerSlab) error {
	typ := ev.Type
	if typ == "" {
		typ = "event"
	}
	env := ceEnvelope{
		SpecVersion: "1.0",
		ID:          ev.ID,
		Source:      v.source,
		Type:        ev.Provider + "." + typ,
		Subject:     ev.Subject,
		Time:        ev.Time.UTC().Format(time.RFC3339Nano),
		Provider:    ev.Provider,
		ObjectType:  ev.ObjectType,
		ObjectID:    ev.ObjectID,
		Action:      ev.Action,
		TypeSource:  ev.typeSource,
	}
	data := ev.Data
	if data == nil {
		data = jsonData(ev)
	}
	if data != nil {
		env.DataContentType = "application/json"
	} else if len(ev.Body) > 0 {
		v.base64Data(&env, ev)
	}
	b, err := encodeCloudEvent(&env, data)
	if err != nil {
		return fmt.Errorf("%w: encoding cloudevent: %v", ErrMalformedPayload, err)
	}
	o.Body = b
	vals := append(h.vals, "application/cloudevents+json")
	n := len(vals)
	h.h["Content-Type"] = vals[n-1 : n : n]
	h.vals = vals
	return nil
}

// base64Data carries a body that is not JSON as data_base64.
func (v *Verifier) base64Data(env *ceEnvelope, ev *Event) {
	env.DataContentType = ev.MediaType
	if env.DataContentType == "" {
		env.DataContentType = "application/octet-stream"
	}
	env.DataBase64 = base64.StdEncoding.EncodeToString(ev.Body)
}

// encodeBinary is the binary format: the body as it came, the CloudEvents
// attributes as Ce-* headers.
func (v *Verifier) encodeBinary(o *Outcome, ev *Event, h *headerSlab) {
	o.Body = forwardedBody(ev, h)
	h.Set("Ce-Specversion", "1.0")
	h.Set("Ce-Id", ev.ID)
	h.Set("Ce-Source", v.source)
	h.Set("Ce-Type", headerSafe(ceType(ev)))
	h.Set("Ce-Time", ev.Time.UTC().Format(time.RFC3339Nano))
	h.Set("Ce-Provider", ev.Provider)
	setIf(h, "Ce-Subject", ev.Subject)
	setIf(h, "Ce-Objecttype", ev.ObjectType)
	setIf(h, "Ce-Objectid", ev.ObjectID)
	setIf(h, "Ce-Action", ev.Action)
	setIf(h, "Ce-Typesource", ev.typeSource)
}

// encodeElements is the Cloud Elements callback shape.
func (v *Verifier) encodeElements(o *Outcome, ev *Event, h *headerSlab) error {
	raw := jsonData(ev)
	if raw == nil {
		b, err := json.Marshal(string(ev.Body))
		if err != nil {
			return err
		}
		raw = b
	}
	eventType := strings.ToUpper(ev.Action)
	msg := elementsMessage{Message: elementsBody{
		EventID:    ev.ID,
		ElementKey: ev.Provider,
		Events: []elementsEvent{{
			Date:       ev.Time.UTC().Format(time.RFC3339),
			ElementKey: ev.Provider,
			EventType:  eventType,
			ObjectID:   ev.ObjectID,
			ObjectType: ev.ObjectType,
		}},
		Raw: raw,
	}}
	b, err := json.Marshal(msg)
	if err != nil {
		return fmt.Errorf("%w: encoding elements message: %v", ErrMalformedPayload, err)
	}
	o.Body = b
	h.Set("Content-Type", "application/json")
	h.Set(HeaderElementsID, ev.ID)
	if len(v.signKeys) > 0 {
		h.Set(HeaderElementsSig, "sha256="+base64.StdEncoding.EncodeToString(HMACSHA256(v.signKeys[0], b)))
	}
	return nil
}

// headerSlab sets header values from one backing array (one allocation for
// all of them, instead of one per Header.Set). Keys must be canonical.
type headerSlab struct {
	h    http.Header
	vals []string
}

func (s *headerSlab) Set(k, v string) {
	s.h[k] = s.val(v)
}

// val returns a one-value header slice from the slab.
func (s *headerSlab) val(v string) []string {
	s.vals = append(s.vals, v)
	n := len(s.vals)
	return s.vals[n-1 : n : n]
}

func setIf(h *headerSlab, k, v string) {
	if v != "" {
		h.Set(k, headerSafe(v))
	}
}

// headerSafe drops bytes that must not appear in a header value.
func headerSafe(s string) string {
	if len(s) > 256 {
		s = s[:256]
	}
	if !strings.ContainsAny(s, ctlChars) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x20 && s[i] != 0x7f {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// SigningKey decodes an operator signing key: "whsec_<base64>" is decoded,
// anything else is used as raw bytes. Empty keys are an error.
func SigningKey(s string) ([]byte, error) {
	if strings.TrimSpace(s) == "" {
		return nil, ErrEmptySecret
	}
	if strings.HasPrefix(s, "whsec_") {
		return keyBytes(s, "base64", "whsec_")
	}
	return []byte(s), nil
}

// SignStandardWebhooks returns a webhook-signature header value: one
// "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>" per key, space-separated.
func SignStandardWebhooks(keys [][]byte, id, timestamp string, body []byte) string {
	prefix := []byte(id + "." + timestamp + ".")
	if len(keys) == 1 {
		return "v1," + base64.StdEncoding.EncodeToString(HMACSHA256(keys[0], prefix, body))
	}
	return signAll(keys, prefix, body)
}

// signAll is SignStandardWebhooks with several keys (rotation).
func signAll(keys [][]byte, prefix, body []byte) string {
	var sb strings.Builder
	for i := 0; i < len(keys); i++ {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString("v1,")
		sb.WriteString(base64.StdEncoding.EncodeToString(HMACSHA256(keys[i], prefix, body)))
	}
	return sb.String()
}
