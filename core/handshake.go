package core

import (
	"encoding/json"
	"fmt"
	"net/http"
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
