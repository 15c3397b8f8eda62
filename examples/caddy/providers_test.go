package main

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

const (
	githubSecret = "github-test-secret"
	stripeSecret = "whsec_stripe-test-secret"
	slackSecret  = "slack-test-secret"
	swSecret     = "whsec_c3ctdGVzdC1zZWNyZXQtc3ctdGVzdC1zZWNyZXQ="
	acmeSecret   = "acme-test-secret"
)

// providerCase signs a delivery with id at a time, with a secret.
type providerCase struct {
	name      string
	secret    string
	wantType  string
	hasID     bool // duplicates are detected
	timestamp bool // stale deliveries are rejected
	sign      func(secret, id string, at time.Time, body string) delivery
	body      func(id string) string
}

func jsonHeader() http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	return h
}

var providerCases = []providerCase{
	{
		name: "github", secret: githubSecret, wantType: "github.push", hasID: true,
		body: func(id string) string { return `{"ref":"refs/heads/main","after":"` + id + `"}` },
		sign: func(secret, id string, at time.Time, body string) delivery {
			return signed("github", "/hooks/github", []string{secret}, at, body, nil, "X-GitHub-Event", "push", "X-GitHub-Delivery", id)
		},
	},
	{
		name: "stripe", secret: stripeSecret, wantType: "stripe.invoice.paid", hasID: true, timestamp: true,
		body: func(id string) string {
			return `{"id":"` + id + `","object":"event","type":"invoice.paid","created":` + strconv.FormatInt(time.Now().Unix(), 10) + `,"data":{"object":{"id":"in_1","object":"invoice"}}}`
		},
		sign: func(secret, _ string, at time.Time, body string) delivery {
			return signed("stripe", "/hooks/stripe", []string{secret}, at, body, nil)
		},
	},
	{
		name: "slack", secret: slackSecret, wantType: "slack.app_mention", hasID: true, timestamp: true,
		body: func(id string) string {
			return `{"type":"event_callback","team_id":"T1","event_id":"` + id + `","event":{"type":"app_mention","text":"hi"}}`
		},
		sign: func(secret, _ string, at time.Time, body string) delivery {
			return signed("slack", "/hooks/slack", []string{secret}, at, body, nil)
		},
	},
	{
		name: "standard_webhooks", secret: swSecret, wantType: "standard_webhooks.invoice.paid", hasID: true, timestamp: true,
		body: func(id string) string { return `{"type":"invoice.paid","data":{"n":"` + id + `"}}` },
		sign: func(secret, id string, at time.Time, body string) delivery {
			wh, err := standardwebhooks.NewWebhook(secret)
			if err != nil { // the forged case: not a whsec_ key at all
				wh, err = standardwebhooks.NewWebhookRaw([]byte(secret))
			}
			if err != nil {
				panic(err)
			}
			sig, err := wh.Sign(id, at, []byte(body))
			if err != nil {
				panic(err)
			}
			h := jsonHeader()
			h.Set("Webhook-Id", id)
			h.Set("Webhook-Timestamp", strconv.FormatInt(at.Unix(), 10))
			h.Set("Webhook-Signature", sig)
			return delivery{path: "/hooks/sw", header: h, body: []byte(body)}
		},
	},
	{
		name: "generic", secret: acmeSecret, wantType: "generic.order.created", hasID: true, timestamp: true,
		body: func(id string) string { return `{"order":"` + id + `"}` },
		sign: func(secret, id string, at time.Time, body string) delivery {
			return signed("generic", "/hooks/acme", []string{secret}, at, body, map[string]string{
				"header": "X-Acme-Signature", "prefix": "sha256=", "signed_content": "{timestamp}.{body}",
				"timestamp_header": "X-Acme-Timestamp", "id_header": "X-Acme-Delivery", "event_type_header": "X-Acme-Event"},
				"X-Acme-Delivery", id)
		},
	},
}

// TestProvidersEndToEnd runs testdata/providers.Caddyfile with the built
// binary and checks github, stripe, slack, standard_webhooks and generic the way TestExampleCaddyfile
// checks dropbox, dropbox_sign and box.
func TestProvidersEndToEnd(t *testing.T) {
	up := newUpstream(t, demoSigningKey)
	c := startCaddy(t, "testdata/providers.Caddyfile", map[string]string{
		"HOOKSTILE_PORT":        strconv.Itoa(freePort(t)),
		"HOOKSTILE_UPSTREAM":    up.addr(),
		"HOOKSTILE_SIGNING_KEY": demoSigningKey,
		"GITHUB_SECRET":         githubSecret,
		"STRIPE_SECRET":         stripeSecret,
		"SLACK_SECRET":          slackSecret,
		"SW_SECRET":             swSecret,
		"ACME_SECRET":           acmeSecret,
	})
	for _, pc := range providerCases {
		t.Run(pc.name, func(t *testing.T) {
			n := up.count()
			now := time.Now()
			id := "evt_" + strings.ReplaceAll(pc.name, "_", "") + "1"
			d := pc.sign(pc.secret, id, now, pc.body(id))
			resp, _ := send(t, c.base, d)
			if resp.StatusCode/100 != 2 {
				t.Fatalf("valid delivery: status %d\n%s", resp.StatusCode, c.stderr.String())
			}
			a := up.last(t)
			if up.count() != n+1 || a.err != nil {
				t.Fatalf("valid delivery: upstream got %d (err %v)", up.count()-n, a.err)
			}
			if a.event.Type() != pc.wantType {
				t.Errorf("cloudevent type = %q, want %q", a.event.Type(), pc.wantType)
			}
			if pc.hasID {
				if resp, _ := send(t, c.base, d); resp.StatusCode/100 != 2 {
					t.Errorf("duplicate: got %d, want 2xx", resp.StatusCode)
				}
			}
			id2 := id + "x"
			rejects := map[string]struct {
				d    delivery
				want int
			}{
				"forged":   {pc.sign("wrong-"+pc.secret, id2, now, pc.body(id2)), 401},
				"oversize": {pc.sign(pc.secret, id2, now, `{"pad":"`+strings.Repeat("z", 2<<20)+`"}`), 413},
			}
			if pc.timestamp {
				rejects["stale"] = struct {
					d    delivery
					want int
				}{pc.sign(pc.secret, id2, now.Add(-time.Hour), pc.body(id2)), 401}
			}
			for name, r := range rejects {
				if resp, body := send(t, c.base, r.d); resp.StatusCode != r.want || body != "" {
					t.Errorf("%s: got %d %q, want %d and an empty body", name, resp.StatusCode, body, r.want)
				}
			}
			if up.count() != n+1 {
				t.Errorf("upstream got %d deliveries, want exactly 1", up.count()-n)
			}
		})
	}

	t.Run("slack url_verification", func(t *testing.T) {
		n := up.count()
		body := `{"type":"url_verification","token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}`
		d := providerCases[2].sign(slackSecret, "", time.Now(), body)
		resp, got := send(t, c.base, d)
		if resp.StatusCode != 200 || got != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" || up.count() != n {
			t.Errorf("url_verification: %d %q, upstream +%d", resp.StatusCode, got, up.count()-n)
		}
		forged := providerCases[2].sign("wrong", "", time.Now(), body)
		if resp, got := send(t, c.base, forged); resp.StatusCode != 401 || got != "" {
			t.Errorf("unsigned url_verification: %d %q, want 401", resp.StatusCode, got)
		}
	})
}
