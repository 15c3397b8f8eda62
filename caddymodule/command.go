package caddymodule

import (
	"errors"
	"os"

	caddycmd "github.com/caddyserver/caddy/v2/cmd"
	"github.com/spf13/cobra"

	"github.com/hookstile/hookstile/internal/cli"
)

// The hookstile command, as `caddy hookstile ...` in every Caddy built with
// the module: the same subcommands and exit codes as
// `go run github.com/hookstile/hookstile/cmd/hookstile`.
func init() {
	caddycmd.RegisterCommand(caddycmd.Command{
		Name:  "hookstile",
		Usage: "<command> [arguments]",
		Short: "Lists hookstile's providers, signs and sends test webhook deliveries, operates queues",
		Long: `
Runs the hookstile command (caddy hookstile help lists its subcommands):

  caddy hookstile providers [<name>]
  caddy hookstile sign <provider> --secret S [--body F|-] [--option k=v] [--url U]
  caddy hookstile send <provider> --secret S --url U [--body F|-] [--option k=v]
  caddy hookstile queue ls|show|replay|drop <dir> [<id>...|--all]

sign prints a delivery signed exactly as the provider signs it; send posts it
to a route and prints the answer (exit 0 on a 2xx, 1 otherwise). queue works
on a queue's spool directory, safely while Caddy runs on it.`,
		CobraFunc: func(cmd *cobra.Command) {
			// The hookstile command parses its own flags.
			cmd.DisableFlagParsing = true
			cmd.RunE = func(c *cobra.Command, args []string) error {
				code := cli.RunAs("caddy hookstile", args, os.Stdin, c.OutOrStdout(), c.ErrOrStderr())
				c.SilenceErrors = true
				switch {
				case code == 0:
					return nil
				case code == 1:
					return errors.New("hookstile: failed")
				}
				// Caddy's wrapper carries an exit code above 1 to caddycmd.Main.
				return caddycmd.WrapCommandFuncForCobra(func(caddycmd.Flags) (int, error) { return code, nil })(c, args)
			}
		},
	})
}
