package core

import (
	"fmt"
)

// Header names.
const (
	HeaderPusherSignature = "X-Pusher-Signature"
	HeaderPusherKey       = "X-Pusher-Key"
)

var pusherSpec = spec{
	builder:    newPusher,
	scheme:     "X-Pusher-Signature: hex HMAC-SHA256(body); X-Pusher-Key must equal Options app_key when set",
	secret:     "app secret",
	sigHeaders: pusherScheme.headers,
	options: []OptionInfo{
		{"app_key", OptionString, "the app key X-Pusher-Key must equal, when set"},
	},
}

var pusherScheme = bodyMACScheme{headers: []string{HeaderPusherSignature}, alg: "sha256", enc: "hex"}

// Pusher Channels: X-Pusher-Signature, hex HMAC-SHA256 of the body with the
// app secret; X-Pusher-Key names the app key. Option "app_key", when set,
// must equal X-Pusher-Key (several apps may post to one route otherwise).
type pusher struct {
	*bodyMAC
	appKey string
}

func extractPusher(r *Request, ev *Event) (*Reply, error) {
	m := jsonBody(r, ev)
	if m == nil {
		return nil, nil
	}
	if first := objectAt(m, "events"); first != nil {
		ev.Type = field(first, "name")
		ev.ObjectType = "channel"
		ev.ObjectID = field(first, "channel")
	}
	ev.Subject = r.Header.Get(HeaderPusherKey)
	ev.Time = timeField(m, "time_ms")
	return nil, nil
}

func newPusher(c *Config) (Provider, error) {
	p, err := pusherScheme.verifier(c, extractPusher)
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
