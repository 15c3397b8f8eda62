package oracle

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sendgrid/sendgrid-go/helpers/eventwebhook"

	"github.com/hookstile/hookstile/core"
)

// sendgridSign signs as SendGrid's Signed Event Webhook does: ECDSA P-256
// over SHA-256(timestamp ‖ body), ASN.1 DER, base64.
func sendgridSign(t *testing.T, k *ecdsa.PrivateKey, ts, body string) string {
	t.Helper()
	h := sha256.New()
	h.Write([]byte(ts))
	h.Write([]byte(body))
	der, err := ecdsa.SignASN1(rand.Reader, k, h.Sum(nil))
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(der)
}

func sendgridKey(t *testing.T) (*ecdsa.PrivateKey, string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	// The "Verification Key" SendGrid shows: base64 DER SubjectPublicKeyInfo.
	return k, base64.StdEncoding.EncodeToString(der)
}

// A key generated here signs as SendGrid does; sendgrid-go's
// eventwebhook.VerifySignature and core must agree on every request.
func TestSendGridAgreesWithSendGridGo(t *testing.T) {
	key, pub := sendgridKey(t)
	other, _ := sendgridKey(t)
	sdkKey, err := eventwebhook.ConvertPublicKeyBase64ToECDSA(pub)
	if err != nil {
		t.Fatalf("sendgrid-go cannot read the verification key: %v", err)
	}
	body := `[{"email":"a@example.com","timestamp":1700000000,"event":"delivered","sg_event_id":"ev1","sg_message_id":"m1"}]` + "\r\n"
	now := strconv.FormatInt(time.Now().Unix(), 10)
	earlier := strconv.FormatInt(time.Now().Add(-time.Minute).Unix(), 10)
	good := sendgridSign(t, key, now, body)
	raw, _ := base64.StdEncoding.DecodeString(good)
	flipped := append([]byte(nil), raw...)
	flipped[len(flipped)-1] ^= 1
	cases := []struct {
		name, ts, body, sig string
		ok                  bool
	}{
		{"valid", now, body, good, true},
		{"valid, one minute old", earlier, body, sendgridSign(t, key, earlier, body), true},
		{"tampered body", now, strings.Replace(body, "delivered", "bounce", 1), good, false},
		{"trailing CRLF dropped", now, strings.TrimSuffix(body, "\r\n"), good, false},
		{"timestamp not the signed one", earlier, body, good, false},
		{"other key", now, body, sendgridSign(t, other, now, body), false},
		{"signature bit flipped", now, body, base64.StdEncoding.EncodeToString(flipped), false},
		{"not base64", now, body, "%%%", false},
		{"not DER", now, body, base64.StdEncoding.EncodeToString([]byte("not a signature")), false},
	}
	pemKey := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: mustB64(t, pub)}))
	for _, c := range cases {
		sdkOK, sdkErr := eventwebhook.VerifySignature(sdkKey, []byte(c.body), c.sig, c.ts)
		sdk := sdkOK && sdkErr == nil
		for _, secret := range []string{pub, pemKey} {
			r := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set(eventwebhook.VerificationHTTPHeader, c.sig)
			r.Header.Set(eventwebhook.TimestampHTTPHeader, c.ts)
			_, cerr := inspect(t, core.Config{Provider: "sendgrid", Secrets: []string{secret}}, r)
			if sdk != c.ok || (cerr == nil) != c.ok {
				t.Errorf("%s: sendgrid-go %v %v, core %v, want ok=%v", c.name, sdkOK, sdkErr, cerr, c.ok)
			}
		}
	}
	// Both read the same header names.
	if eventwebhook.VerificationHTTPHeader != core.HeaderSendGridSignature || eventwebhook.TimestampHTTPHeader != core.HeaderSendGridTimestamp {
		t.Errorf("header names differ: sendgrid-go %q %q, core %q %q", eventwebhook.VerificationHTTPHeader, eventwebhook.TimestampHTTPHeader, core.HeaderSendGridSignature, core.HeaderSendGridTimestamp)
	}
}

// sendgrid-go checks no timestamp window; core adds one (10 minutes by
// default). A validly signed but hour-old delivery: sendgrid-go accepts the
// signature, core rejects the delivery as stale; with the key rolled (old and
// new configured) core accepts a fresh one signed by either.
func TestSendGridWindowAndRotation(t *testing.T) {
	oldKey, oldPub := sendgridKey(t)
	newKey, newPub := sendgridKey(t)
	body := `[{"event":"open","sg_event_id":"ev2"}]`
	stale := strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10)
	sig := sendgridSign(t, newKey, stale, body)
	sdkKey, _ := eventwebhook.ConvertPublicKeyBase64ToECDSA(newPub)
	if ok, err := eventwebhook.VerifySignature(sdkKey, []byte(body), sig, stale); !ok || err != nil {
		t.Fatalf("sendgrid-go rejects a valid hour-old signature: %v %v", ok, err)
	}
	req := func(ts, sig string) *http.Request {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set(core.HeaderSendGridSignature, sig)
		r.Header.Set(core.HeaderSendGridTimestamp, ts)
		return r
	}
	cfg := core.Config{Provider: "sendgrid", Secrets: []string{oldPub, newPub}}
	if _, err := inspect(t, cfg, req(stale, sig)); err == nil {
		t.Error("core accepted an hour-old SendGrid delivery")
	}
	now := strconv.FormatInt(time.Now().Unix(), 10)
	for i, k := range []*ecdsa.PrivateKey{oldKey, newKey} {
		if _, err := inspect(t, cfg, req(now, sendgridSign(t, k, now, body))); err != nil {
			t.Errorf("key #%d of a rolled pair rejected: %v", i+1, err)
		}
	}
}

func mustB64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
