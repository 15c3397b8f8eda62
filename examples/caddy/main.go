// Command caddy is Caddy with the standard modules, the hookstile handler
// and the example receiver: what `xcaddy build --with
// github.com/hookstile/hookstile/caddymodule` produces, plus the demo
// upstream that Caddyfile.example routes to.
//
//	go run ./examples/caddy run --config Caddyfile.example
package main

import (
	caddycmd "github.com/caddyserver/caddy/v2/cmd"

	_ "github.com/caddyserver/caddy/v2/modules/standard"

	_ "github.com/hookstile/hookstile/caddymodule"
	_ "github.com/hookstile/hookstile/examples/receiver"
)

func main() {
	caddycmd.Main()
}
