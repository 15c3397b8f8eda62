package core

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// MaxChallenge bounds any value a handshake echoes back to the caller.
const MaxChallenge = 512

// validChallenge accepts a bounded, printable token without markup or
// whitespace: what providers send as challenges. Anything else is refused
// rather than reflected.
func validChallenge(s string) error {
	if s == "" {
		return fmt.Errorf("%w: empty", ErrBadChallenge)
	}
	if len(s) > MaxChallenge {
		return fmt.Errorf("%w: longer than %d bytes", ErrBadChallenge, MaxChallenge)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '/' || c == '=' || c == ':'
		if !ok {
			return fmt.Errorf("%w: unexpected character", ErrBadChallenge)
		}
	}
	return nil
}

// plainText accepts a bounded single line of printable ASCII without markup
// characters: for handshake values that may hold spaces (Microsoft Graph's
// validation tokens do), echoed only as text/plain with nosniff.
func plainText(s string) error {
	if s == "" {
		return fmt.Errorf("%w: empty", ErrBadChallenge)
	}
	if len(s) > MaxChallenge {
		return fmt.Errorf("%w: longer than %d bytes", ErrBadChallenge, MaxChallenge)
	}
	if strings.IndexFunc(s, func(c rune) bool {
		return c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' || c == '\\'
	}) >= 0 {
		return fmt.Errorf("%w: unexpected character", ErrBadChallenge)
	}
	return nil
}

// validHost accepts a DNS-style name (the CloudEvents WebHook-Request-Origin).
func validHost(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	return strings.IndexFunc(s, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')
	}) < 0
}

// textReply answers 200 text/plain with body, never sniffed as HTML.
func textReply(body string) *Result {
	return &Result{Reply: &Reply{Status: http.StatusOK, Header: textHeader(), Body: []byte(body)}}
}

// jsonReply answers 200 application/json with v encoded.
func jsonReply(v interface{}) (*Result, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return &Result{Reply: &Reply{Status: http.StatusOK, Header: jsonHeader(), Body: b}}, nil
}
