package core

import (
	"fmt"
	"strings"
)

// Helpers shared by the group A providers (the handshake providers).

// matchingKeyA runs check with all keys (so the caller gets the right error
// when none matches), then finds the single key that verified, for handshakes
// that must answer with the key the provider used (Zoom's encryptedToken).
func matchingKeyA(keys [][]byte, check func(keys [][]byte) error) ([]byte, error) {
	if err := check(keys); err != nil {
		return nil, err
	}
	for _, k := range keys {
		if check([][]byte{k}) == nil {
			return k, nil
		}
	}
	return nil, ErrSignatureMismatch
}

// plainTextA accepts a bounded single line of printable ASCII without markup
// characters: for handshake values that may hold spaces (Microsoft Graph's
// validation tokens do), echoed only as text/plain with nosniff.
func plainTextA(s string) error {
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

// validHostA accepts a DNS-style name (the CloudEvents WebHook-Request-Origin).
func validHostA(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	return strings.IndexFunc(s, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')
	}) < 0
}
