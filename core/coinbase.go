package core

import (
	"crypto/sha256"
	"net/http"
	"strings"
)

// HeaderCoinbaseSignature is Coinbase Commerce's signature header.
const HeaderCoinbaseSignature = "X-CC-Webhook-Signature"

var coinbaseSpec = spec{
	build:      newCoinbase,
	scheme:     "X-CC-Webhook-Signature: hex HMAC-SHA256(body) (Coinbase Commerce)",
	secret:     "webhook shared secret",
	sigHeaders: []string{HeaderCoinbaseSignature},
	aliases:    []string{"coinbase_commerce"},
}

// Coinbase Commerce: X-CC-Webhook-Signature is the hex HMAC-SHA256 of the raw
// body keyed with the shared secret from Settings. event.id is the delivery
// id; event.type ("charge:confirmed") the type. The newer Coinbase Developer
// Platform scheme (X-Hook0-Signature) is not covered.
type coinbase struct {
	keys [][]byte
}

func newCoinbase(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &coinbase{keys: keys}, nil
}

func (p *coinbase) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "", r.Header.Values(HeaderCoinbaseSignature), r.Body); err != nil {
		return nil, err
	}
	ev := &Event{}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.DeliveryID = field(m, "event.id")
		ev.Type = field(m, "event.type")
		if i := strings.LastIndex(ev.Type, ":"); i > 0 {
			// Separate statements: Yaegi drops the first value of a parallel
			// assignment to fields whose right side calls a function.
			ev.ObjectType = ev.Type[:i]
			ev.Action = actionOf(ev.Type[i+1:])
		} else {
			ev.Action = actionOf(ev.Type)
		}
		ev.ObjectID = field(m, "event.data.id")
		ev.Subject = field(m, "event.data.code")
		ev.Time = timeField(m, "event.created_at")
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
