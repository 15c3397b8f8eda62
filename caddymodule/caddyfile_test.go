package caddymodule

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	"github.com/hookstile/hookstile/core"
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

// Every option the generic provider declares is a subdirective of the same
// name.
func TestGenericSubdirectivesAreTheDeclaredOptions(t *testing.T) {
	opts := core.Options("generic")
	if len(opts) == 0 {
		t.Fatal("the generic provider declares no options")
	}
	for _, o := range opts {
		var h Handler
		in := "hookstile generic a {\n\t" + o.Name + " value-1\n}"
		if err := h.UnmarshalCaddyfile(caddyfile.NewTestDispenser(in)); err != nil {
			t.Fatalf("%s: %v", o.Name, err)
		}
		if h.Options[o.Name] != "value-1" {
			t.Errorf("subdirective %s set options %v", o.Name, h.Options)
		}
	}
}

// An option the provider does not declare stops the Caddyfile's route from
// provisioning, with an error naming it and the options that exist.
func TestUnknownOptionFromCaddyfile(t *testing.T) {
	for in, want := range map[string]string{
		"hookstile github a-secret-value {\n\toption alow_sha1 true\n}":   `option "alow_sha1" is unknown (known: allow_sha1)`,
		"hookstile stripe a-secret-value {\n\toption foo bar\n}":          `option "foo" is unknown (stripe takes no options)`,
		"hookstile github a-secret-value {\n\theader X-Sig\n}":            `option "header" is unknown (known: allow_sha1)`,
		"hookstile github a-secret-value {\n\toption allow_sha1 maybe\n}": "option allow_sha1",
	} {
		var h Handler
		if err := h.UnmarshalCaddyfile(caddyfile.NewTestDispenser(in)); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
		err := h.Provision(ctx)
		cancel()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: provision error %v, want %q", in, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "a-secret-value") {
			t.Errorf("%q: error carries the secret", in)
		}
	}
}
