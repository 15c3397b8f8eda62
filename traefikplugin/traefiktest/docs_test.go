package traefiktest

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDocsBlocksAreFiles checks that every fenced block of docs/traefik.md
// is preceded by <!-- file: path --> and is that file's exact content, and
// that every example file the other tests load is shown.
func TestDocsBlocksAreFiles(t *testing.T) {
	root := repoRoot(t)
	doc := string(readFile(t, filepath.Join(root, "docs", "traefik.md")))
	lines := strings.SplitAfter(doc, "\n")
	shown := map[string]bool{}
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "```") {
			continue
		}
		marker := ""
		if i > 0 {
			marker = strings.TrimSpace(lines[i-1])
		}
		if !strings.HasPrefix(marker, "<!-- file: ") || !strings.HasSuffix(marker, " -->") {
			t.Fatalf("docs/traefik.md line %d: fenced block without <!-- file: ... -->", i+1)
		}
		path := strings.TrimSuffix(strings.TrimPrefix(marker, "<!-- file: "), " -->")
		var body strings.Builder
		j := i + 1
		for ; j < len(lines) && !strings.HasPrefix(lines[j], "```"); j++ {
			body.WriteString(lines[j])
		}
		if j == len(lines) {
			t.Fatalf("docs/traefik.md line %d: unterminated block", i+1)
		}
		if want := string(readFile(t, filepath.Join(root, filepath.FromSlash(path)))); body.String() != want {
			t.Errorf("docs/traefik.md: the block for %s is not a copy of the file", path)
		}
		shown[path] = true
		i = j
	}
	for _, f := range []string{"traefik.yml", "traefik-local.yml", "dynamic.yml", "dynamic.toml", "docker-compose.yml"} {
		if !shown["examples/traefik/"+f] {
			t.Errorf("docs/traefik.md does not show examples/traefik/%s", f)
		}
	}
}
