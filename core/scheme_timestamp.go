package core

import (
	"crypto/sha256"
	"strings"
	"time"
)

// tsMAC is the timestamped HMAC scheme "<head><timestamp>:<body>": one
// header carries "<prefix><hex HMAC-SHA256>", another the timestamp, which is
// signed and checked against a window both ways. Slack, Zoom and Frame.io
// sign "v0:" with "v0=" signatures, Pinwheel "v2:" with "v2="; Airship signs
// "<timestamp>:<body>" with unprefixed signatures.
type tsMAC struct {
	sigHeader string
	tsHeader  string
	prefix    string // before the signature ("v0=")
	head      string // before the timestamp in the signed content ("v0:")
	unit      string // timestamp unit (unitSeconds, unitAuto)
	trim      bool   // the timestamp is trimmed before it is signed (Pinwheel)
}

// verify checks r's signature over body (the request body, or what the
// provider signs instead) with keys and window tol, and returns the signed
// timestamp.
func (s *tsMAC) verify(r *Request, keys [][]byte, tol time.Duration, body []byte) (time.Time, error) {
	sigs := r.Header.Values(s.sigHeader)
	if len(sigs) == 0 {
		return time.Time{}, ErrMissingSignature
	}
	ts := r.Header.Get(s.tsHeader)
	if s.trim {
		ts = strings.TrimSpace(ts)
	}
	t, err := parseTime(ts, s.unit)
	if err != nil {
		return time.Time{}, err
	}
	if err := anyMAC(sha256.New, keys, "hex", s.prefix, sigs, []byte(s.head), []byte(ts), []byte(":"), body); err != nil {
		return time.Time{}, err
	}
	if err := checkWindow(t, r.Now, tol); err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// v0 is the "v0:{ts}:{body}" scheme of Slack, Zoom and Frame.io.
func v0(sigHeader, tsHeader string) tsMAC {
	return tsMAC{sigHeader: sigHeader, tsHeader: tsHeader, prefix: "v0=", head: "v0:", unit: unitSeconds}
}
