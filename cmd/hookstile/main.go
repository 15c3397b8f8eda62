// Command hookstile lists the providers hookstile verifies, and signs and
// sends test deliveries exactly as each provider does, to test a route end
// to end:
//
//	go run github.com/hookstile/hookstile/cmd/hookstile providers
//	go run github.com/hookstile/hookstile/cmd/hookstile sign dropbox --secret S
//	go run github.com/hookstile/hookstile/cmd/hookstile send box --secret S --url http://127.0.0.1:8080/hooks/box
//
// The same subcommands run as `caddy hookstile ...` in a Caddy built with
// the module.
package main

import (
	"os"

	"github.com/hookstile/hookstile/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
