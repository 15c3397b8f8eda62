package queue

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// RecordVersion is the version of the record format written by this code.
const RecordVersion = 1

// Record is one queued event as it is stored: the JSON of a spool file, and
// of a Redis entry, so every backend and both gateways read the same format.
//
// The body is the normalized, unsigned event (what the upstream gets); the
// signature headers are computed again at every attempt, with that attempt's
// time, so they are never stored.
type Record struct {
	Version  int    `json:"v"`
	ID       string `json:"id"` // webhook-id: the same at every attempt, replays included
	Provider string `json:"provider"`
	Type     string `json:"type,omitempty"`
	Subject  string `json:"subject,omitempty"`
	Source   string `json:"source,omitempty"`
	// URL is the path and query the provider posted to, for delivery through
	// the gateway's own route (Traefik without `to`).
	URL  string `json:"url,omitempty"`
	Host string `json:"host,omitempty"`
	// Header holds the content type and the Ce-* / Hookstile-* headers of
	// the event, never a signature.
	Header http.Header `json:"header,omitempty"`
	Body   []byte      `json:"body"`
	// Sum is the hex SHA-256 of Body: a record whose body does not match is
	// corrupt (edited or damaged) and set aside.
	Sum string `json:"sum"`

	// Created is when the newest event held by this record was accepted
	// from the provider; Queued is when the record took its place in the
	// queue (the oldest change it carries). max_age counts from Queued.
	Created time.Time `json:"created"`
	Queued  time.Time `json:"queued"`
	// Merged counts the events coalesced into this one.
	Merged int `json:"merged,omitempty"`

	Attempts    int       `json:"attempts"`
	Next        time.Time `json:"next"`         // not delivered before
	LastAttempt time.Time `json:"last_attempt"` // zero before the first attempt
	LastStatus  int       `json:"last_status,omitempty"`
	LastError   string    `json:"last_error,omitempty"`
	Died        time.Time `json:"died"` // when it became a dead letter; zero otherwise
}

// Prepare completes a record built from an event accepted at now: format
// version, checksum, times, and the header without signature or hop-by-hop
// headers.
func (r *Record) Prepare(now time.Time) *Record {
	r.Version = RecordVersion
	r.Header = cleanHeader(r.Header)
	r.Sum = bodySum(r.Body)
	if r.Created.IsZero() {
		r.Created = now.UTC()
	}
	r.Queued = r.Created
	r.Next = r.Created
	return r
}

// signatureHeaders are never stored: every attempt signs again.
var signatureHeaders = []string{"Webhook-Signature", "Webhook-Timestamp", "Elements-Webhook-Signature"}

// cleanHeader copies h without signature or hop-by-hop headers.
func cleanHeader(h http.Header) http.Header {
	out := http.Header{}
	for k, vs := range h {
		ck := http.CanonicalHeaderKey(k)
		skip := ck == "Content-Length" || ck == "Connection" || ck == "Transfer-Encoding"
		for _, s := range signatureHeaders {
			if ck == s {
				skip = true
			}
		}
		if skip {
			continue
		}
		out[ck] = append([]string(nil), vs...)
	}
	return out
}

func bodySum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Encode returns the stored form of r.
func (r *Record) Encode() ([]byte, error) {
	r.Header = cleanHeader(r.Header)
	r.Sum = bodySum(r.Body)
	return json.Marshal(r)
}

// DecodeRecord parses a stored record and checks it: a truncated, edited or
// otherwise damaged record is an error wrapping ErrCorrupt.
func DecodeRecord(b []byte) (*Record, error) {
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if r.Version < 1 || r.Version > RecordVersion {
		return nil, fmt.Errorf("%w: unknown record version %d", ErrCorrupt, r.Version)
	}
	if !validID(r.ID) {
		return nil, fmt.Errorf("%w: bad webhook-id", ErrCorrupt)
	}
	if r.Provider == "" {
		return nil, fmt.Errorf("%w: no provider", ErrCorrupt)
	}
	if r.Sum != bodySum(r.Body) {
		return nil, fmt.Errorf("%w: body does not match its checksum", ErrCorrupt)
	}
	if r.Queued.IsZero() || r.Created.IsZero() {
		return nil, fmt.Errorf("%w: no queued time", ErrCorrupt)
	}
	return &r, nil
}

// validID accepts the webhook-ids core produces (and nothing that could
// break a header or a file name).
func validID(s string) bool {
	if len(s) == 0 || len(s) > 200 {
		return false
	}
	return strings.Trim(s, idChars) == ""
}

const idChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-:"

// States of an entry, as `hookstile queue ls` prints them.
const (
	StatePending  = "pending"
	StateInFlight = "in flight"
	StateDead     = "dead"
)

// Entry is one record with where it stands, for listing.
type Entry struct {
	Key    string // the backend's name for the record (stable while it lives)
	State  string
	Record *Record // nil when the record could not be read (Err says why)
	// Until is the lease expiry of an event in flight.
	Until time.Time
	Err   error
}

// Stats is a snapshot of a queue.
type Stats struct {
	Pending  int
	InFlight int
	Dead     int
	Bytes    int64
	// Oldest is the queued time of the oldest pending or in-flight event
	// (zero when there is none).
	Oldest time.Time
}
