package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The install commands the README gives, run by TestXcaddyBuild from the
// checkout's root.
const (
	readmeXcaddy     = "xcaddy build --with github.com/hookstile/hookstile/caddymodule --replace github.com/hookstile/hookstile=."
	readmeXcaddyDemo = readmeXcaddy + " --with github.com/hookstile/hookstile/examples/receiver"
	// xcaddyVersion is the xcaddy release installed from the Go module proxy.
	xcaddyVersion = "v0.4.5"
)

// TestXcaddyBuild does what the README's "Install" tells a user: it installs
// xcaddy from the Go module proxy (into a temporary GOBIN), builds Caddy
// with the module from this checkout with the README's exact commands, then
// runs `caddy list-modules`, `caddy adapt` on the reference config and on
// the demo, `caddy hookstile providers`, and the demo itself (log lines and
// metrics as in TestDemoObservability). It takes minutes the first time
// (xcaddy builds with -trimpath, so nothing is shared with this package's
// own build), so it runs only with HOOKSTILE_XCADDY=1, as .ci/run sets.
func TestXcaddyBuild(t *testing.T) {
	if os.Getenv("HOOKSTILE_XCADDY") != "1" {
		t.Skip("HOOKSTILE_XCADDY=1 runs it (.ci/run does): installs xcaddy and builds Caddy with it, minutes the first time")
	}
	readme := readFile(t, "../../README.md")
	for _, c := range []string{readmeXcaddy, readmeXcaddyDemo} {
		if !strings.Contains(readme, c) {
			t.Fatalf("README.md no longer gives %q: update this test with it", c)
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	env := xcaddyEnv()
	gobin := t.TempDir()
	install := exec.CommandContext(ctx, "go", "install", "github.com/caddyserver/xcaddy/cmd/xcaddy@"+xcaddyVersion)
	install.Env = append(env, "GOBIN="+gobin)
	install.Dir = t.TempDir()
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install xcaddy@%s: %v\n%s", xcaddyVersion, err, out)
	}
	xcaddy := filepath.Join(gobin, "xcaddy")
	// Pin Caddy to the version this module requires (xcaddy's default is
	// the latest release): CADDY_VERSION is xcaddy's own setting.
	v, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", "github.com/caddyserver/caddy/v2").Output()
	if err != nil {
		t.Fatalf("go list caddy: %v", err)
	}
	env = append(env, "CADDY_VERSION="+strings.TrimSpace(string(v)))
	out := t.TempDir()
	build := func(command, bin string) string {
		t.Helper()
		args := append(strings.Fields(command)[1:], "--output", bin)
		cmd := exec.CommandContext(ctx, xcaddy, args...)
		cmd.Dir, cmd.Env = root, env
		start := time.Now()
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", command, err, b)
		}
		t.Logf("%s: built in %v", command, time.Since(start).Round(time.Second))
		return bin
	}
	caddy := func(bin string, args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
		b, err := cmd.CombinedOutput()
		return string(b), err
	}

	// The plugin alone: the module is registered by the package --with imports.
	plain := build(readmeXcaddy, filepath.Join(out, "caddy-plain"))
	mods, err := caddy(plain, "list-modules")
	if err != nil || !strings.Contains(mods, "http.handlers.hookstile\n") || strings.Contains(mods, "hookstile_receiver") {
		t.Errorf("list-modules of %s: %v\n%s", readmeXcaddy, err, mods)
	}
	if o, err := caddy(plain, "adapt", "--config", "examples/caddy/reference.Caddyfile"); err != nil || !strings.Contains(o, `"handler":"hookstile"`) {
		t.Errorf("adapt reference.Caddyfile: %v\n%s", err, o)
	}
	// The demo says in its first line that it needs the receiver too.
	if o, err := caddy(plain, "adapt", "--config", "Caddyfile.example"); err == nil || !strings.Contains(o, "hookstile_receiver") {
		t.Errorf("adapt Caddyfile.example without the receiver: %v\n%s", err, o)
	}
	if first, _, _ := strings.Cut(readFile(t, exampleCaddyfile), "\n"); !strings.Contains(first, "example receiver") {
		t.Errorf("Caddyfile.example's first line does not say which build it needs: %q", first)
	}
	if o, err := caddy(plain, "hookstile", "providers", "box"); err != nil || !strings.Contains(o, "BOX-SIGNATURE-PRIMARY") {
		t.Errorf("caddy hookstile providers box: %v\n%s", err, o)
	}

	// The demo build: Caddyfile.example adapts and runs.
	demo := build(readmeXcaddyDemo, filepath.Join(out, "caddy-demo"))
	if mods, err := caddy(demo, "list-modules"); err != nil || !strings.Contains(mods, "http.handlers.hookstile\n") || !strings.Contains(mods, "http.handlers.hookstile_receiver\n") {
		t.Errorf("list-modules of %s: %v\n%s", readmeXcaddyDemo, err, mods)
	}
	if o, err := caddy(demo, "adapt", "--config", "Caddyfile.example"); err != nil {
		t.Errorf("adapt Caddyfile.example: %v\n%s", err, o)
	}
	e := exampleEnv(t, "")
	c := startCaddyBinary(t, demo, exampleCaddyfile, e)
	checkObservability(t, c, e["METRICS_PORT"])
}

// xcaddyEnv is the environment xcaddy runs in. GOFLAGS=-mod=readonly (as
// .ci/run sets) would stop the `go get` xcaddy runs in its own build module.
// GOPROXY gets "|off" after each proxy: for the packages of the replaced
// module, go also asks the proxy about a module named after the package
// (github.com/hookstile/hookstile/caddymodule); proxy.golang.org answers 404
// and go moves on, but a proxy that answers 403 (as this CI's does) stops
// the build, and "|off" turns that answer into "not found".
func xcaddyEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GOFLAGS=") || strings.HasPrefix(kv, "GOPROXY=") {
			continue
		}
		env = append(env, kv)
	}
	var flags []string
	for _, f := range strings.Fields(goEnv("GOFLAGS")) {
		if !strings.HasPrefix(f, "-mod=") {
			flags = append(flags, f)
		}
	}
	env = append(env, "GOFLAGS="+strings.Join(flags, " "))
	var proxies []string
	for _, p := range strings.FieldsFunc(goEnv("GOPROXY"), func(r rune) bool { return r == ',' || r == '|' }) {
		if p != "direct" && p != "off" {
			proxies = append(proxies, p)
		}
	}
	if len(proxies) > 0 {
		env = append(env, "GOPROXY="+strings.Join(proxies, "|")+"|off")
	}
	return env
}

func goEnv(name string) string {
	b, _ := exec.Command("go", "env", name).Output()
	return strings.TrimSpace(string(b))
}
