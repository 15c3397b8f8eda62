package core

import (
	"crypto/sha256"
	"net/http"
)

var dropboxSpec = spec{
	builder:    newDropbox,
	handshake:  "GET ?challenge= echoed as text/plain",
	scheme:     "X-Dropbox-Signature: hex HMAC-SHA256(body)",
	secret:     "app secret",
	sigHeaders: []string{"X-Dropbox-Signature"},
	notifies:   true,
}

// Dropbox: GET ?challenge= is echoed; POST is signed with X-Dropbox-Signature,
// the hex HMAC-SHA256 of the raw body keyed with the app secret. Notifications
// carry no delivery id and identical bodies are distinct notifications, so
// they are never deduplicated.
type dropbox struct {
	keys [][]byte
}

// HeaderDropboxSignature is Dropbox's signature header.
const HeaderDropboxSignature = "X-Dropbox-Signature"

func newDropbox(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &dropbox{keys: keys}, nil
}

// dropboxFields are the account lists of a notification (v2, then v1).
var dropboxFields = []string{"list_folder.accounts", "delta.users"}

func (p *dropbox) Verify(r *Request) (*Result, error) {
	switch r.Method {
	case http.MethodGet:
		ch := r.URL.Query().Get("challenge")
		if err := validChallenge(ch); err != nil {
			return nil, err
		}
		return textReply(ch), nil
	case http.MethodPost:
	default:
		return nil, wantMethod(r, http.MethodPost)
	}
	sigs := r.Header.Values(HeaderDropboxSignature)
	if err := anyMAC(sha256.New, p.keys, "hex", "", sigs, r.Body); err != nil {
		return nil, err
	}
	ev := &Event{Type: "notification", ObjectType: "account", Action: ActionUpdated}
	if f := pickJSON(r.Body, dropboxFields); f != nil {
		ev.isJSON = true
		ev.Subjects = jsonStrings(f[0])
		if len(ev.Subjects) == 0 {
			ev.Subjects = jsonStrings(f[1])
		}
		if len(ev.Subjects) == 1 {
			ev.ObjectID = ev.Subjects[0]
		}
	}
	return &Result{Event: ev}, nil
}
