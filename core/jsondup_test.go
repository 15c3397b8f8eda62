package core

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Duplicate JSON keys (issue #11, point 8). Go's decoder keeps the last of
// two equal keys, many others the first: a signature checked over the last
// "amount" while the application reads the first lets an attacker choose
// the amount. Every JSON object core decodes is refused when a key repeats.

// vectorBody returns the body of the named case of provider's vector file.
func vectorBody(t *testing.T, provider, name string) (string, []string) {
	t.Helper()
	for _, f := range loadVectors(t) {
		if f.Provider != provider {
			continue
		}
		for _, c := range f.Cases {
			if c.Name == name {
				b, err := c.Payload()
				if err != nil {
					t.Fatal(err)
				}
				return b, c.Secrets
			}
		}
	}
	t.Fatalf("no vector %s / %s", provider, name)
	return "", nil
}

func TestDuplicateJSONKeysRefused(t *testing.T) {
	body, secrets := vectorBody(t, "adyen", "official vector (a): Adyen docs")
	v, err := New(Config{Provider: "adyen", Secrets: secrets, Dedup: -1})
	if err != nil {
		t.Fatal(err)
	}
	inspect := func(b string) error {
		r := httptest.NewRequest("POST", "/hooks/adyen", strings.NewReader(b))
		r.Header.Set("Content-Type", "application/json")
		_, err := v.Inspect(r)
		return err
	}
	if err := inspect(body); err != nil {
		t.Fatalf("genuine notification: %v", err)
	}
	// The attacker's amount first, the signed one last.
	forged := strings.Replace(body, `"amount": {`, `"amount": {"currency": "EUR", "value": 1}, "amount": {`, 1)
	if forged == body {
		t.Fatal("no amount in the vector")
	}
	if err := inspect(forged); Reason(err) != "malformed_payload" {
		t.Fatalf("notification with two amounts: %v, want malformed_payload", err)
	}

	// Dropbox Sign forwards its unsigned JSON: two signature_request members.
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ds, _ := New(Config{Provider: "dropbox_sign", Secrets: []string{dsKey}, Dedup: -1, Now: func() time.Time { return now }})
	js := dsEvent(dsKey, now, "signature_request_signed", "ab", "NDA")
	dup := strings.Replace(js, `"account_guid"`, `"signature_request":{"signature_request_id":"cd"},"account_guid"`, 1)
	if _, err := ds.Inspect(dsMultipart(dup)); Reason(err) != "malformed_payload" {
		t.Fatalf("dropbox sign with two signature requests: %v, want malformed_payload", err)
	}

	// The shared decoders, at any depth, in objects and arrays.
	for _, in := range []string{
		`{"a":1,"a":2}`, `{"a":1,"b":{"c":1,"c":1}}`, `{"a":[{"x":1},{"y":1,"y":2}]}`,
		`{"a":"1","\u0061":2}`, `{"a":{},"b":[[{"k":null,"k":null}]]}`,
	} {
		if _, err := decodeJSONObject([]byte(in)); Reason(err) != "malformed_payload" {
			t.Errorf("decodeJSONObject(%s) = %v, want malformed_payload", in, err)
		}
		if _, code := decodeJSONObjectStd([]byte(in)); code == jsonOK {
			t.Errorf("decodeJSONObjectStd(%s) accepted", in)
		}
		if _, err := jsonArray([]byte("[" + in + "]")); Reason(err) != "malformed_payload" {
			t.Errorf("jsonArray([%s]) = %v, want malformed_payload", in, err)
		}
		if _, err := jsonObjects([]byte("[" + in + "]")); Reason(err) != "malformed_payload" {
			t.Errorf("jsonObjects([%s]) = %v, want malformed_payload", in, err)
		}
	}
	// Equal keys in distinct objects are fine.
	for _, in := range []string{`{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}`, `{"a":"a","b":"a"}`, `{"k":["k","k"]}`} {
		if _, err := decodeJSONObject([]byte(in)); err != nil {
			t.Errorf("decodeJSONObject(%s) = %v", in, err)
		}
		if _, err := jsonArray([]byte("[" + in + "]")); err != nil {
			t.Errorf("jsonArray([%s]) = %v", in, err)
		}
	}
}

// Auth0 log batches and Plaid's JWT claims are decoded too.
func TestDuplicateJSONKeysRefusedAuth0(t *testing.T) {
	v, err := New(Config{Provider: "auth0", Secrets: []string{"Bearer tok-123"}, Dedup: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{
		`[{"log_id":"1","data":{"type":"s"}},{"log_id":"2","log_id":"3"}]`,
		`{"log_id":"1"}` + "\n" + `{"log_id":"2","data":{"user_id":"a","user_id":"b"}}`,
	} {
		r := httptest.NewRequest("POST", "/hooks/auth0", strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer tok-123")
		if _, err := v.Inspect(r); Reason(err) != "malformed_payload" {
			t.Errorf("%s: %v, want malformed_payload", body, err)
		}
	}
}
