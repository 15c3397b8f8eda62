package hookstile_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hookstile/hookstile/core"
)

// docFiles are the documents whose config blocks must be copies of files.
func docFiles(t *testing.T) []string {
	files := []string{"README.md"}
	more, err := filepath.Glob(filepath.Join("docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	return append(files, more...)
}

var fileMarker = regexp.MustCompile("(?m)^<!-- file: ([^ ]+) -->\\n```[a-z]*\\n")

// TestDocBlocksAreCopiesOfFiles checks that every fenced block announced by
// "<!-- file: path -->" is exactly the content of that file, and that every
// config or code block (Caddyfile, YAML, TOML, JSON, Go) is announced that way.
func TestDocBlocksAreCopiesOfFiles(t *testing.T) {
	for _, doc := range docFiles(t) {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		locs := fileMarker.FindAllStringSubmatchIndex(text, -1)
		for _, loc := range locs {
			path := text[loc[2]:loc[3]]
			rest := text[loc[1]:]
			end := strings.Index(rest, "```")
			if end < 0 {
				t.Errorf("%s: block for %s is not closed", doc, path)
				continue
			}
			want, err := os.ReadFile(filepath.FromSlash(path))
			if err != nil {
				t.Errorf("%s: %v", doc, err)
				continue
			}
			if rest[:end] != string(want) {
				t.Errorf("%s: the block for %s differs from the file", doc, path)
			}
		}
		// Config blocks must be announced.
		fence := regexp.MustCompile("(?m)^```(caddyfile|yaml|yml|toml|json|go)\\n")
		for _, m := range fence.FindAllStringIndex(text, -1) {
			before := text[:m[0]]
			lines := strings.Split(strings.TrimRight(before, "\n"), "\n")
			if !strings.HasPrefix(lines[len(lines)-1], "<!-- file: ") {
				t.Errorf("%s: a %s block is not a copy of a tested file (no <!-- file: --> marker)", doc, strings.Trim(text[m[0]:m[1]], "`\n"))
			}
		}
	}
}

const tableBegin, tableEnd = "<!-- providers:begin -->", "<!-- providers:end -->"

// providerTable renders the README's provider table from core.
func providerTable() string {
	var sb strings.Builder
	sb.WriteString("| Provider | Aliases | Handshake answered at the edge | Signature scheme | Secret |\n")
	sb.WriteString("|---|---|---|---|---|\n")
	names := core.Providers()
	sort.Strings(names)
	cell := func(s string) string {
		if s == "" {
			return "—"
		}
		return strings.ReplaceAll(s, "|", "\\|")
	}
	for _, n := range names {
		d, _ := core.Describe(n)
		sb.WriteString("| `" + n + "` | " + cell(strings.Join(d.Aliases, ", ")) + " | " + cell(d.Handshake) + " | " +
			cell(d.Scheme) + " | " + cell(d.Secret) + " |\n")
	}
	return sb.String()
}

// TestReadmeProviderTable keeps the README's provider table equal to what core
// provides. Run with UPDATE_README=1 to rewrite the table.
func TestReadmeProviderTable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i, j := strings.Index(text, tableBegin), strings.Index(text, tableEnd)
	if i < 0 || j < i {
		t.Fatal("README.md has no provider table markers")
	}
	want := providerTable()
	got := text[i+len(tableBegin)+1 : j]
	if got == want {
		return
	}
	if os.Getenv("UPDATE_README") == "1" {
		text = text[:i+len(tableBegin)+1] + want + text[j:]
		if err := os.WriteFile("README.md", []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("README.md's provider table differs from core.Providers(); run UPDATE_README=1 go test -run TestReadmeProviderTable .")
}
