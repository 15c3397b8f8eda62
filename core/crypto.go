package core

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
	"time"
)

// hashFunc returns the constructor for an algorithm name (sha1, sha256, sha512).
func hashFunc(name string) (func() hash.Hash, error) {
	switch strings.ToLower(name) {
	case "", "sha256":
		return sha256.New, nil
	case "sha1":
		return sha1.New, nil
	case "sha512":
		return sha512.New, nil
	}
	return nil, fmt.Errorf("%w: algorithm %q (want sha256, sha1 or sha512)", ErrBadConfig, name)
}

// macOf computes HMAC(key, parts[0] ‖ parts[1] ‖ ...). Parts are written in
// order with no separator, so callers never build a concatenated copy. It
// is in fastpath_gc.go (keyed states reused from a pool) and
// fastpath_interp.go (hmac.New each time).

// HMACSHA256 is HMAC-SHA256(key, parts...). Exported for adapters and tests
// that need to sign the way a provider does.
func HMACSHA256(key []byte, parts ...[]byte) []byte {
	return macOf(sha256.New, key, parts...)
}

// decodeSig decodes a received signature in the given encoding ("hex",
// "base64", "base64url"). A decoding failure is ErrMalformedSignature.
func decodeSig(enc, s string) ([]byte, error) {
	var b []byte
	var err error
	switch enc {
	case "hex":
		b, err = hex.DecodeString(s)
	case "base64":
		b, err = base64.StdEncoding.DecodeString(s)
		if err != nil {
			// Some senders strip the padding.
			b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
		}
	case "base64url":
		b, err = base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	default:
		return nil, fmt.Errorf("%w: encoding %q", ErrBadConfig, enc)
	}
	if err != nil || len(b) == 0 {
		return nil, ErrMalformedSignature
	}
	return b, nil
}

// encodeSig is the inverse of decodeSig, used when signing.
func encodeSig(enc string, b []byte) string {
	switch enc {
	case "hex":
		return hex.EncodeToString(b)
	case "base64url":
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// equalMAC compares two MACs in constant time (for equal lengths).
func equalMAC(a, b []byte) bool {
	return hmac.Equal(a, b)
}

// equalToken compares two secrets of possibly different lengths in constant
// time by comparing their SHA-256 digests.
func equalToken(a, b string) bool {
	x := sha256.Sum256([]byte(a))
	y := sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(x[:], y[:]) == 1
}

// keyBytes turns a configured secret into key bytes: "raw" uses the string
// verbatim, "base64" and "hex" decode it, after stripping prefix if given.
func keyBytes(secret, encoding, prefix string) ([]byte, error) {
	s := secret
	if prefix != "" {
		s = strings.TrimPrefix(s, prefix)
	}
	var b []byte
	var err error
	switch encoding {
	case "", "raw":
		b = []byte(s)
	case "base64":
		b, err = base64.StdEncoding.DecodeString(s)
		if err != nil {
			b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
		}
	case "hex":
		b, err = hex.DecodeString(s)
	default:
		return nil, fmt.Errorf("%w: key encoding %q (want raw, base64 or hex)", ErrBadConfig, encoding)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: secret is not valid %s", ErrBadConfig, encoding)
	}
	if len(b) == 0 {
		return nil, ErrEmptySecret
	}
	return b, nil
}

// sigList splits a header value holding several signatures. sep is the list
// separator (" " for Standard Webhooks, "," for Stripe-style). Each element is
// "name<kv>value"; the values whose name equals want are returned, in order.
// Unknown versions are skipped, as the Standard Webhooks and Stripe SDKs do.
func sigList(header, sep, kv, want string) []string {
	var out []string
	for _, part := range strings.Split(header, sep) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		i := strings.Index(part, kv)
		if i < 0 {
			continue
		}
		if strings.TrimSpace(part[:i]) == want {
			out = append(out, strings.TrimSpace(part[i+len(kv):]))
		}
	}
	return out
}

// anyMAC reports whether any received signature (encoded with enc, after
// stripping prefix) equals HMAC(key, parts) for any of the keys. It returns
// ErrMissingSignature when sigs is empty, ErrMalformedSignature when none of
// them decodes and ErrSignatureMismatch when none matches.
func anyMAC(h func() hash.Hash, keys [][]byte, enc, prefix string, sigs []string, parts ...[]byte) error {
	if len(sigs) == 0 {
		return ErrMissingSignature
	}
	if len(sigs) == 1 && len(keys) == 1 && enc == "hex" {
		return oneHexMAC(h, keys[0], prefix, sigs[0], parts)
	}
	decoded := make([][]byte, 0, len(sigs))
	for _, s := range sigs {
		if prefix != "" {
			if !strings.HasPrefix(s, prefix) {
				continue
			}
			s = s[len(prefix):]
		}
		b, err := decodeSig(enc, s)
		if err != nil {
			continue
		}
		decoded = append(decoded, b)
	}
	if len(decoded) == 0 {
		return ErrMalformedSignature
	}
	for _, k := range keys {
		want := macOf(h, k, parts...)
		for _, got := range decoded {
			if equalMAC(want, got) {
				return nil
			}
		}
	}
	return ErrSignatureMismatch
}

// oneHexMAC is anyMAC for the common case, one key and one hex signature,
// with no further calls of core's own (each costs allocations under Yaegi).
func oneHexMAC(h func() hash.Hash, key []byte, prefix, sig string, parts [][]byte) error {
	if prefix != "" {
		if !strings.HasPrefix(sig, prefix) {
			return ErrMalformedSignature
		}
		sig = sig[len(prefix):]
	}
	got, err := hex.DecodeString(sig)
	if err != nil || len(got) == 0 {
		return ErrMalformedSignature
	}
	if !hmac.Equal(macOf(h, key, parts...), got) {
		return ErrSignatureMismatch
	}
	return nil
}

// matchingKey runs check with all keys (so the caller gets the right error
// when none matches), then finds the single key that verified, for handshakes
// that must answer with the key the provider used (Zoom's encryptedToken).
func matchingKey(keys [][]byte, check func(keys [][]byte) error) ([]byte, error) {
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

// signedInWindow ends an asymmetric signature check: verifies(i) says whether
// key i verifies the signature (any of n may: rotation), and the signed time t
// must then be within tol of now.
func signedInWindow(n int, verifies func(i int) bool, t, now time.Time, tol time.Duration) error {
	ok := false
	for i := 0; i < n && !ok; i++ {
		ok = verifies(i)
	}
	if !ok {
		return ErrSignatureMismatch
	}
	return checkWindow(t, now, tol)
}
