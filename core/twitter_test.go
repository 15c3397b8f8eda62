package core

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// The X CRC answer is HMAC-SHA256(consumer secret, crc_token), the very MAC
// that signs deliveries. Anyone may ask for a CRC, so its answer must never
// verify as a delivery: deliveries are JSON objects, crc_tokens cannot be.
func TestTwitterCRCIsNotASignatureOracle(t *testing.T) {
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
