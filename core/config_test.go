package core

import (
	"errors"
	"strings"
	"testing"
)

// TestProviderConfigErrorsNoMention: builders fail closed without a usable
// secret or required option.
func TestProviderConfigErrorsNoMention(t *testing.T) {
	cases := []struct {
		name    string
		cfg     Config
		wantErr error
	}{
		{"alchemy without secret", Config{Provider: "alchemy"}, ErrEmptySecret},
		{"webex empty secret", Config{Provider: "webex", Secrets: []string{" "}}, ErrEmptySecret},
		{"go1 without secret", Config{Provider: "go1"}, ErrEmptySecret},
		{"airship without secret", Config{Provider: "airship"}, ErrEmptySecret},
		{"brex secret not base64", Config{Provider: "brex", Secrets: []string{"not base64!"}}, ErrBadConfig},
		{"plivo without public_url", Config{Provider: "plivo", Secrets: []string{"tok"}}, ErrBadConfig},
		{"plivo relative public_url", Config{Provider: "plivo", Secrets: []string{"tok"}, Options: map[string]string{"public_url": "/hooks/plivo"}}, ErrBadConfig},
		{"plivo without token", Config{Provider: "plivo", Options: map[string]string{"public_url": "https://x.example/p"}}, ErrEmptySecret},
		{"vmware secret without password", Config{Provider: "vmware", Secrets: []string{"useronly"}}, ErrBadConfig},
		{"vmware without secret", Config{Provider: "vmware"}, ErrEmptySecret},
		{"mailchimp without secret", Config{Provider: "mailchimp"}, ErrEmptySecret},
		{"orbit empty secret", Config{Provider: "orbit", Secrets: []string{""}}, ErrEmptySecret},
		{"hygraph alias without secret", Config{Provider: "hygraph"}, ErrEmptySecret},
	}
	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			_, err := New(c.cfg)
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("New: %v, want %v", err, c.wantErr)
			}
		})
	}
}

// TestProviderConfigErrors: builders fail closed, naming the field,
// and never echo a secret.
func TestProviderConfigErrors(t *testing.T) {
	p256 := "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEsn8Q+R35OPK+LtCSuvEq9o4YFicQ8r0+GDF0RtPGYtEEwUNGvwPXXPaDVVCM4I/sGFn4E9foS23iaRaRbQinYQ=="
	p384 := "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEDOgYdTlgxsCZEKtvAH7Bt5F2y6VS9AfPqUN3L508MPhruKdq7WNvPaWOEd7hrh5hLTqeiVe0yux9BslZvxcfON99YAtaRT0dxd9Al4z/QIHC5OKcGRg7bo7/ESuqc3Zx"
	cases := []struct {
		name     string
		provider string
		secrets  []string
		options  map[string]string
		want     error
		mention  string
	}{
		{"gitlab no secret", "gitlab", nil, nil, ErrEmptySecret, "secret"},
		{"gitlab blank secret", "gitlab", []string{" "}, nil, ErrEmptySecret, "secret #1"},
		{"gitlab signing token not base64", "gitlab", []string{"whsec_%%%not-base64"}, nil, ErrBadConfig, "signing token"},
		{"gitlab empty signing token", "gitlab", []string{"whsec_"}, nil, ErrEmptySecret, "secret #1"},
		{"svix no secret", "svix", nil, nil, ErrEmptySecret, "secret"},
		{"clerk bad base64", "clerk", []string{"whsec_%%%"}, nil, ErrBadConfig, "secret #1"},
		{"resend empty key", "resend", []string{"whsec_"}, nil, ErrEmptySecret, "secret #1"},
		{"twilio no public_url", "twilio", []string{"token"}, nil, ErrBadConfig, "public_url"},
		{"twilio relative public_url", "twilio", []string{"token"}, map[string]string{"public_url": "/hooks/twilio"}, ErrBadConfig, "public_url"},
		{"twilio public_url with query", "twilio", []string{"token"}, map[string]string{"public_url": "https://a.example/h?x=1"}, ErrBadConfig, "public_url"},
		{"twilio ftp public_url", "twilio", []string{"token"}, map[string]string{"public_url": "ftp://a.example/h"}, ErrBadConfig, "public_url"},
		{"twilio no secret", "twilio", nil, map[string]string{"public_url": "https://a.example/h"}, ErrEmptySecret, "secret"},
		{"square no notification_url", "square", []string{"key"}, nil, ErrBadConfig, "notification_url"},
		{"hubspot no public_url", "hubspot", []string{"secret"}, nil, ErrBadConfig, "public_url"},
		{"sendgrid no key", "sendgrid", nil, nil, ErrEmptySecret, "key"},
		{"sendgrid not base64", "sendgrid", []string{"not base64!"}, nil, ErrBadConfig, "secret #1"},
		{"sendgrid not a key", "sendgrid", []string{"aGVsbG8="}, nil, ErrBadConfig, "secret #1"},
		{"sendgrid P-384 key", "sendgrid", []string{p384}, nil, ErrBadConfig, "P-256"},
		{"sendgrid bad PEM", "sendgrid", []string{"-----BEGIN PUBLIC KEY-----\nxx\n"}, nil, ErrBadConfig, "PEM"},
		{"sendgrid second key bad", "sendgrid", []string{p256, "x"}, nil, ErrBadConfig, "secret #2"},
		{"postmark no colon", "postmark", []string{"justapassword"}, nil, ErrBadConfig, "user:password"},
		{"postmark blank", "postmark", []string{""}, nil, ErrEmptySecret, "secret #1"},
		{"airtable not base64", "airtable", []string{"%%%"}, nil, ErrBadConfig, "secret #1"},
		{"mailgun no secret", "mailgun", nil, nil, ErrEmptySecret, "secret"},
		{"paddle blank secret", "paddle", []string{""}, nil, ErrEmptySecret, "secret #1"},
		{"linear no secret", "linear", nil, nil, ErrEmptySecret, "secret"},
	}
	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			_, err := New(Config{Provider: c.provider, Secrets: c.secrets, Options: c.options})
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.mention) {
				t.Errorf("error %q does not name %q", err, c.mention)
			}
			for _, s := range c.secrets {
				if len(s) >= 8 && strings.Contains(err.Error(), s) {
					t.Errorf("error carries the secret: %v", err)
				}
			}
		})
	}
}

// TestProviderConfigErrorsNamed: builders fail closed, naming the field.
func TestProviderConfigErrorsNamed(t *testing.T) {
	cases := []struct {
		name  string
		cfg   Config
		want  error
		field string
	}{
		{"asana without secret or learn_secret", Config{Provider: "asana"}, ErrEmptySecret, "learn_secret"},
		{"asana rehandshake alone", Config{Provider: "asana", Secrets: []string{"s"}, Options: map[string]string{"rehandshake": "true"}}, ErrBadConfig, "rehandshake"},
		{"asana bad boolean", Config{Provider: "asana", Options: map[string]string{"learn_secret": "maybe"}}, ErrBadConfig, "learn_secret"},
		{"meta without verify_token", Config{Provider: "whatsapp", Secrets: []string{"s"}}, ErrBadConfig, "verify_token"},
		{"meta alias", Config{Provider: "meta", Secrets: []string{"s"}}, ErrBadConfig, "verify_token"},
		{"trello without callback_url", Config{Provider: "trello", Secrets: []string{"s"}}, ErrBadConfig, "callback_url"},
		{"trello relative callback_url", Config{Provider: "trello", Secrets: []string{"s"}, Options: map[string]string{"callback_url": "/hooks"}}, ErrBadConfig, "callback_url"},
		{"discord key not hex", Config{Provider: "discord", Secrets: []string{"not-hex"}}, ErrBadConfig, "secret #1"},
		{"discord key too short", Config{Provider: "discord", Secrets: []string{"abcd"}}, ErrBadConfig, "secret #1"},
		{"teams token not base64", Config{Provider: "microsoft_teams", Secrets: []string{"***"}}, ErrBadConfig, "secret #1"},
		{"twitch secret too short", Config{Provider: "twitch", Secrets: []string{"short"}}, ErrBadConfig, "secret #1"},
		{"notion bad verification", Config{Provider: "notion", Secrets: []string{"s"}, Options: map[string]string{"verification": "log"}}, ErrBadConfig, "verification"},
		{"notion without secret", Config{Provider: "notion"}, ErrEmptySecret, "secret"},
		{"event grid bad auth", Config{Provider: "azure_event_grid", Secrets: []string{"s"}, Options: map[string]string{"auth": "basic"}}, ErrBadConfig, "auth"},
		{"cloudevents bad origin", Config{Provider: "cloudevents", Secrets: []string{"s"}, Options: map[string]string{"allowed_origins": "a b"}}, ErrBadConfig, "allowed_origins"},
		{"cloudevents bad rate", Config{Provider: "cloudevents", Secrets: []string{"s"}, Options: map[string]string{"allowed_rate": "fast"}}, ErrBadConfig, "allowed_rate"},
		{"zoom without secret", Config{Provider: "zoom"}, ErrEmptySecret, "secret"},
		{"okta empty secret", Config{Provider: "okta", Secrets: []string{" "}}, ErrEmptySecret, "secret #1"},
		{"google drive without secret", Config{Provider: "google_drive"}, ErrEmptySecret, "secret"},
	}
	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			_, err := New(c.cfg)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.field) {
				t.Errorf("error %q does not name %q", err, c.field)
			}
		})
	}
}
