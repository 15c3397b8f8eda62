package caddymodule

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
)

// Caddy expands {$NAME} and {$NAME:default} in the raw Caddyfile text
// before it is split into tokens, so an unset variable leaves an empty or
// missing argument and its name is gone from the tokens. envHint recovers
// it: it reads the line the error is about from the Caddyfile and names
// every {$NAME} on it that expands to nothing. Only variable names are
// reported, never a value or a default (a default may be a secret).
var envVarRef = regexp.MustCompile(`\{\$([^{}:]+)(:[^{}]*)?\}`)

// maxHintFile bounds how much of a Caddyfile is read for a hint.
const maxHintFile = 4 << 20

func envHint(file string, line int) string {
	text, ok := readLine(file, line)
	if !ok {
		return ""
	}
	var parts []string
	for _, m := range envVarRef.FindAllStringSubmatch(text, -1) {
		name, def := m[1], strings.TrimPrefix(m[2], ":")
		v, found := os.LookupEnv(name)
		switch {
		case found && v == "":
			parts = append(parts, "{$"+name+"} is empty")
		case !found && def == "":
			parts = append(parts, "{$"+name+"} is not set")
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// readLine returns line (1-based) of file, if it is a readable Caddyfile.
func readLine(file string, line int) (string, bool) {
	if file == "" || line < 1 {
		return "", false
	}
	if fi, err := os.Stat(file); err != nil || !fi.Mode().IsRegular() || fi.Size() > maxHintFile {
		return "", false
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", false
	}
	lines := strings.Split(string(b), "\n")
	if line > len(lines) {
		return "", false
	}
	return lines[line-1], true
}

// onLine reports whether val is written literally on the line (true when
// the file cannot be read: then nothing is known).
func onLine(file string, line int, val string) bool {
	text, ok := readLine(file, line)
	return !ok || strings.Contains(text, val)
}

// errHint is d.Errf with the hint about unset {$NAME} variables of the
// current line appended.
func errHint(d *caddyfile.Dispenser, format string, args ...any) error {
	return d.Errf("%s%s", fmt.Sprintf(format, args...), envHint(d.File(), d.Line()))
}
