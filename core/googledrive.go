package core

import (
	"fmt"
	"net/http"
	"strings"
)

// Google Drive push notification header names.
const (
	HeaderGoogChannelID     = "X-Goog-Channel-Id"
	HeaderGoogChannelToken  = "X-Goog-Channel-Token"
	HeaderGoogResourceState = "X-Goog-Resource-State"
	HeaderGoogResourceID    = "X-Goog-Resource-Id"
	HeaderGoogMessageNumber = "X-Goog-Message-Number"
)

var googleDriveSpec = spec{
	builder:    newGoogleDrive,
	handshake:  "sync message answered 200 after the token check",
	scheme:     "no signature: X-Goog-Channel-Token must equal the secret (option channel_id restricts channels)",
	secret:     "channel token set in files.watch / changes.watch",
	sigHeaders: []string{HeaderGoogChannelToken},
	aliases:    []string{"gdrive"},
	options: []OptionInfo{
		{"channel_id", OptionList, "the channel ids accepted (X-Goog-Channel-ID); default any"},
	},
}

// Google Drive API push notifications (files.watch, changes.watch): no
// signature; X-Goog-Channel-Token must equal one of the secrets (the token
// set when the channel was created), compared in constant time, and option
// channel_id (comma-separated), when set, must list X-Goog-Channel-ID. The
// "sync" message sent when a channel is created is answered at the edge with
// 200 after the token check. Dedup key: channel id + ":" + message number.
type googleDrive struct {
	tokens   []string
	channels []string
}

func newGoogleDrive(c *Config) (Provider, error) {
	tokens, err := tokenSecrets(c)
	if err != nil {
		return nil, err
	}
	return &googleDrive{tokens: tokens, channels: listOption(c, "channel_id")}, nil
}

func (p *googleDrive) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if err := checkToken(p.tokens, r.Header.Get(HeaderGoogChannelToken)); err != nil {
		return nil, err
	}
	ch := r.Header.Get(HeaderGoogChannelID)
	if len(p.channels) > 0 {
		ok := false
		for _, c := range p.channels {
			if c == ch {
				ok = true
			}
		}
		if !ok {
			return nil, fmt.Errorf("%w: unknown channel", ErrSignatureMismatch)
		}
	}
	state := strings.ToLower(r.Header.Get(HeaderGoogResourceState))
	if state == "" {
		return nil, fmt.Errorf("%w: no X-Goog-Resource-State", ErrMalformedPayload)
	}
	if state == "sync" {
		return &Result{Reply: &Reply{Status: http.StatusOK, Header: textHeader()}}, nil
	}
	ev := &Event{Type: state, Subject: ch, ObjectID: r.Header.Get(HeaderGoogResourceID)}
	if n := r.Header.Get(HeaderGoogMessageNumber); n != "" && ch != "" {
		ev.DeliveryID = ch + ":" + n
	}
	ev.ObjectType = "file"
	switch state {
	case "add":
		ev.Action = ActionCreated
	case "remove", "trash":
		ev.Action = ActionDeleted
	case "update", "untrash", "change":
		ev.Action = ActionUpdated
	default:
		ev.Action = ActionUnknown
	}
	if state == "change" {
		ev.ObjectType = "change"
	}
	return &Result{Event: ev}, nil
}
