package queue

import (
	"errors"
	"time"
)

// Errors of a queue. Enqueue's errors wrap ErrFull, ErrTooLarge or
// ErrUnavailable; the gateway answers them 503, 413 and 503, never 2xx, so
// the provider retries (or, for 413, gives up on an event no queue could take).
var (
	ErrFull        = errors.New("queue full")
	ErrTooLarge    = errors.New("event larger than the queue allows")
	ErrUnavailable = errors.New("queue storage unavailable")
	ErrCorrupt     = errors.New("corrupt queue record")
	// ErrLost: a claim was taken back (its lease expired); whatever the
	// attempt did is not recorded, the event is delivered again.
	ErrLost = errors.New("claim lost")
	// ErrStopped: the engine was stopped.
	ErrStopped = errors.New("queue stopped")
	// ErrNotFound: no event with that webhook-id (or key) in that state.
	ErrNotFound = errors.New("no such event")
)

// Backend is where a queue keeps its events: a spool directory (Spool) or a
// Redis server. One Engine drives any Backend; every method is safe for
// concurrent use and atomic with respect to other processes sharing the same
// storage (a Caddy reload runs the old and the new configuration on one
// directory; several gateways can share one Redis).
//
// The contract, which the spool tests check and a new backend must keep:
//
//   - Add returns nil only once every record is durable (written and
//     fsynced, or acknowledged by Redis). On error some records may be stored
//     (the provider retries; delivery is at least once), none is half-stored.
//   - A record is in exactly one state: pending, in flight (claimed) or dead.
//   - Claim never hands out a record that is in flight, here or elsewhere,
//     until its lease expired; a record whose lease expired (its claimer
//     died) is pending again.
//   - Renew, Done, Retry, Bury and Release return ErrLost when the claim
//     expired and was taken back; then they change nothing.
type Backend interface {
	// Add stores new records. With coalesce, a record whose subject has a
	// pending (not in flight) record replaces it: the stored record is the
	// new one, keeping the old one's place in the queue, schedule and
	// attempts. A record too large for the queue is ErrTooLarge; a full
	// queue ErrFull; a storage failure ErrUnavailable.
	Add(recs []*Record, coalesce bool, now time.Time) error

	// Claim leases up to max records that are due at now, oldest first,
	// each until now+lease. With perSubject > 0, at most perSubject records
	// of one subject are in flight at once (counting every process), and a
	// subject's records are claimed in queue order: one that is not due
	// holds back the later ones. next is when the earliest record left
	// pending becomes due (zero if none).
	Claim(max, perSubject int, now time.Time, lease time.Duration) (claims []*Claim, next time.Time, err error)

	// Renew extends a claim's lease to now+lease.
	Renew(c *Claim, now time.Time, lease time.Duration) error
	// Done removes a delivered record.
	Done(c *Claim) error
	// Retry stores c.Record (updated by the engine: attempts, last error,
	// Next) and makes it pending again.
	Retry(c *Claim, now time.Time) error
	// Bury stores c.Record and makes it a dead letter.
	Bury(c *Claim, now time.Time) error
	// Release gives a claim back without an attempt counted (the engine is
	// stopping): pending again, due at once.
	Release(c *Claim, now time.Time) error

	// List returns every record with its state, in queue order; records
	// that cannot be read are listed with Err set.
	List(now time.Time) ([]Entry, error)
	// Replay makes dead letters pending again, due at now, with a fresh
	// retry budget and their webhook-id. ids are webhook-ids or keys; all
	// replays every dead letter. It returns how many were replayed.
	Replay(ids []string, all bool, now time.Time) (int, error)
	// Drop deletes the named pending or dead events (never one in flight),
	// or with all every dead letter. It returns how many were deleted.
	Drop(ids []string, all bool, now time.Time) (int, error)
	// Stats counts the records by state.
	Stats(now time.Time) (Stats, error)
	// Close releases what the backend holds open (nothing for a spool).
	Close() error
}

// Claim is one record leased to one engine. Token is the backend's own
// handle (for the spool, the claim file's name); engines do not read it.
type Claim struct {
	Record *Record
	Key    string
	Token  string
	Until  time.Time
}
