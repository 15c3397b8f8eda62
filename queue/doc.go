// Package queue is hookstile's queue mode: the provider is answered once a
// verified event is durably stored, and an Engine delivers it from there.
//
// An Engine (engine.go) drives a Backend: its workers claim due events,
// send each one re-signed with the attempt's own time (core.Verifier is the
// Signer: same webhook-id, fresh webhook-timestamp), each attempt bounded by
// a timeout, and settle it: a 2xx is done; 408, 429, 5xx, timeouts and
// connection errors are retried with exponential backoff and jitter (never
// below the minimum, Retry-After honoured); any other answer, or attempts
// or max age used up, makes a dead letter that keeps the last status and
// error. Engine implements core.Queue, so core.Verifier.Serve hands it the
// deliveries of queue mode.
//
// A Backend (backend.go) is the storage, with the contract queuetest checks:
// durable Add, exclusive claims with leases that expire when their process
// dies, per-subject limits and coalescing, and the operations of the
// hookstile command (List, Replay, Drop). Spool (spool.go) is the Backend
// on a directory, crash-safe by write, fsync, rename, as Postfix's queue
// and maildir are; a Redis backend keeps the same Record format
// (record.go, JSON).
//
// The package uses the standard library and core only, in the subset of Go
// Yaegi v0.16.1 runs (no select shared between goroutines, no generics):
// the Traefik plugin runs it interpreted, and its tests run interpreted too.
package queue
