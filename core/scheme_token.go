package core

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// Shared-secret schemes: the provider sends a token, a password or HTTP Basic
// credentials instead of (or besides) a signature, and it is compared in
// constant time with every configured secret. These prove only that the
// sender knows the secret; the body is not covered.

// tokenSecrets returns the configured secrets verbatim as strings, validated
// like rawKeys (at least one, none empty).
func tokenSecrets(c *Config) ([]string, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return keyStrings(keys), nil
}

// keyStrings returns raw keys as strings, for token comparison.
func keyStrings(keys [][]byte) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, string(k))
	}
	return out
}

// trimmedSecrets returns the configured secrets, trimmed, for values compared
// with a trimmed header (an Authorization value, a topic ARN). An empty list
// is ErrEmptySecret naming what is required; an empty secret is
// ErrEmptySecret naming its position.
func trimmedSecrets(c *Config, what string) ([]string, error) {
	if len(c.Secrets) == 0 {
		return nil, fmt.Errorf("%s: %w: %s is required", c.Provider, ErrEmptySecret, what)
	}
	out, err := tokenSecrets(c)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out, nil
}

// anyToken reports whether got equals any of want. Every comparison is made
// (no early return) and each is constant-time whatever the lengths
// (equalToken compares SHA-256 digests).
func anyToken(want []string, got string) bool {
	ok := false
	for _, w := range want {
		if equalToken(w, got) {
			ok = true
		}
	}
	return ok
}

// checkToken compares a token sent by the provider with the configured
// ones: empty is ErrMissingSignature, a mismatch ErrSignatureMismatch.
func checkToken(want []string, got string) error {
	if got == "" {
		return ErrMissingSignature
	}
	if !anyToken(want, got) {
		return ErrSignatureMismatch
	}
	return nil
}

// basicAuthHeaders turns "user:password" secrets into the Authorization
// header values a sender presents ("Basic base64(user:password)"), for
// providers whose header is compared whole.
func basicAuthHeaders(c *Config) ([]string, error) {
	secrets, err := trimmedSecrets(c, "a user:password secret")
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(secrets))
	for i, s := range secrets {
		if !strings.Contains(s, ":") {
			return nil, fmt.Errorf("%s: %w: secret #%d must be user:password", c.Provider, ErrBadConfig, i+1)
		}
		out = append(out, "Basic "+base64.StdEncoding.EncodeToString([]byte(s)))
	}
	return out, nil
}

// decodeBasicAuth returns the decoded credentials ("user:password") of an
// Authorization: Basic header value. Empty is ErrMissingSignature; another
// scheme, or credentials that do not decode to something, are
// ErrMalformedSignature.
func decodeBasicAuth(h string) (string, error) {
	if h == "" {
		return "", ErrMissingSignature
	}
	if len(h) < 6 || !strings.EqualFold(h[:6], "basic ") {
		return "", fmt.Errorf("%w: not Basic authorization", ErrMalformedSignature)
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(h[6:]))
	if err != nil || len(b) == 0 {
		return "", fmt.Errorf("%w: undecodable Basic credentials", ErrMalformedSignature)
	}
	return string(b), nil
}
