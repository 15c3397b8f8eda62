// Package cli is the hookstile command: the same subcommands run as
// `hookstile ...` (cmd/hookstile) and as `caddy hookstile ...` in every
// Caddy built with the module (caddymodule/command.go).
package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// command is one subcommand. Adding one is one line in commands.
type command struct {
	name  string
	usage string
	short string
	run   func(e *env, args []string) int
}

var commands = []command{
	{"providers", "[<name>]", "list the providers, or describe one", providersCmd},
	{"sign", signUsage, "print a delivery signed as the provider signs it", signCmd},
	{"send", sendUsage, "send a signed delivery (test a route end to end)", sendCmd},
	{"queue", queueUsage, "list, show, replay or drop a queue's events (safe while a gateway runs)", queueCmd},
}

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1 // the command ran and failed (send: not a 2xx)
	exitUsage = 2 // bad arguments
)

// env is where a command reads and writes.
type env struct {
	prog   string // "hookstile" or "caddy hookstile"
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func (e *env) errorf(format string, args ...interface{}) {
	fmt.Fprintf(e.stderr, "hookstile: "+format+"\n", args...)
}

// usageErr reports a usage error and returns exitUsage.
func (e *env) usageErr(format string, args ...interface{}) int {
	e.errorf(format, args...)
	return exitUsage
}

// Run runs the hookstile command with args (without the program name) and
// returns its exit code: 0 success, 1 failure, 2 usage error.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return RunAs("hookstile", args, stdin, stdout, stderr)
}

// RunAs is Run with the program name shown in usage text.
func RunAs(prog string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{prog: prog, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		e.usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		e.usage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	if s := nearest(args[0], names); s != "" {
		msg += "; did you mean " + s + "?"
	}
	e.errorf("%s (%s help lists the commands)", msg, prog)
	return exitUsage
}

func (e *env) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: %s <command> [arguments]\n\ncommands:\n", e.prog)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n            %s\n", c.name, c.usage, c.short)
	}
	fmt.Fprintf(w, "\n%s providers <name> shows a provider's scheme, secret and options.\n", e.prog)
}

// nearest returns the candidate closest to s (edit distance), or "" when
// none is close.
func nearest(s string, candidates []string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	norm := strings.NewReplacer("-", "_", " ", "_", ".", "_").Replace(s)
	best, bestD := "", -1
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	for _, c := range sorted {
		d := distance(norm, c)
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > 2+len(s)/3 {
		return ""
	}
	return best
}

// distance is the optimal string alignment distance of a and b:
// insertions, deletions, substitutions and transpositions of neighbours.
func distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := 0; j <= len(b); j++ {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			m := d[i-1][j] + 1
			if v := d[i][j-1] + 1; v < m {
				m = v
			}
			if v := d[i-1][j-1] + cost; v < m {
				m = v
			}
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				if v := d[i-2][j-2] + 1; v < m {
					m = v
				}
			}
			d[i][j] = m
		}
	}
	return d[len(a)][len(b)]
}
