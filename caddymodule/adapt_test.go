package caddymodule

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2/caddyconfig"
	"github.com/caddyserver/caddy/v2/caddytest"
)

var update = flag.Bool("update", false, "rewrite the expected JSON of testdata/adapt/*.caddyfiletest")

const adaptSep = "----------"

// TestCaddyfileAdapt runs every testdata/adapt/*.caddyfiletest: a Caddyfile,
// a "----------" line, then the expected JSON or "error: <substring>".
func TestCaddyfileAdapt(t *testing.T) {
	files, err := filepath.Glob("testdata/adapt/*.caddyfiletest")
	if err != nil || len(files) < 5 {
		t.Fatalf("golden files: %v %v", files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			in, want, ok := strings.Cut(string(raw), adaptSep+"\n")
			if !ok {
				t.Fatalf("%s: no %s line", f, adaptSep)
			}
			want = strings.TrimSpace(want)
			if msg, isErr := strings.CutPrefix(want, "error: "); isErr {
				_, _, err := caddyconfig.GetAdapter("caddyfile").Adapt([]byte(in), nil)
				if err == nil || !strings.Contains(err.Error(), msg) {
					t.Fatalf("adapt error = %v, want it to contain %q", err, msg)
				}
				return
			}
			if *update {
				out, _, err := caddyconfig.GetAdapter("caddyfile").Adapt([]byte(in), nil)
				if err != nil {
					t.Fatal(err)
				}
				var pretty bytes.Buffer
				if err := json.Indent(&pretty, out, "", "\t"); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(f, []byte(in+adaptSep+"\n"+pretty.String()+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want == "" {
				t.Fatalf("%s: empty expectation (run go test -run TestCaddyfileAdapt -update and review)", f)
			}
			if !caddytest.CompareAdapt(t, f, in, "caddyfile", want) {
				t.Errorf("%s: adapted JSON differs (diff above)", f)
			}
		})
	}
}
