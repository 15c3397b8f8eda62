package core

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Replay keys from signed material (design.md "Replay keys come from signed
// material"). Every provider names what its signature covers, so that a copy
// of a captured delivery that changes only unsigned parts (an id header, a
// type header, whitespace where the body is not signed) is recognized:
//
//   - a delivery id the signature covers is the provider's DeliveryID (a
//     Standard Webhooks webhook-id, an id inside a signed body), or addKey;
//   - for a signed timestamp, signedKey: a digest of the timestamp and the
//     signed bytes, remembered twice the window (a timestamp ahead of the
//     clock is accepted as far);
//   - for body-only schemes (and token schemes, where the body is all there
//     is), bodyKey: a digest of the body, remembered for the route's dedup
//     window (24 h by default), none with dedup off. Notification-style
//     providers (Dropbox, Microsoft Graph, Google Drive), whose identical
//     bodies are distinct notifications, add none.
//
// A delivery id from an unsigned header still names the event (a provider's
// retry, re-signed with a new timestamp, is recognized by it), but it never
// alone decides that a delivery is new: any known key makes it a duplicate.

// ttlDedup asks for the route's dedup window, and for no key at all when
// duplicate detection is off.
const ttlDedup = -1

// bodyKey names the delivery by the digest of its body.
func (ev *Event) bodyKey(body []byte) {
	sum := sha256.Sum256(body)
	ev.addKey("body", hex.EncodeToString(sum[:]), ttlDedup)
}

// urlBodyKey names the delivery by the digest of the signed URL and body
// (Twilio), remembered as bodyKey is.
func (ev *Event) urlBodyKey(u string, body []byte) {
	h := sha256.New()
	h.Write([]byte(strconv.Itoa(len(u)) + ":" + u + ":"))
	h.Write(body)
	ev.addKey("url", hex.EncodeToString(h.Sum(nil)), ttlDedup)
}

// signedKey names the delivery by the digest of a signed timestamp (or
// nonce, or token) and the signed bytes; window is how far the timestamp
// may be from now (0: remembered for the route's dedup window).
func (ev *Event) signedKey(ts string, signed []byte, window time.Duration) {
	h := sha256.New()
	h.Write([]byte(strconv.Itoa(len(ts)) + ":" + ts + ":"))
	h.Write(signed)
	ev.addKey("signed", hex.EncodeToString(h.Sum(nil)), 2*window)
}

// unsignedType records that ev.Type came from a header the signature does
// not cover: the forwarded event says so (CloudEvents extension typesource,
// header Hookstile-Type-Source), so the application does not rely on it.
func (ev *Event) unsignedType() {
	if ev.Type != "" {
		ev.typeSource = "header"
	}
}
