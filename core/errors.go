package core

import (
	"errors"
	"net/http"
)

// Sentinel errors. Verification paths wrap them with %w and a short, lower-case
// context ("box: signature mismatch"); callers match them with errors.Is.
// None of the wrapped messages ever carries a secret or a computed MAC.
var (
	// Request errors: something about this delivery is wrong.
	ErrMissingSignature    = errors.New("missing signature")
	ErrMalformedSignature  = errors.New("malformed signature")
	ErrSignatureMismatch   = errors.New("signature mismatch")
	ErrMissingTimestamp    = errors.New("missing timestamp")
	ErrMalformedTimestamp  = errors.New("malformed timestamp")
	ErrStaleTimestamp      = errors.New("timestamp too old")
	ErrFutureTimestamp     = errors.New("timestamp too far in the future")
	ErrReplayed            = errors.New("signature already used")
	ErrBodyTooLarge        = errors.New("body too large")
	ErrMalformedPayload    = errors.New("malformed payload")
	ErrMethodNotAllowed    = errors.New("method not allowed")
	ErrUnsupportedMedia    = errors.New("unsupported media type")
	ErrBadChallenge        = errors.New("bad handshake challenge")
	ErrDeliveryInFlight    = errors.New("same delivery is being processed")
	ErrVerifyTokenMismatch = errors.New("verify token mismatch")
	ErrRemoteKey           = errors.New("verification key unavailable")
	ErrIPNotAllowed        = errors.New("source address not allowed")

	// Failures of what a route depends on: the provider gets 503 and retries.
	ErrStoreUnavailable = errors.New("store unavailable")
	ErrQueueUnavailable = errors.New("queue unavailable")

	// Configuration errors: returned by New, so a route never starts half-configured.
	ErrUnknownProvider = errors.New("unknown provider")
	ErrEmptySecret     = errors.New("empty secret")
	ErrBadConfig       = errors.New("invalid configuration")
)

// StatusOf maps an error from this package to the HTTP status both adapters
// answer with. Unknown errors are 500. Verifier.Status applies a provider's
// own preference (Discord and Xero want 401 for every authentication failure).
func StatusOf(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, ErrBodyTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrMethodNotAllowed):
		return http.StatusMethodNotAllowed
	case errors.Is(err, ErrUnsupportedMedia):
		return http.StatusUnsupportedMediaType
	case errors.Is(err, ErrDeliveryInFlight):
		return http.StatusConflict
	case errors.Is(err, ErrVerifyTokenMismatch):
		return http.StatusForbidden
	case errors.Is(err, ErrIPNotAllowed):
		return http.StatusForbidden
	case errors.Is(err, ErrRemoteKey):
		return http.StatusServiceUnavailable
	case errors.Is(err, ErrStoreUnavailable):
		return http.StatusServiceUnavailable
	case errors.Is(err, ErrQueueUnavailable):
		return http.StatusServiceUnavailable
	case errors.Is(err, ErrSignatureMismatch) || errors.Is(err, ErrStaleTimestamp) || errors.Is(err, ErrFutureTimestamp) || errors.Is(err, ErrReplayed):
		// Yaegi v0.16.1 mis-evaluates a tagless switch case with several
		// expressions: keep one boolean expression per case.
		return http.StatusUnauthorized
	case isAuthFailure(err) || errors.Is(err, ErrMalformedPayload) || errors.Is(err, ErrBadChallenge):
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// isAuthFailure reports whether err means "this request did not prove it came
// from the provider" (as opposed to a size, method or media-type problem).
func isAuthFailure(err error) bool {
	return errors.Is(err, ErrMissingSignature) || errors.Is(err, ErrMalformedSignature) ||
		errors.Is(err, ErrSignatureMismatch) || errors.Is(err, ErrMissingTimestamp) ||
		errors.Is(err, ErrMalformedTimestamp) || errors.Is(err, ErrStaleTimestamp) ||
		errors.Is(err, ErrFutureTimestamp) || errors.Is(err, ErrReplayed)
}

// Reason is a short machine-friendly name for err, for logs and metrics labels.
func Reason(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, ErrMissingSignature):
		return "missing_signature"
	case errors.Is(err, ErrMalformedSignature):
		return "malformed_signature"
	case errors.Is(err, ErrSignatureMismatch):
		return "signature_mismatch"
	case errors.Is(err, ErrMissingTimestamp):
		return "missing_timestamp"
	case errors.Is(err, ErrMalformedTimestamp):
		return "malformed_timestamp"
	case errors.Is(err, ErrStaleTimestamp):
		return "stale_timestamp"
	case errors.Is(err, ErrFutureTimestamp):
		return "future_timestamp"
	case errors.Is(err, ErrReplayed):
		return "replayed"
	case errors.Is(err, ErrBodyTooLarge):
		return "body_too_large"
	case errors.Is(err, ErrMalformedPayload):
		return "malformed_payload"
	case errors.Is(err, ErrMethodNotAllowed):
		return "method_not_allowed"
	case errors.Is(err, ErrUnsupportedMedia):
		return "unsupported_media_type"
	case errors.Is(err, ErrBadChallenge):
		return "bad_challenge"
	case errors.Is(err, ErrDeliveryInFlight):
		return "in_flight"
	case errors.Is(err, ErrVerifyTokenMismatch):
		return "verify_token_mismatch"
	case errors.Is(err, ErrRemoteKey):
		return "remote_key_unavailable"
	case errors.Is(err, ErrIPNotAllowed):
		return "ip_not_allowed"
	case errors.Is(err, ErrStoreUnavailable):
		return "store_unavailable"
	case errors.Is(err, ErrQueueUnavailable):
		return "queue_unavailable"
	}
	return "internal"
}
