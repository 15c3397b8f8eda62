package core

import (
	"net/http"
)

// HeaderOktaChallenge carries Okta's one-time verification value.
const HeaderOktaChallenge = "X-Okta-Verification-Challenge"

var oktaSpec = spec{
	builder:    newOkta,
	handshake:  "GET X-Okta-Verification-Challenge answered with {\"verification\": value}",
	scheme:     "no signature: the configured header (option header, default Authorization) must equal the secret",
	secret:     "authorization header value of the event hook",
	sigHeaders: []string{"Authorization"},
	options: []OptionInfo{
		{"header", OptionString, "the header carrying the secret (default Authorization)"},
	},
}

// Okta event hooks. The one-time verification, GET with
// X-Okta-Verification-Challenge, is answered at the edge with
// {"verification": <value>} (a bounded token, JSON-encoded). Deliveries carry
// no signature: the header configured on the hook (option "header", default
// Authorization) must equal one of the secrets, compared in constant time.
type okta struct {
	tokens []string
	header string
}

func newOkta(c *Config) (Provider, error) {
	tokens, err := tokenSecrets(c)
	if err != nil {
		return nil, err
	}
	h := option(c, "header")
	if h == "" {
		h = "Authorization"
	}
	return &okta{tokens: tokens, header: http.CanonicalHeaderKey(h)}, nil
}

func (p *okta) Verify(r *Request) (*Result, error) {
	switch r.Method {
	case http.MethodGet:
		ch := r.Header.Get(HeaderOktaChallenge)
		if err := validChallenge(ch); err != nil {
			return nil, err
		}
		return jsonReply(map[string]string{"verification": ch})
	case http.MethodPost:
	default:
		return nil, wantMethod(r, http.MethodPost)
	}
	if err := checkToken(p.tokens, r.Header.Get(p.header)); err != nil {
		return nil, err
	}
	ev := &Event{strip: []string{p.header}}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.DeliveryID = field(m, "eventId")
		ev.Time = timeField(m, "eventTime")
		if e := firstObject(m, "data.events"); e != nil {
			ev.Type = field(e, "eventType")
			ev.ObjectType, ev.Action = splitType(ev.Type)
			if tg := firstObject(e, "target"); tg != nil {
				ev.ObjectID = field(tg, "id")
			}
			ev.Subject = field(e, "actor.id")
			if t := timeField(e, "published"); !t.IsZero() {
				ev.Time = t
			}
		}
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
