package traefiktest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/internal/provsign"
)

// Deliveries are signed by internal/provsign, written from each provider's
// documentation independently of core; hand-made (forged, tampered) MACs
// use its MAC too.

func hmacHex(key string, parts ...string) string {
	return provsign.MAC("sha256", "hex", []byte(key), parts...)
}

func hmacB64(key []byte, parts ...string) string {
	return provsign.MAC("sha256", "base64", key, parts...)
}

// signedHeaders are the headers provider sets on body signed at ts.
func signedHeaders(t *testing.T, provider, secret string, ts int64, body string, opts map[string]string) map[string]string {
	t.Helper()
	r, err := provsign.Sign(provider, provsign.Input{Secrets: []string{secret}, Body: []byte(body), Now: time.Unix(ts, 0), Options: opts})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k := range r.Header {
		if k != "Content-Length" && k != "User-Agent" && k != "Content-Type" {
			out[k] = r.Header.Get(k)
		}
	}
	return out
}

func whsecKey(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "whsec_"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// env is the secret the examples reference as env:name.
func env(name string) string { return providerSecrets[name] }

// site is Traefik serving the routes of the example and test configurations
// through the plugin, in front of a verifying upstream.
type site struct {
	tr  *traefik
	up  *upstream
	url string
}

func newSite(t *testing.T) *site {
	t.Helper()
	root := repoRoot(t)
	setSecrets(t)
	up := newUpstream(t)
	tr := startTraefik(t, root)
	writeStripeSecret(t, tr.dir)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	mux := http.NewServeMux()
	tr.routes(t, readDynamic(t, filepath.Join(root, "examples", "traefik", "dynamic.yml")), ctx, up.proxy(t), mux)
	tr.routes(t, readDynamic(t, filepath.Join(root, "traefikplugin", "traefiktest", "testdata", "providers.yml")), ctx, up.proxy(t), mux)
	front := httptest.NewServer(mux)
	t.Cleanup(front.Close)
	t.Cleanup(func() {
		up.check(t)
		noSecrets(t, "Traefik's log", tr.logs.String())
	})
	return &site{tr: tr, up: up, url: front.URL}
}

// rejected asserts a generic rejection that did not reach the upstream and
// was logged with the middleware name and the reason.
func (s *site) rejected(t *testing.T, a answer, status int, path, middleware, reason string, before int) {
	t.Helper()
	if a.Status != status {
		t.Fatalf("%s: status %d, want %d (body %q)", path, a.Status, status, a.Body)
	}
	if a.Body != http.StatusText(status)+"\n" {
		t.Errorf("%s: rejection body %q is not generic", path, a.Body)
	}
	if n := s.up.count(path); n != before {
		t.Errorf("%s: a rejected delivery reached the upstream (%d -> %d)", path, before, n)
	}
	logs := s.tr.logs.String()
	want := "hookstile " + middleware + "@file: rejected"
	found := false
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, want) && strings.Contains(line, reason) && strings.Contains(line, strconv.Itoa(status)) {
			found = true
		}
	}
	if !found {
		t.Errorf("%s: no log line with %q and reason %q in:\n%s", path, want, reason, logs)
	}
}

func TestDropbox(t *testing.T) {
	s := newSite(t)
	const path = "/hooks/dropbox"

	// The verification handshake is answered at the edge.
	a := send(t, newRequest(t, "GET", s.url+path+"?challenge=c2VjcmV0LWNoYWxsZW5nZQ", "", nil, nil))
	if a.Status != 200 || a.Body != "c2VjcmV0LWNoYWxsZW5nZQ" {
		t.Fatalf("challenge: %d %q", a.Status, a.Body)
	}
	if ct := a.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || a.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("challenge headers: %v", a.Header)
	}
	if n := s.up.count(path); n != 0 {
		t.Fatalf("the handshake reached the upstream")
	}

	body := `{"list_folder": {"accounts": ["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc"]}, "delta": {"users": [12345678]}}`
	sig := hmacHex(env("DROPBOX_APP_SECRET"), body)
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), map[string]string{"X-Dropbox-Signature": sig}))
	if a.Status != 200 || a.Body != "taken by upstream" {
		t.Fatalf("signed notification: %d %q", a.Status, a.Body)
	}
	d := s.up.last(t, path)
	if d.Header.Get("X-Dropbox-Signature") != "" {
		t.Error("the provider's signature header was forwarded")
	}
	ce := parseCloudEvent(t, d)
	if ce.Type != "dropbox.notification" || ce.Provider != "dropbox" || ce.Source != "/hookstile/dropbox" {
		t.Errorf("CloudEvent: %+v", ce)
	}
	if ce.ObjectID != "dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc" || !jsonEqual(t, ce.Data, []byte(body)) {
		t.Errorf("CloudEvent data/objectid: %s", d.Body)
	}
	if d.Header.Get("Hookstile-Provider") != "dropbox" {
		t.Errorf("Hookstile-Provider: %q", d.Header.Get("Hookstile-Provider"))
	}

	// Forged: signed with another secret.
	before := s.up.count(path)
	good := hmacHex(env("DROPBOX_APP_SECRET"), body+" ")
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body+" "), map[string]string{"X-Dropbox-Signature": hmacHex("not-the-secret", body+" ")}))
	s.rejected(t, a, 401, path, "dropbox-hooks", "signature_mismatch", before)
	if strings.Contains(s.tr.logs.String(), good) || strings.Contains(a.Body, good) {
		t.Error("the expected MAC leaked into the log or the response")
	}
	// Unsigned.
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), nil))
	s.rejected(t, a, 400, path, "dropbox-hooks", "missing_signature", before)
}

func TestGitHub(t *testing.T) {
	s := newSite(t)
	const path = "/hooks/github"
	body := `{"action":"opened","number":1347,"issue":{"id":1,"number":1347,"title":"Found a bug"},"repository":{"id":1296269,"full_name":"octocat/Hello-World"},"sender":{"login":"octocat"}}`
	hdr := map[string]string{
		"X-GitHub-Event":      "issues",
		"X-GitHub-Delivery":   "72d3162e-cc78-11e3-81ab-4c9367dc0958",
		"X-Hub-Signature-256": "sha256=" + hmacHex(env("GITHUB_WEBHOOK_SECRET"), body),
	}
	a := send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), hdr))
	if a.Status != 200 || a.Body != "taken by upstream" {
		t.Fatalf("signed delivery: %d %q", a.Status, a.Body)
	}
	d := s.up.last(t, path)
	ce := parseCloudEvent(t, d)
	if ce.Type != "github.issues" || ce.ID != "72d3162e-cc78-11e3-81ab-4c9367dc0958" || !jsonEqual(t, ce.Data, []byte(body)) {
		t.Errorf("CloudEvent: %s", d.Body)
	}
	if d.Header.Get("X-Hub-Signature-256") != "" || d.Header.Get("Hookstile-Event-Type") != "issues" {
		t.Errorf("forwarded headers: %v", d.Header)
	}

	// The same delivery again is acknowledged at the edge, not forwarded.
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), hdr))
	if a.Status != 200 {
		t.Fatalf("duplicate: %d %q", a.Status, a.Body)
	}
	if n := s.up.count(path); n != 1 {
		t.Fatalf("duplicate forwarded: upstream got %d deliveries", n)
	}

	// Forged: body changed after signing.
	forged := map[string]string{}
	for k, v := range hdr {
		forged[k] = v
	}
	forged["X-GitHub-Delivery"] = "72d3162e-cc78-11e3-81ab-4c9367dc0959"
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(strings.Replace(body, "octocat", "mallory", 1)), forged))
	s.rejected(t, a, 401, path, "github-hooks", "signature_mismatch", 1)
}

func TestBox(t *testing.T) {
	s := newSite(t)
	const path = "/hooks/box"
	now := time.Now().UTC()
	body := `{"type":"webhook_event","id":"eac14d4e-6fd5-4e1c-a7c5-4e9d4e0e2a11","created_at":"` + now.Format(time.RFC3339) + `","trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file","name":"report.pdf"}}`
	ts := now.Format(time.RFC3339)
	hdr := map[string]string{
		"BOX-DELIVERY-ID":         "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f",
		"BOX-DELIVERY-TIMESTAMP":  ts,
		"BOX-SIGNATURE-ALGORITHM": "HmacSHA256",
		"BOX-SIGNATURE-VERSION":   "1",
		// Signed with the secondary key only: rotation.
		"BOX-SIGNATURE-PRIMARY":   hmacB64([]byte("an-old-primary-key"), body, ts),
		"BOX-SIGNATURE-SECONDARY": hmacB64([]byte(env("BOX_SECONDARY_KEY")), body, ts),
	}
	a := send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), hdr))
	if a.Status != 200 {
		t.Fatalf("signed delivery: %d %q", a.Status, a.Body)
	}
	d := s.up.last(t, path)
	ce := parseCloudEvent(t, d)
	if ce.Type != "box.FILE.UPLOADED" || ce.ObjectType != "file" || ce.ObjectID != "1234567890" || ce.ID != "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f" {
		t.Errorf("CloudEvent: %s", d.Body)
	}
	for _, h := range []string{"Box-Signature-Primary", "Box-Signature-Secondary"} {
		if d.Header.Get(h) != "" {
			t.Errorf("%s forwarded", h)
		}
	}

	// Stale: signed correctly, but an hour old.
	old := now.Add(-time.Hour).Format(time.RFC3339)
	stale := map[string]string{
		"BOX-DELIVERY-ID":        "0b3f1f57-1e58-4ab4-a7b8-6a7b0e9a3e10",
		"BOX-DELIVERY-TIMESTAMP": old,
		"BOX-SIGNATURE-PRIMARY":  hmacB64([]byte(env("BOX_PRIMARY_KEY")), body, old),
	}
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), stale))
	s.rejected(t, a, 401, path, "box-hooks", "stale_timestamp", 1)

	// Oversize: maxBody is 256KiB in dynamic.yml; declared and chunked.
	big := []byte(`{"pad":"` + strings.Repeat("x", 300<<10) + `"}`)
	bigHdr := map[string]string{
		"BOX-DELIVERY-TIMESTAMP": ts,
		"BOX-SIGNATURE-PRIMARY":  hmacB64([]byte(env("BOX_PRIMARY_KEY")), string(big), ts),
	}
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", big, bigHdr))
	s.rejected(t, a, 413, path, "box-hooks", "body_too_large", 1)
	req := newRequest(t, "POST", s.url+path, "application/json", nil, bigHdr)
	req.Body = readCloser{bytes.NewReader(big)}
	req.ContentLength = -1
	a = send(t, req)
	s.rejected(t, a, 413, path, "box-hooks", "body_too_large", 1)
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

func TestDropboxSign(t *testing.T) {
	s := newSite(t)
	const path = "/hooks/dropbox-sign"
	mk := func(eventTime string) ([]byte, string) {
		ev := map[string]any{
			"event": map[string]any{
				"event_time": eventTime,
				"event_type": "signature_request_signed",
				"event_hash": hmacHex(env("DROPBOX_SIGN_API_KEY"), eventTime, "signature_request_signed"),
				"event_metadata": map[string]any{
					"related_signature_id":    "ad4d8a5c8a6a4a0a9c1e1a1f0b8ac1f2",
					"reported_for_account_id": "63522885f9261e2b04eea043933ee7313eb674fd",
					"reported_for_app_id":     nil,
					"event_message":           nil,
				},
			},
			"signature_request": map[string]any{"signature_request_id": "fa5c8a0b0f492d768749333ad6fcc214c111e967", "title": "NDA"},
		}
		js, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		if err := w.WriteField("json", string(js)); err != nil {
			t.Fatal(err)
		}
		w.Close()
		return buf.Bytes(), w.FormDataContentType()
	}
	body, ct := mk(strconv.FormatInt(time.Now().Unix(), 10))

	// The upstream fails: the provider gets the upstream's status (and retries).
	a := send(t, newRequest(t, "POST", s.url+path, ct, body, map[string]string{"X-Test-Upstream-Status": "503"}))
	if a.Status != 503 || strings.Contains(a.Body, "Hello API Event Received") {
		t.Fatalf("failed upstream: %d %q", a.Status, a.Body)
	}
	// The retry is forwarded again, and acknowledged with the body Dropbox Sign requires.
	a = send(t, newRequest(t, "POST", s.url+path, ct, body, nil))
	if a.Status != 200 || a.Body != "Hello API Event Received" {
		t.Fatalf("acknowledgement: %d %q", a.Status, a.Body)
	}
	if n := s.up.count(path); n != 2 {
		t.Fatalf("upstream got %d deliveries, want 2", n)
	}
	d := s.up.last(t, path)
	ce := parseCloudEvent(t, d)
	if ce.Type != "dropbox_sign.signature_request_signed" || ce.ObjectID != "fa5c8a0b0f492d768749333ad6fcc214c111e967" {
		t.Errorf("CloudEvent: %s", d.Body)
	}
	var data map[string]any
	if err := json.Unmarshal(ce.Data, &data); err != nil || data["signature_request"] == nil {
		t.Errorf("CloudEvent data is not the event JSON: %v %s", err, ce.Data)
	}
	// A duplicate after success is acknowledged at the edge.
	a = send(t, newRequest(t, "POST", s.url+path, ct, body, nil))
	if a.Status != 200 || a.Body != "Hello API Event Received" || s.up.count(path) != 2 {
		t.Fatalf("duplicate: %d %q, upstream %d", a.Status, a.Body, s.up.count(path))
	}
	// Forged: event hash computed with another key.
	b2, ct2 := mk("1700000000")
	b2 = bytes.Replace(b2, []byte(hmacHex(env("DROPBOX_SIGN_API_KEY"), "1700000000", "signature_request_signed")), []byte(hmacHex("wrong-key", "1700000000", "signature_request_signed")), 1)
	a = send(t, newRequest(t, "POST", s.url+path, ct2, b2, nil))
	s.rejected(t, a, 401, path, "dropbox-sign-hooks", "signature_mismatch", 2)
}

func stripeHeader(t *testing.T, secret string, ts int64, body string) string {
	return signedHeaders(t, "stripe", secret, ts, body, nil)["Stripe-Signature"]
}

func TestStripe(t *testing.T) {
	s := newSite(t)
	const path = "/hooks/stripe"
	body := `{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","api_version":"2023-10-16","created":1686089970,"type":"payment_intent.succeeded","data":{"object":{"id":"pi_3NG8Dt2eZvKYlo2C0sqCMxUW","object":"payment_intent","amount":2000,"currency":"usd"}}}`
	now := time.Now().Unix()
	a := send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), map[string]string{"Stripe-Signature": stripeHeader(t, stripeSecret, now, body)}))
	if a.Status != 200 {
		t.Fatalf("signed event: %d %q", a.Status, a.Body)
	}
	// format: raw forwards the original body, verified and re-signed.
	d := s.up.last(t, path)
	if string(d.Body) != body || d.Header.Get("Content-Type") != "application/json" || d.Header.Get("Stripe-Signature") != "" {
		t.Errorf("raw delivery: %v %s", d.Header, d.Body)
	}
	if d.Header.Get("Hookstile-Event-Type") != "payment_intent.succeeded" {
		t.Errorf("Hookstile-Event-Type %q", d.Header.Get("Hookstile-Event-Type"))
	}
	// Stale: tolerance is 300 seconds.
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), map[string]string{"Stripe-Signature": stripeHeader(t, stripeSecret, now-600, body)}))
	s.rejected(t, a, 401, path, "stripe-hooks", "stale_timestamp", 1)
	// Forged.
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), map[string]string{"Stripe-Signature": stripeHeader(t, "whsec_guess", now, body)}))
	s.rejected(t, a, 401, path, "stripe-hooks", "signature_mismatch", 1)
}

func slackHeaders(t *testing.T, secret string, ts int64, body string) map[string]string {
	return signedHeaders(t, "slack", secret, ts, body, nil)
}

func TestSlack(t *testing.T) {
	s := newSite(t)
	const path = "/hooks/slack"
	now := time.Now().Unix()

	// url_verification is answered at the edge after its signature checks.
	ch := `{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`
	a := send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(ch), slackHeaders(t, env("SLACK_SIGNING_SECRET"), now, ch)))
	if a.Status != 200 || !strings.Contains(a.Body, "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P") {
		t.Fatalf("url_verification: %d %q", a.Status, a.Body)
	}
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(ch), slackHeaders(t, "forged", now, ch)))
	s.rejected(t, a, 401, path, "slack-hooks", "signature_mismatch", 0)

	body := `{"token":"XXYYZZ","team_id":"T123ABC456","api_app_id":"A123ABC456","event":{"type":"app_mention","user":"U123ABC456","text":"<@U0LAN0Z89> is it everything a river should be?","ts":"1515449522.000016","channel":"C123ABC456","event_ts":"1515449522000016"},"type":"event_callback","event_id":"Ev123ABC456","event_time":1515449522}`
	// Signed with the old secret, still configured during rotation.
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), slackHeaders(t, env("SLACK_SIGNING_SECRET_OLD"), now, body)))
	if a.Status != 200 {
		t.Fatalf("event: %d %q", a.Status, a.Body)
	}
	d := s.up.last(t, path)
	// format: elements
	var msg struct {
		Message struct {
			EventID    string `json:"eventId"`
			ElementKey string `json:"elementKey"`
			Events     []struct {
				EventType  string `json:"eventType"`
				ObjectType string `json:"objectType"`
			} `json:"events"`
			Raw json.RawMessage `json:"raw"`
		} `json:"message"`
	}
	if err := json.Unmarshal(d.Body, &msg); err != nil {
		t.Fatalf("elements message: %v %s", err, d.Body)
	}
	if msg.Message.EventID != "Ev123ABC456" || msg.Message.ElementKey != "slack" || len(msg.Message.Events) != 1 || !jsonEqual(t, msg.Message.Raw, []byte(body)) {
		t.Errorf("elements message: %s", d.Body)
	}
	if got, want := d.Header.Get("Elements-Webhook-Signature"), "sha256="+hmacB64(whsecKey(t, signingKey), string(d.Body)); got != want {
		t.Errorf("Elements-Webhook-Signature %q", got)
	}
	if d.Header.Get("X-Slack-Signature") != "" {
		t.Error("X-Slack-Signature forwarded")
	}
}

func TestStandardWebhooks(t *testing.T) {
	s := newSite(t)
	const path = "/hooks/standard-webhooks"
	body := `{"type":"invoice.paid","timestamp":"2024-05-01T12:00:00Z","data":{"id":"in_123","amount":4200}}`
	id := "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
	hdr := signedHeaders(t, "standard_webhooks", env("SW_PROVIDER_SECRET"), time.Now().Unix(), body, map[string]string{"id": id})
	sig := hdr["Webhook-Signature"]
	hdr["Webhook-Signature"] = "v1,bm90LXRoaXMtb25l " + sig
	a := send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), hdr))
	if a.Status != 200 {
		t.Fatalf("signed message: %d %q", a.Status, a.Body)
	}
	d := s.up.last(t, path)
	// The provider's signature is replaced by the operator's, two keys.
	if strings.Contains(d.Header.Get("Webhook-Signature"), sig) || len(strings.Fields(d.Header.Get("Webhook-Signature"))) != 2 {
		t.Errorf("webhook-signature: %q", d.Header.Get("Webhook-Signature"))
	}
	ce := parseCloudEvent(t, d)
	if ce.ID != id || ce.Type != "standard_webhooks.invoice.paid" || !jsonEqual(t, ce.Data, []byte(body)) {
		t.Errorf("CloudEvent: %s", d.Body)
	}
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), hdr))
	if a.Status != 200 || s.up.count(path) != 1 {
		t.Fatalf("duplicate: %d, upstream %d", a.Status, s.up.count(path))
	}
	hdr["Webhook-Id"] = "msg_other"
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), hdr))
	s.rejected(t, a, 401, path, "standard-webhooks-hooks", "signature_mismatch", 1)
}

func TestGeneric(t *testing.T) {
	s := newSite(t)
	const path = "/hooks/acme"
	body := `{"order":{"id":"ord_981","status":"shipped"}}`
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	hdr := map[string]string{
		"X-Acme-Signature": "sha512=" + provsign.MAC("sha512", "base64", []byte(env("ACME_WEBHOOK_SECRET")), ts, ".", body),
		"X-Acme-Timestamp": ts,
		"X-Acme-Delivery":  "dlv_5f1c0e",
		"X-Acme-Event":     "order.shipped",
	}
	a := send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), hdr))
	if a.Status != 200 {
		t.Fatalf("signed delivery: %d %q", a.Status, a.Body)
	}
	// format: binary keeps the body and puts the attributes in ce-* headers.
	d := s.up.last(t, path)
	if string(d.Body) != body || d.Header.Get("Ce-Id") != "dlv_5f1c0e" || d.Header.Get("Ce-Type") != "generic.order.shipped" || d.Header.Get("Ce-Specversion") != "1.0" {
		t.Errorf("binary delivery: %v %s", d.Header, d.Body)
	}
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), hdr))
	if a.Status != 200 || s.up.count(path) != 1 {
		t.Fatalf("duplicate: %d, upstream %d", a.Status, s.up.count(path))
	}
	hdr["X-Acme-Timestamp"] = strconv.FormatInt(time.Now().Unix()+1, 10)
	hdr["X-Acme-Delivery"] = "dlv_5f1c0f"
	a = send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), hdr))
	s.rejected(t, a, 401, path, "acme-hooks", "signature_mismatch", 1)
}
