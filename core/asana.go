package core

import (
	"crypto/sha256"
	"fmt"
	"net/http"
)

// Asana header names.
const (
	HeaderAsanaSecret    = "X-Hook-Secret"
	HeaderAsanaSignature = "X-Hook-Signature"
)

var asanaSpec = spec{
	builder:    newAsana,
	handshake:  "X-Hook-Secret echoed (option learn_secret: first handshake only, unless rehandshake; optional handshake_token); learned secret kept in the route's store (memory: lost on restart or reload; redis: shared by every instance)",
	scheme:     "X-Hook-Signature: hex HMAC-SHA256(body)",
	secret:     "X-Hook-Secret of the webhook (configured, or learned in the handshake)",
	sigHeaders: []string{HeaderAsanaSignature, HeaderAsanaSecret},
	options: []OptionInfo{
		{"learn_secret", OptionBool, "learn the secret from the first X-Hook-Secret handshake (trust on first use)"},
		{"rehandshake", OptionBool, "accept every handshake, replacing the learned secret (while creating webhooks; needs learn_secret)"},
		{"handshake_token", OptionString, "a token the handshake must carry as ?handshake_token= (put it in the target URL); not forwarded"},
	},
}

// Asana: deliveries carry X-Hook-Signature = hex HMAC-SHA256(secret, body).
// The secret is handed over once, in the handshake: a POST carrying
// X-Hook-Secret, answered at the edge with 200 and the same header.
//
// Who may set the secret. Anyone who can reach the route can send an
// X-Hook-Secret, so a handshake is only accepted when option
// learn_secret=true, and then only while this route has not learned a secret
// yet (trust on first use), unless option rehandshake=true (every handshake
// replaces the learned secret: use it only while creating webhooks). Option
// handshake_token, when set, must also arrive as the query parameter
// ?handshake_token= of the handshake (put it in the target URL given to
// Asana), which closes the trust-on-first-use window.
//
// Where it is kept. The learned secret lives in the route's store
// (Config.Store, namespaced by the route's source), never on disk by
// hookstile and never in logs. With the default memory store a restart, or
// a configuration reload that rebuilds the route (Traefik rebuilds
// middlewares on every dynamic configuration change), forgets it: deliveries
// are then refused (401) until the webhook is created again, so copy the
// secret into the configured secrets to keep it. With a shared store
// (store redis://...) every instance knows it, and only the first handshake
// any of them sees is accepted (trust on first use holds across instances).
// Configured secrets are always accepted; without learn_secret at least one
// is required.
type asana struct {
	keys        [][]byte
	learn       bool
	rehandshake bool
	hsToken     string

	store Store
	key   string // the learned secret's store key
}

func newAsana(c *Config) (Provider, error) {
	learn, err := boolOption(c, "learn_secret")
	if err != nil {
		return nil, err
	}
	re, err := boolOption(c, "rehandshake")
	if err != nil {
		return nil, err
	}
	p := &asana{learn: learn, rehandshake: re, hsToken: option(c, "handshake_token"),
		store: c.Store, key: StoreKeyName(c.Source, "s", "asana learned secret")}
	if len(c.Secrets) > 0 || !learn {
		keys, err := rawKeys(c)
		if err != nil {
			if !learn {
				return nil, fmt.Errorf("%w (or set option learn_secret=true to learn it from the X-Hook-Secret handshake)", err)
			}
			return nil, err
		}
		p.keys = keys
	}
	if re && !learn {
		return nil, fmt.Errorf("%s: option rehandshake: %w: needs learn_secret=true", c.Provider, ErrBadConfig)
	}
	return p, nil
}

func (p *asana) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if hs := r.Header.Values(HeaderAsanaSecret); len(hs) > 0 {
		return p.handshake(r, hs)
	}
	keys := p.keys
	if p.learn {
		learned, ok, err := p.store.Get(p.key, r.Now)
		if err != nil {
			return nil, wrapStoreErr(err)
		}
		if ok {
			keys = append(append([][]byte{}, p.keys...), []byte(learned))
		}
	}
	sigs := r.Header.Values(HeaderAsanaSignature)
	if len(keys) == 0 {
		if len(sigs) == 0 {
			return nil, ErrMissingSignature
		}
		return nil, ErrSignatureMismatch
	}
	if err := anyMAC(sha256.New, keys, "hex", "", sigs, r.Body); err != nil {
		return nil, err
	}
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	// handshake_token is part of the target URL, so Asana sends it with every
	// delivery: it is a credential and is not forwarded.
	ev := &Event{Payload: m, Type: "heartbeat", stripQuery: []string{"handshake_token"}}
	if e := firstObject(m, "events"); e != nil {
		act := field(e, "action")
		ev.ObjectType = field(e, "resource.resource_type")
		ev.ObjectID = field(e, "resource.gid")
		ev.Type = ev.ObjectType + "." + act
		ev.Action = actionOf(act)
		ev.Subject = field(e, "parent.gid")
		ev.Time = timeField(e, "created_at")
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}

// handshake answers an X-Hook-Secret request and learns the secret, under
// the rules of the type comment.
func (p *asana) handshake(r *Request, hs []string) (*Result, error) {
	if len(hs) != 1 {
		return nil, fmt.Errorf("%w: several X-Hook-Secret headers", ErrBadChallenge)
	}
	secret := hs[0]
	if err := validChallenge(secret); err != nil {
		return nil, err
	}
	if !p.learn {
		return nil, fmt.Errorf("%w: X-Hook-Secret handshakes are not accepted on this route (option learn_secret)", ErrBadChallenge)
	}
	if p.hsToken != "" && !equalToken(p.hsToken, r.URL.Query().Get("handshake_token")) {
		return nil, ErrVerifyTokenMismatch
	}
	stored, err := p.store.Set(p.key, secret, 0, !p.rehandshake, r.Now)
	if err != nil {
		return nil, wrapStoreErr(err)
	}
	if !stored {
		return nil, fmt.Errorf("%w: a secret was already learned on this route (option rehandshake)", ErrVerifyTokenMismatch)
	}
	h := textHeader()
	h.Set(HeaderAsanaSecret, secret)
	return &Result{Reply: &Reply{Status: http.StatusOK, Header: h}}, nil
}
