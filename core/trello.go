package core

import (
	"crypto/sha1"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// HeaderTrelloSignature is Trello's signature header.
const HeaderTrelloSignature = "X-Trello-Webhook"

var trelloSpec = spec{
	builder:    newTrello,
	handshake:  "HEAD answered 200",
	scheme:     "X-Trello-Webhook: base64 HMAC-SHA1(body + callback URL), option callback_url required",
	secret:     "application (OAuth) secret",
	sigHeaders: []string{HeaderTrelloSignature},
	options: []OptionInfo{
		{"callback_url", OptionURL, "the callback URL registered with Trello, which is signed (required)"},
	},
}

// Trello: X-Trello-Webhook = base64 HMAC-SHA1(application secret, body ‖
// callbackURL), where callbackURL is exactly the URL registered with Trello:
// option callback_url (required; behind a proxy the request's own URL is not
// what Trello signed). The HEAD request Trello sends when the webhook is
// created is answered at the edge with an empty 200.
type trello struct {
	keys     [][]byte
	callback string
}

func newTrello(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	cb := option(c, "callback_url")
	u, err := url.Parse(cb)
	if cb == "" || err != nil || !u.IsAbs() || u.Host == "" {
		return nil, fmt.Errorf("%s: option callback_url: %w: required, the absolute callback URL registered with Trello", c.Provider, ErrBadConfig)
	}
	return &trello{keys: keys, callback: cb}, nil
}

func (p *trello) Verify(r *Request) (*Result, error) {
	switch r.Method {
	case http.MethodHead:
		return &Result{Reply: &Reply{Status: http.StatusOK, Header: textHeader()}}, nil
	case http.MethodPost:
	default:
		return nil, wantMethod(r, http.MethodPost)
	}
	if err := anyMAC(sha1.New, p.keys, "base64", "", r.Header.Values(HeaderTrelloSignature), r.Body, []byte(p.callback)); err != nil {
		return nil, err
	}
	ev := &Event{}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.Type = field(m, "action.type")
		ev.DeliveryID = field(m, "action.id")
		ev.Subject = field(m, "model.id")
		ev.Time = timeField(m, "action.date")
		ev.Action = actionOf(ev.Type)
		// "updateCard" -> "card", "addMemberToBoard" -> "board".
		obj := ev.Type
		if i := strings.LastIndex(obj, "To"); i > 0 && i+2 < len(obj) {
			obj = obj[i+2:]
		} else {
			obj = strings.TrimLeft(obj, "abcdefghijklmnopqrstuvwxyz")
		}
		ev.ObjectType = strings.ToLower(obj)
		if ev.ObjectType != "" {
			ev.ObjectID = field(m, "action.data."+ev.ObjectType+".id")
		}
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
