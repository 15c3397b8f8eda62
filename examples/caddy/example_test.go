package main

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

const exampleCaddyfile = "../../Caddyfile.example"

// exampleEnv runs Caddyfile.example on free loopback ports with the demo
// secrets (no secret variable set) in front of upstreamAddr.
func exampleEnv(t *testing.T, upstreamAddr string) map[string]string {
	env := map[string]string{
		"HOOKSTILE_PORT": strconv.Itoa(freePort(t)),
		"RECEIVER_PORT":  strconv.Itoa(freePort(t)),
		"METRICS_PORT":   strconv.Itoa(freePort(t)),
		// Unset variables would be the defaults; set them empty-proof here
		// so that a developer's environment cannot change the test.
		"DROPBOX_APP_SECRET":    demoDropbox,
		"DROPBOX_SIGN_API_KEY":  demoDropboxSign,
		"BOX_PRIMARY_KEY":       demoBoxPrimary,
		"BOX_SECONDARY_KEY":     demoBoxSecondary,
		"HOOKSTILE_SIGNING_KEY": demoSigningKey,
	}
	if upstreamAddr == "" {
		upstreamAddr = "127.0.0.1:" + env["RECEIVER_PORT"]
	}
	env["HOOKSTILE_UPSTREAM"] = upstreamAddr
	return env
}

// TestExampleCaddyfile runs Caddyfile.example with a real upstream and checks
// every promise hookstile makes for dropbox, dropbox_sign and box.
func TestExampleCaddyfile(t *testing.T) {
	up := newUpstream(t, demoSigningKey)
	c := startCaddy(t, exampleCaddyfile, exampleEnv(t, up.addr()))

	t.Run("dropbox", func(t *testing.T) {
		n := up.count()
		resp, body := send(t, c.base, delivery{method: http.MethodGet, path: "/hooks/dropbox?challenge=q1w2e3"})
		if resp.StatusCode != 200 || body != "q1w2e3" {
			t.Errorf("challenge: got %d %q, want 200 q1w2e3", resp.StatusCode, body)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("challenge Content-Type = %q, want text/plain", ct)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("challenge X-Content-Type-Options = %q, want nosniff", got)
		}
		if up.count() != n {
			t.Fatalf("the challenge reached the upstream")
		}
		resp, body = send(t, c.base, delivery{method: http.MethodGet, path: "/hooks/dropbox?challenge=%3Cscript%3E"})
		if resp.StatusCode != 400 || strings.Contains(body, "script") {
			t.Errorf("markup challenge: got %d %q, want 400 without echo", resp.StatusCode, body)
		}

		payload := `{"list_folder":{"accounts":["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc"]},"delta":{"users":[12345]}}`
		resp, _ = send(t, c.base, dropboxDelivery(demoDropbox, payload))
		if resp.StatusCode/100 != 2 {
			t.Fatalf("valid delivery: status %d, want 2xx", resp.StatusCode)
		}
		a := up.last(t)
		if up.count() != n+1 || a.err != nil {
			t.Fatalf("valid delivery: upstream got %d (err %v)", up.count()-n, a.err)
		}
		if a.event.Type() != "dropbox.notification" || a.event.Source() != "/hookstile/dropbox" {
			t.Errorf("cloudevent type/source = %q %q", a.event.Type(), a.event.Source())
		}
		if a.header.Get("X-Dropbox-Signature") != "" {
			t.Errorf("the provider's signature header was forwarded")
		}
		if !bytes.Contains(a.event.Data(), []byte("dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc")) {
			t.Errorf("data lost the payload: %s", a.event.Data())
		}

		forged := dropboxDelivery("not-the-secret", payload)
		if resp, body := send(t, c.base, forged); resp.StatusCode != 401 || body != "" {
			t.Errorf("forged: got %d %q, want 401 and an empty body", resp.StatusCode, body)
		}
		big := dropboxDelivery(demoDropbox, `{"pad":"`+strings.Repeat("x", 2<<20)+`"}`)
		if resp, _ := send(t, c.base, big); resp.StatusCode != 413 {
			t.Errorf("oversize: got %d, want 413", resp.StatusCode)
		}
		if up.count() != n+1 {
			t.Errorf("rejected deliveries reached the upstream: %d arrivals, want 1", up.count()-n)
		}
	})

	t.Run("box", func(t *testing.T) {
		n := up.count()
		now := time.Now()
		d := boxDelivery(demoBoxPrimary, "box-delivery-1", now, boxBody("f1"))
		resp, _ := send(t, c.base, d)
		if resp.StatusCode/100 != 2 {
			t.Fatalf("valid delivery: status %d, want 2xx", resp.StatusCode)
		}
		a := up.last(t)
		if up.count() != n+1 || a.err != nil {
			t.Fatalf("valid delivery: upstream got %d (err %v)", up.count()-n, a.err)
		}
		if a.event.ID() != "box-delivery-1" || a.event.Type() != "box.FILE.UPLOADED" || a.event.Subject() != "f1" {
			t.Errorf("cloudevent id/type/subject = %q %q %q", a.event.ID(), a.event.Type(), a.event.Subject())
		}
		if a.header.Get("Webhook-Id") != "box-delivery-1" || a.header.Get("Hookstile-Provider") != "box" {
			t.Errorf("headers: webhook-id %q, hookstile-provider %q", a.header.Get("Webhook-Id"), a.header.Get("Hookstile-Provider"))
		}
		for _, h := range []string{"Box-Signature-Primary", "Box-Signature-Version", "Box-Signature-Algorithm"} {
			if a.header.Get(h) != "" {
				t.Errorf("%s was forwarded", h)
			}
		}

		// The same delivery again is acknowledged, not forwarded.
		if resp, _ := send(t, c.base, d); resp.StatusCode != 200 {
			t.Errorf("duplicate: got %d, want 200", resp.StatusCode)
		}
		// The secondary key verifies too (rotation).
		if resp, _ := send(t, c.base, boxDelivery(demoBoxSecondary, "box-delivery-2", now, boxBody("f2"))); resp.StatusCode/100 != 2 {
			t.Errorf("secondary key: got %d, want 2xx", resp.StatusCode)
		}
		if up.count() != n+2 {
			t.Fatalf("duplicate/secondary: upstream got %d, want 2", up.count()-n)
		}

		for name, tc := range map[string]struct {
			d    delivery
			want int
		}{
			"forged":   {boxDelivery("wrong-key", "box-forged", now, boxBody("f3")), 401},
			"stale":    {boxDelivery(demoBoxPrimary, "box-stale", now.Add(-time.Hour), boxBody("f4")), 401},
			"future":   {boxDelivery(demoBoxPrimary, "box-future", now.Add(time.Hour), boxBody("f5")), 401},
			"oversize": {boxDelivery(demoBoxPrimary, "box-big", now, `{"pad":"`+strings.Repeat("y", 2<<20)+`"}`), 413},
			"unsigned": {delivery{path: "/hooks/box", body: []byte(boxBody("f6"))}, 400},
		} {
			if resp, body := send(t, c.base, tc.d); resp.StatusCode != tc.want || body != "" {
				t.Errorf("%s: got %d %q, want %d and an empty body", name, resp.StatusCode, body, tc.want)
			}
		}
		if up.count() != n+2 {
			t.Errorf("rejected deliveries reached the upstream: %d arrivals, want 2", up.count()-n)
		}

		// An upstream failure is the provider's failure, and its retry goes through.
		up.status.Store(http.StatusServiceUnavailable)
		retry := boxDelivery(demoBoxPrimary, "box-delivery-3", now, boxBody("f7"))
		if resp, _ := send(t, c.base, retry); resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("upstream 503: provider got %d, want 503", resp.StatusCode)
		}
		up.status.Store(http.StatusNoContent)
		if resp, _ := send(t, c.base, retry); resp.StatusCode/100 != 2 {
			t.Errorf("retry after upstream failure: got %d, want 2xx", resp.StatusCode)
		}
		if up.count() != n+4 {
			t.Errorf("retry: upstream got %d, want 4 (failed attempt and retry)", up.count()-n)
		}
	})

	t.Run("dropbox_sign", func(t *testing.T) {
		// An upstream that answers 200 with its own body and length: the
		// provider must still get exactly the acknowledgement.
		up.status.Store(http.StatusOK)
		defer up.status.Store(http.StatusNoContent)
		n := up.count()
		now := time.Now()
		d := dropboxSignDelivery(demoDropboxSign, now, "signature_request_signed", "sr-1")
		resp, body := send(t, c.base, d)
		if resp.StatusCode != 200 || body != "Hello API Event Received" {
			t.Fatalf("valid delivery: got %d %q, want 200 Hello API Event Received", resp.StatusCode, body)
		}
		a := up.last(t)
		if up.count() != n+1 || a.err != nil {
			t.Fatalf("valid delivery: upstream got %d (err %v)", up.count()-n, a.err)
		}
		if a.event.Type() != "dropbox_sign.signature_request_signed" {
			t.Errorf("cloudevent type = %q", a.event.Type())
		}
		var data struct {
			SignatureRequest struct {
				ID string `json:"signature_request_id"`
			} `json:"signature_request"`
		}
		if err := a.event.DataAs(&data); err != nil || data.SignatureRequest.ID != "sr-1" {
			t.Errorf("data: %v %+v", err, data)
		}

		// The same callback again: acknowledged with the same body, not forwarded.
		if resp, body := send(t, c.base, d); resp.StatusCode != 200 || body != "Hello API Event Received" {
			t.Errorf("duplicate: got %d %q", resp.StatusCode, body)
		}
		forged := dropboxSignDelivery("wrong-api-key", now, "signature_request_sent", "sr-2")
		if resp, body := send(t, c.base, forged); resp.StatusCode != 401 || strings.Contains(body, "Hello") {
			t.Errorf("forged: got %d %q, want 401 without the acknowledgement", resp.StatusCode, body)
		}
		if up.count() != n+1 {
			t.Fatalf("duplicate/forged reached the upstream: %d arrivals, want 1", up.count()-n)
		}

		// When the upstream fails, Dropbox Sign must not get its acknowledgement.
		up.status.Store(http.StatusInternalServerError)
		failed := dropboxSignDelivery(demoDropboxSign, now, "signature_request_viewed", "sr-3")
		if resp, body := send(t, c.base, failed); resp.StatusCode != 500 || strings.Contains(body, "Hello API") {
			t.Errorf("upstream 500: provider got %d %q, want 500 without the acknowledgement", resp.StatusCode, body)
		}
		up.status.Store(http.StatusOK)
		if resp, body := send(t, c.base, failed); resp.StatusCode != 200 || body != "Hello API Event Received" {
			t.Errorf("retry: got %d %q", resp.StatusCode, body)
		}
		if up.count() != n+3 {
			t.Errorf("upstream got %d, want 3", up.count()-n)
		}
	})

	t.Run("rejections are logged without secrets", func(t *testing.T) {
		logs := c.stderr.String()
		if !strings.Contains(logs, `"msg":"webhook rejected"`) || !strings.Contains(logs, `"reason":"signature_mismatch"`) {
			t.Errorf("no rejection log line with a reason:\n%s", logs)
		}
		for _, s := range []string{demoDropbox, demoDropboxSign, demoBoxPrimary, demoBoxSecondary, "aG9va3N0aWxlLWRlbW8tc2lnbmluZy1rZXk"} {
			if strings.Contains(logs, s) || strings.Contains(c.stdout.String(), s) {
				t.Errorf("a secret appears in Caddy's output: %s...", s[:6])
			}
		}
	})
}

// TestExampleUpstreamDown: a verified delivery to a dead upstream is never a success.
func TestExampleUpstreamDown(t *testing.T) {
	dead := "127.0.0.1:" + strconv.Itoa(freePort(t))
	c := startCaddy(t, exampleCaddyfile, exampleEnv(t, dead))
	now := time.Now()
	resp, _ := send(t, c.base, boxDelivery(demoBoxPrimary, "box-down-1", now, boxBody("d1")))
	if resp.StatusCode/100 == 2 {
		t.Errorf("box to a dead upstream: got %d, want non-2xx", resp.StatusCode)
	}
	resp, body := send(t, c.base, dropboxSignDelivery(demoDropboxSign, now, "signature_request_signed", "sr-down"))
	if resp.StatusCode/100 == 2 || strings.Contains(body, "Hello API") {
		t.Errorf("dropbox_sign to a dead upstream: got %d %q, want non-2xx without the acknowledgement", resp.StatusCode, body)
	}
	// The failed delivery was released: the retry is not treated as a duplicate.
	resp, _ = send(t, c.base, boxDelivery(demoBoxPrimary, "box-down-1", now, boxBody("d1")))
	if resp.StatusCode/100 == 2 {
		t.Errorf("box retry to a dead upstream: got %d, want non-2xx (not a duplicate ack)", resp.StatusCode)
	}
}

// TestExampleReceiver runs Caddyfile.example as the README does (the
// receiver site as the upstream) and checks the receiver prints the event.
func TestExampleReceiver(t *testing.T) {
	c := startCaddy(t, exampleCaddyfile, exampleEnv(t, ""))
	resp, body := send(t, c.base, delivery{method: http.MethodGet, path: "/hooks/dropbox?challenge=hello"})
	if resp.StatusCode != 200 || body != "hello" {
		t.Errorf("challenge: got %d %q", resp.StatusCode, body)
	}
	resp, _ = send(t, c.base, boxDelivery(demoBoxPrimary, "box-readme-1", time.Now(), boxBody("r1")))
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("box through the receiver: got %d, want 204\n%s", resp.StatusCode, c.stderr.String())
	}
	waitOutput(t, c.stdout, "verified webhook-id=box-readme-1", "type: box.FILE.UPLOADED", "id: box-readme-1", `"trigger": "FILE.UPLOADED"`)
}
