// Package resp is a small Redis client written with the standard library
// only, in the subset of Go that Yaegi (the interpreter Traefik runs
// plugins with) runs: go-redis does not run there. It speaks RESP2 over
// TCP or TLS, keeps a bounded pool of connections with dial, read and
// write timeouts, authenticates (AUTH with or without a user name) and
// selects the database on connect, pipelines, and runs Lua scripts with
// EVALSHA, falling back to EVAL on NOSCRIPT.
//
// A connection that fails in any way is closed and never reused; the next
// call dials again, so the client reconnects by itself. Errors name the
// server by its URL with the password hidden.
package resp
