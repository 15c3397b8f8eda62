package caddymodule

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2/caddyconfig"
)

// TestUnsetCaddyfileVariable: Caddy expands {$NAME} to nothing when NAME is
// unset or empty, before hookstile sees the tokens; the error still names
// the variable (never its value or default).
func TestUnsetCaddyfileVariable(t *testing.T) {
	t.Setenv("HOOKSTILE_T_EMPTY", "")
	t.Setenv("HOOKSTILE_T_SET", "set-value")
	os.Unsetenv("HOOKSTILE_T_UNSET")
	os.Unsetenv("HOOKSTILE_T_PROVIDER")
	for _, tc := range []struct {
		name, body, want, notWant string
	}{
		{"shorthand secret", "hookstile github {$HOOKSTILE_T_UNSET}", "no secret: give one after the provider name or as 'secret' in the block ({$HOOKSTILE_T_UNSET} is not set)", ""},
		{"provider", "hookstile {$HOOKSTILE_T_PROVIDER} {$HOOKSTILE_T_SET}", "unknown provider (the first argument, from a {$VARIABLE}) ({$HOOKSTILE_T_PROVIDER} is not set)", "set-value"},
		{"provider alone", "hookstile {$HOOKSTILE_T_PROVIDER}", "missing provider name ({$HOOKSTILE_T_PROVIDER} is not set)", ""},
		{"secret as provider", "hookstile {$HOOKSTILE_T_SET}", "unknown provider (the first argument, from a {$VARIABLE})", "set-value"},
		{"block secret", "hookstile box {\n\t\tsecret {$HOOKSTILE_T_UNSET}\n\t}", "secret: want exactly one value, got 0 ({$HOOKSTILE_T_UNSET} is not set), at", ""},
		{"empty with default", "hookstile box {\n\t\tsecret \"{$HOOKSTILE_T_EMPTY:default-secret}\"\n\t}", "secret must not be empty ({$HOOKSTILE_T_EMPTY} is empty)", "default-secret"},
		{"sign_key", "hookstile box k {\n\t\tsign_key {$HOOKSTILE_T_EMPTY}\n\t}", "sign_key: want exactly one value, got 0 ({$HOOKSTILE_T_EMPTY} is empty)", ""},
		{"option", "hookstile meta k {\n\t\toption verify_token {$HOOKSTILE_T_UNSET}\n\t}", "option: want a key and a value, got 1 values ({$HOOKSTILE_T_UNSET} is not set)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "Caddyfile")
			cf := "http://127.0.0.1:8080 {\n\troute /hooks {\n\t" + tc.body + "\n\t}\n}\n"
			if err := os.WriteFile(path, []byte(cf), 0o600); err != nil {
				t.Fatal(err)
			}
			_, _, err := caddyconfig.GetAdapter("caddyfile").Adapt([]byte(cf), map[string]any{"filename": path})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("adapt error = %v\nwant it to contain %q", err, tc.want)
			}
			if tc.notWant != "" && strings.Contains(err.Error(), tc.notWant) {
				t.Errorf("the error shows a value: %v", err)
			}
		})
	}
}
