package core

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// Security review regressions: each test is a request that was accepted, or
// a credential that was forwarded, before the fix of the same commit.

// The X CRC answer is HMAC-SHA256(consumer secret, crc_token), the very MAC
// that signs deliveries. Anyone may ask for a CRC, so its answer must never
// verify as a delivery: deliveries are JSON objects, crc_tokens cannot be.
func TestReviewTwitterCRCIsNotASignatureOracle(t *testing.T) {
	v, err := New(Config{Provider: "twitter", Secrets: []string{"consumer-secret"}, Dedup: -1})
	if err != nil {
		t.Fatal(err)
	}
	forged := "forged-delivery-chosen-by-the-attacker"
	r := httptest.NewRequest("GET", "/hooks/x?crc_token="+forged, nil)
	o, err := v.Inspect(r)
	if err != nil || o.Reply == nil {
		t.Fatalf("CRC: %+v %v", o, err)
	}
	var crc struct {
		ResponseToken string `json:"response_token"`
	}
	if err := json.Unmarshal(o.Reply.Body, &crc); err != nil {
		t.Fatal(err)
	}
	r = httptest.NewRequest("POST", "/hooks/x", strings.NewReader(forged))
	r.Header.Set(HeaderTwitterSignature, crc.ResponseToken)
	if o, err := v.Inspect(r); err == nil {
		t.Fatalf("a delivery signed by the CRC answer was accepted: %+v", o.Event)
	}
	// Genuine deliveries still pass.
	body := `{"for_user_id":"1","tweet_create_events":[{"id_str":"9"}]}`
	r = httptest.NewRequest("POST", "/hooks/x", strings.NewReader(body))
	r.Header.Set(HeaderTwitterSignature, "sha256="+encodeSig("base64", HMACSHA256([]byte("consumer-secret"), []byte(body))))
	if _, err := v.Inspect(r); err != nil {
		t.Fatalf("genuine delivery: %v", err)
	}
}

// Asana posts every delivery to the target URL the webhook was created
// with, so handshake_token (put in that URL) arrives on every delivery and
// must not be forwarded.
func TestReviewAsanaHandshakeTokenIsNotForwarded(t *testing.T) {
	v, err := New(Config{Provider: "asana", Options: map[string]string{"learn_secret": "true", "handshake_token": "hs-tok-123"}, Dedup: -1})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("POST", "/hooks/asana?handshake_token=hs-tok-123&keep=1", nil)
	r.Header.Set(HeaderAsanaSecret, "learned-secret")
	if o, err := v.Inspect(r); err != nil || !o.Handshake {
		t.Fatalf("handshake: %+v %v", o, err)
	}
	body := `{"events":[{"action":"added","resource":{"gid":"1","resource_type":"task"}}]}`
	r = httptest.NewRequest("POST", "/hooks/asana?handshake_token=hs-tok-123&keep=1", strings.NewReader(body))
	r.Header.Set(HeaderAsanaSignature, hex.EncodeToString(macOf(sha256.New, []byte("learned-secret"), []byte(body))))
	o, err := v.Inspect(r)
	if err != nil {
		t.Fatal(err)
	}
	o.Apply(r)
	if strings.Contains(r.URL.String(), "hs-tok-123") || strings.Contains(r.RequestURI, "hs-tok-123") || r.URL.Query().Get("keep") != "1" {
		t.Fatalf("forwarded URL %q / %q", r.URL.String(), r.RequestURI)
	}
}

// The SNS certificate must come from SNS itself: sns.<region>.amazonaws.com.
// S3 (legacy and website endpoints) serves a bucket named "sns" under
// sns.s3-<...>.amazonaws.com with a valid *.amazonaws.com certificate, so
// "anything after sns." hands the signing key to that bucket's owner.
func TestReviewSNSCertificateHostIsARegion(t *testing.T) {
	bad := []string{
		"https://sns.s3-us-west-2.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.s3-website-us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.s3-accelerate.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.s3-external-1.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.us-east-1.amazonaws.com.evil.example/x.pem",
		"https://sns.--1.amazonaws.com/x.pem",
	}
	for _, s := range bad {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		if snsCertURLAllowed(u) {
			t.Errorf("%s allowed", s)
		}
	}
	good := []string{
		"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.ap-southeast-3.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.cn-northwest-1.amazonaws.com.cn/SimpleNotificationService-x.pem",
		"https://sns.us-isob-east-1.amazonaws.com/SimpleNotificationService-x.pem",
	}
	for _, s := range good {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		if !snsCertURLAllowed(u) {
			t.Errorf("%s refused", s)
		}
	}
}
