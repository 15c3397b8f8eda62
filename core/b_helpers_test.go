package core

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestGroupBConfigErrors: group B's builders fail closed, naming the field,
// and never echo a secret.
func TestGroupBConfigErrors(t *testing.T) {
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

// TestGroupBTable: names, aliases and documentation of group B.
func TestGroupBTable(t *testing.T) {
	for name, s := range groupB {
		if s.build == nil || s.scheme == "" || s.secret == "" {
			t.Errorf("%s: build, scheme and secret are required", name)
		}
	}
	if info, ok := Describe("lemonsqueezy"); !ok || info.Name != "lemon_squeezy" {
		t.Errorf("alias lemonsqueezy: %+v %v", info, ok)
	}
	for _, n := range []string{"svix", "clerk", "resend", "gitlab", "twilio", "sendgrid"} {
		if _, ok := Describe(n); !ok {
			t.Errorf("%s is not in the table", n)
		}
	}
}

// TestGroupBStripsCredentials: headers carrying a credential (GitLab's plain
// token, Postmark's Basic auth) are removed before forwarding.
func TestGroupBStripsCredentials(t *testing.T) {
	cases := []struct {
		provider string
		secret   string
		header   string
		value    string
	}{
		{"gitlab", "gitlab-secret-token", "X-Gitlab-Token", "gitlab-secret-token"},
		{"postmark", "user:pass", "Authorization", "Basic dXNlcjpwYXNz"},
	}
	for _, c := range cases {
		c := c
		t.Run(c.provider, func(t *testing.T) {
			v, err := New(Config{Provider: c.provider, Secrets: []string{c.secret}, Dedup: -1})
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("POST", "/hooks", strings.NewReader(`{"object_kind":"push"}`))
			r.Header.Set(c.header, c.value)
			r.Header.Set("Content-Type", "application/json")
			o, err := v.Inspect(r)
			if err != nil {
				t.Fatal(err)
			}
			o.Apply(r)
			if r.Header.Get(c.header) != "" {
				t.Errorf("%s forwarded upstream", c.header)
			}
		})
	}
}
