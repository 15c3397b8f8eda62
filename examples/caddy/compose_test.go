package main

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

const composeFile = "../traefik/docker-compose.yml"

// TestComposeReceiver runs the receiver service of
// examples/traefik/docker-compose.yml the way the compose file starts it
// (this package's Caddy on examples/traefik/receiver.Caddyfile), bound to
// loopback, and checks it verifies and prints a re-signed CloudEvent and
// refuses a forged one. Docker itself does not run here.
func TestComposeReceiver(t *testing.T) {
	compose := readFile(t, composeFile)
	const cmd = `command: ["go", "run", "./examples/caddy", "run", "--config", "examples/traefik/receiver.Caddyfile"]`
	if !strings.Contains(compose, cmd) {
		t.Fatalf("%s: the receiver service no longer runs %s", composeFile, cmd)
	}
	if !strings.Contains(compose, "traefik.http.services.receiver.loadBalancer.server.port=9000") {
		t.Errorf("%s: the receiver's port label is not its default RECEIVER_PORT 9000", composeFile)
	}
	port := strconv.Itoa(freePort(t))
	c := startCaddy(t, "../traefik/receiver.Caddyfile", map[string]string{
		"HOOKSTILE_PORT":        port, // what startCaddy waits for
		"RECEIVER_PORT":         port,
		"RECEIVER_BIND":         "127.0.0.1",
		"HOOKSTILE_SIGNING_KEY": demoSigningKey,
	})
	body := []byte(`{"specversion":"1.0","id":"compose-1","source":"/hookstile/box","type":"box.FILE.UPLOADED","datacontenttype":"application/json","data":{"trigger":"FILE.UPLOADED"}}`)
	signed := func(key string) delivery {
		wh, err := standardwebhooks.NewWebhook(key)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		sig, err := wh.Sign("compose-1", now, body)
		if err != nil {
			t.Fatal(err)
		}
		h := http.Header{}
		h.Set("Content-Type", "application/cloudevents+json")
		h.Set("webhook-id", "compose-1")
		h.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
		h.Set("webhook-signature", sig)
		return delivery{path: "/hooks/box", header: h, body: bytes.Clone(body)}
	}
	if resp, _ := send(t, c.base, signed(demoSigningKey)); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("signed CloudEvent: %d, want 204\n%s", resp.StatusCode, c.stderr.String())
	}
	waitOutput(t, c.stdout, "verified webhook-id=compose-1", "type: box.FILE.UPLOADED")
	if resp, _ := send(t, c.base, signed("whsec_Zm9yZ2VkLWtleS1mb3JnZWQta2V5")); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged CloudEvent: %d, want 401", resp.StatusCode)
	}
}
