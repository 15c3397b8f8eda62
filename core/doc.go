// Package core verifies webhook deliveries at the edge: it answers provider
// handshakes, checks signatures, replay windows and duplicates, normalizes a
// delivery into one envelope and re-signs it with the operator's key.
//
// It uses the standard library only and is written in the subset of Go that
// Yaegi v0.16.1 interprets, so the Traefik plugin can run it unchanged.
//
// A route builds one Verifier from a Config, then, for every request:
//
//	s := v.Serve(w, r, next)        // bounded read, verify, dedup, encode, forward
//	if s.Err != nil {               // rejected: nothing written yet
//		core.WriteRejection(w, s.Status)
//	}
//
// Serve answers handshakes and duplicates at the edge, forwards a verified
// delivery through next (an Upstream; HandlerUpstream adapts an
// http.Handler), holds the upstream's answer back where the provider needs
// its own acknowledgement, and marks the delivery's replay keys delivered or
// releases them. With Config.Queue set it hands the delivery to the queue
// instead and answers once it is durable. Inspect, Apply and Finish are the
// steps it is made of, for callers that must sequence them themselves.
//
// Errors wrap the sentinels of errors.go; StatusOf maps them to statuses and
// Reason to short names for logs and metrics. No error message, log line or
// response carries a secret or a computed MAC.
package core
