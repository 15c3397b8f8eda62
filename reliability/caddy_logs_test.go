package reliability

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withLogFilter puts CaddyLogFilter into the global log of a caddyfile()
// config, and, with access, adds a site access log to file that uses it too.
func withLogFilter(cf, accessLog string) string {
	cf = strings.Replace(cf, "\t\tformat json\n", "\t\t"+CaddyLogFilter+"\n", 1)
	if accessLog != "" {
		cf = strings.Replace(cf, "{\n\troute ", "{\n\tlog {\n\t\toutput file "+accessLog+"\n\t\t"+CaddyLogFilter+"\n\t}\n\troute ", 1)
	}
	return cf
}

// TestCaddyLogsCarryNoMAC: with the upstream down, answering 503 and up,
// Caddy's whole log at DEBUG (its error log http.log.error, reverse_proxy's
// lines, hookstile's own) and a site access log carry none of the MACs the
// providers sent and none of the re-signatures the upstream got, with the
// shipped log configuration (CaddyLogFilter). Without it they do: Caddy
// logs the request as it arrived, cloned before any handler runs, so
// hookstile cannot remove the headers from it (docs/security.md).
func TestCaddyLogsCarryNoMAC(t *testing.T) {
	up := newUpstream(t)
	t.Run("Caddy's default log format leaks", func(t *testing.T) {
		g := startCaddy(t, func(port int, logPath string) string {
			return caddyfile(port, logPath, routes(up.Addr, ""))
		})
		macs := RunLogScenario(t, g.base, up)
		logs := g.logs(t)
		if !strings.Contains(logs, `"logger":"http.log.error"`) || Leak(logs, macs...) == "" {
			t.Fatalf("the scenario no longer puts a MAC into Caddy's unfiltered log: is CaddyLogFilter still needed?")
		}
	})
	for _, withAccess := range []bool{false, true} {
		withAccess := withAccess
		name := "with the shipped log filter"
		if withAccess {
			name += " and a site access log"
		}
		t.Run(name, func(t *testing.T) { checkFilteredLogs(t, up, withAccess) })
	}
}

func checkFilteredLogs(t *testing.T, up *Upstream, withAccess bool) {
	access := ""
	if withAccess {
		access = filepath.Join(t.TempDir(), "access.log")
	}
	g := startCaddy(t, func(port int, logPath string) string {
		return withLogFilter(caddyfile(port, logPath, routes(up.Addr, "")), access)
	})
	macs := RunLogScenario(t, g.base, up)
	logs := g.logs(t)
	var b []byte
	if withAccess {
		var err error
		b, err = os.ReadFile(access)
		if err != nil || !strings.Contains(string(b), `"logger":"http.log.access`) {
			t.Fatalf("no access log: %v", err)
		}
	}
	// With a site log, Caddy writes the site's error lines there too.
	all := logs + string(b)
	if !strings.Contains(all, `"logger":"http.log.error`) || !strings.Contains(all, `"upstream roundtrip"`) {
		t.Fatalf("the scenario did not reach Caddy's error log and reverse_proxy's debug lines")
	}
	for name, text := range map[string]string{"log": logs, "access log": string(b)} {
		if what := Leak(text, macs...); what != "" {
			for _, l := range strings.Split(text, "\n") {
				if Leak(l, macs...) != "" {
					t.Logf("leaking line: %s", clipText(l, 600))
					break
				}
			}
			t.Errorf("Caddy's %s carries a %s", name, what)
		}
	}
	// What the filter keeps: the request line.
	if !strings.Contains(all, `"uri":"/hooks/github"`) {
		t.Errorf("the filtered log lost the request URI")
	}
}

// TestCaddyfileExampleShipsTheLogFilter: the configuration the README runs
// carries the log filter the test above proves.
func TestCaddyfileExampleShipsTheLogFilter(t *testing.T) {
	for _, f := range []string{"Caddyfile.example", filepath.Join("examples", "caddy", "reference.Caddyfile")} {
		b, err := os.ReadFile(filepath.Join("..", f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "request>headers delete") || !strings.Contains(string(b), "format filter") {
			t.Errorf("%s does not ship the log filter (request>headers delete)", f)
		}
	}
}
