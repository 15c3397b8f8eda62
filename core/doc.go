// Package core verifies webhook deliveries at the edge: it answers provider
// handshakes, checks signatures, replay windows and duplicates, normalizes a
// delivery into one envelope and re-signs it with the operator's key.
//
// It uses the standard library only and is written in the subset of Go that
// Yaegi v0.16.1 interprets, so the Traefik plugin can run it unchanged.
//
// A route builds one Verifier from a Config, then, for every request:
//
//	o, err := v.Inspect(r)          // bounded read, verify, dedup, encode
//	if err != nil {                 // reject: v.Status(err) is the HTTP status
//		http.Error(w, http.StatusText(v.Status(err)), v.Status(err))
//		return
//	}
//	if o.Reply != nil {             // handshake or duplicate: answer at the edge
//		writeReply(w, o.Reply)
//		return
//	}
//	o.Apply(r)                      // new body, re-signed headers
//	delivered := forward(w, r)      // upstream answered 2xx?
//	v.Finish(o, delivered)          // a failed delivery may be retried
//
// Errors wrap the sentinels of errors.go; StatusOf maps them to statuses and
// Reason to short names for logs and metrics. No error message, log line or
// response carries a secret or a computed MAC.
package core
