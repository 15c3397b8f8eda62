package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestDocsBlocks: every block of docs/caddy.md marked <!-- file: path -->
// is an exact copy of that file, and the config files are all marked.
func TestDocsBlocks(t *testing.T) {
	doc := readFile(t, "../../docs/caddy.md")
	re := regexp.MustCompile("(?s)<!-- file: ([^ ]+) -->\n```[a-z]*\n(.*?)```\n")
	seen := map[string]bool{}
	for _, m := range re.FindAllStringSubmatch(doc, -1) {
		seen[m[1]] = true
		if want := readFile(t, "../../"+m[1]); m[2] != want {
			t.Errorf("docs/caddy.md block for %s differs from the file", m[1])
		}
	}
	for _, f := range []string{"Caddyfile.example", "examples/caddy/caddy.json", "examples/caddy/reference.Caddyfile",
		"examples/caddy/send-box.sh", "examples/caddy/send-dropbox.sh"} {
		if !seen[f] {
			t.Errorf("docs/caddy.md has no block for %s", f)
		}
	}
	if !strings.Contains(doc, "xcaddy build --with github.com/hookstile/hookstile/caddymodule") {
		t.Errorf("docs/caddy.md lacks the xcaddy line")
	}
}
