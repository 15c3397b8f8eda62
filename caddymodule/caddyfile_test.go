package caddymodule

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
)

func TestUnmarshalCaddyfile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		input   string
		want    Handler
		wantErr string // substring; "" means success
	}{
		{
			name:  "shorthand",
			input: `hookstile github {env.GITHUB_WEBHOOK_SECRET}`,
			want:  Handler{Provider: "github", Secrets: []string{"{env.GITHUB_WEBHOOK_SECRET}"}},
		},
		{
			name: "block",
			input: `hookstile dropbox {
				secret   {env.DROPBOX_APP_SECRET}
				secret   {env.DROPBOX_APP_SECRET_PREVIOUS}
				sign_key {env.HOOKSTILE_SIGNING_KEY}
				sign_key whsec_old
				format   CloudEvents
				tolerance 5m
				max_body 1MiB
				dedup    10m
				dedup_size 42
				source /acme/dropbox
			}`,
			want: Handler{
				Provider:  "dropbox",
				Secrets:   []string{"{env.DROPBOX_APP_SECRET}", "{env.DROPBOX_APP_SECRET_PREVIOUS}"},
				SignKeys:  []string{"{env.HOOKSTILE_SIGNING_KEY}", "whsec_old"},
				Format:    "cloudevents",
				Tolerance: caddy.Duration(5 * time.Minute),
				MaxBody:   1 << 20,
				Dedup:     caddy.Duration(10 * time.Minute),
				DedupSize: 42,
				Source:    "/acme/dropbox",
			},
		},
		{
			name: "generic fields and options",
			input: `hookstile generic s3cret {
				header X-Sig
				algorithm sha1
				encoding base64
				prefix "sha1="
				signed_content {id}.{body}
				id_header X-Id
				option timestamp_header X-Ts
				dedup off
				max_body 65536
			}`,
			want: Handler{
				Provider: "generic",
				Secrets:  []string{"s3cret"},
				Options: map[string]string{"header": "X-Sig", "algorithm": "sha1", "encoding": "base64",
					"prefix": "sha1=", "signed_content": "{id}.{body}", "id_header": "X-Id", "timestamp_header": "X-Ts"},
				DedupDisabled: true,
				MaxBody:       65536,
			},
		},
		{name: "no provider", input: `hookstile`, wantErr: "missing provider"},
		{name: "unknown provider", input: `hookstile nope x`, wantErr: "unknown provider 'nope' (see the README's provider table)"},
		{name: "misspelt provider", input: `hookstile githb x`, wantErr: `unknown provider 'githb' (did you mean "github"?)`},
		{name: "alias accepted", input: `hookstile hellosign k`, want: Handler{Provider: "hellosign", Secrets: []string{"k"}}},
		{name: "two inline secrets", input: `hookstile box a b`, wantErr: "unexpected argument 'b'"},
		{name: "no secret", input: `hookstile box`, wantErr: "no secret"},
		{name: "unknown subdirective", input: "hookstile box a {\n\tsecrett b\n}", wantErr: "unrecognized subdirective 'secrett', at Testfile:2"},
		{name: "secret arity", input: "hookstile box {\n\tsecret a b\n}", wantErr: "hookstile: secret: want exactly one value"},
		{name: "empty secret", input: "hookstile box {\n\tsecret \"\"\n}", wantErr: "secret must not be empty"},
		{name: "bad tolerance", input: "hookstile box a {\n\ttolerance -5m\n}", wantErr: "bad tolerance '-5m'"},
		{name: "bad dedup", input: "hookstile box a {\n\tdedup never\n}", wantErr: "bad dedup 'never'"},
		{name: "bad dedup_size", input: "hookstile box a {\n\tdedup_size 0\n}", wantErr: "bad dedup_size '0'"},
		{name: "bad max_body", input: "hookstile box a {\n\tmax_body 0\n}", wantErr: "bad max_body '0'"},
		{name: "bad format", input: "hookstile box a {\n\tformat xml\n}", wantErr: "unknown format 'xml'"},
		{name: "option twice", input: "hookstile generic a {\n\theader X\n\toption header Y\n}", wantErr: "option 'header' set twice, at Testfile:3"},
		{name: "option arity", input: "hookstile generic a {\n\toption header\n}", wantErr: "hookstile: option: want a key and a value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var h Handler
			err := h.UnmarshalCaddyfile(caddyfile.NewTestDispenser(tc.input))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("UnmarshalCaddyfile(%q) error = %v, want %q", tc.input, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("UnmarshalCaddyfile(%q) = %v", tc.input, err)
			}
			if !reflect.DeepEqual(h, tc.want) {
				t.Errorf("UnmarshalCaddyfile(%q) =\n%+v\nwant\n%+v", tc.input, h, tc.want)
			}
		})
	}
}
