package oracle

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/PagerDuty/go-pagerduty/webhookv3"
	"github.com/bwmarrin/discordgo"
	"github.com/cloudevents/sdk-go/v2/binding"
	cehttp "github.com/cloudevents/sdk-go/v2/protocol/http"
	"github.com/google/go-github/v75/github"
	"github.com/sendgrid/sendgrid-go/helpers/eventwebhook"
	"github.com/slack-go/slack"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"github.com/stripe/stripe-go/v82/webhook"
	svix "github.com/svix/svix-webhooks/go"
	twilioclient "github.com/twilio/twilio-go/client"

	"github.com/hookstile/hookstile/internal/provsign"
)

// What internal/provsign (the tests' and the hookstile command's one
// signer) produces, each provider's official SDK (or, for Discord, the
// common Go library) accepts; signed with another secret, the SDK refuses.
// Each SDK is given the request exactly as provsign would send it.

// signedPair signs a sample of provider with the example input and with
// other secrets of the same kind.
func signedPair(t *testing.T, provider string, opts map[string]string) (in provsign.Input, good, bad *provsign.Request) {
	t.Helper()
	in, err := provsign.Example(provider)
	if err != nil {
		t.Fatal(err)
	}
	if opts != nil {
		in.Options = opts
	}
	good, err = provsign.Sign(provider, in)
	if err != nil {
		t.Fatal(err)
	}
	other, err := provsign.Other(provider, in)
	if err != nil {
		t.Fatal(err)
	}
	other.Body = good.Body // only the secret differs
	bad, err = provsign.Sign(provider, other)
	if err != nil {
		t.Fatal(err)
	}
	return in, good, bad
}

func toHTTP(t *testing.T, r *provsign.Request) *http.Request {
	t.Helper()
	req, err := r.HTTPRequest()
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func routeSecret(t *testing.T, provider string, in provsign.Input) string {
	t.Helper()
	rt, err := provsign.RouteFor(provider, in)
	if err != nil {
		t.Fatal(err)
	}
	return rt.Secrets[0]
}

func TestStripeGoAcceptsProvsign(t *testing.T) {
	in, good, bad := signedPair(t, "stripe", nil)
	opts := webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true}
	if _, err := webhook.ConstructEventWithOptions(good.Body, good.Header.Get("Stripe-Signature"), in.Secrets[0], opts); err != nil {
		t.Errorf("stripe-go refused provsign's delivery: %v", err)
	}
	if _, err := webhook.ConstructEventWithOptions(bad.Body, bad.Header.Get("Stripe-Signature"), in.Secrets[0], opts); err == nil {
		t.Error("stripe-go accepted another secret's signature")
	}
}

func TestGoGitHubAcceptsProvsign(t *testing.T) {
	in, good, bad := signedPair(t, "github", nil)
	if _, err := github.ValidatePayload(toHTTP(t, good), []byte(in.Secrets[0])); err != nil {
		t.Errorf("go-github refused provsign's delivery: %v", err)
	}
	if _, err := github.ValidatePayload(toHTTP(t, bad), []byte(in.Secrets[0])); err == nil {
		t.Error("go-github accepted another secret's signature")
	}
	if _, err := github.ParseWebHook(github.WebHookType(toHTTP(t, good)), good.Body); err != nil {
		t.Errorf("go-github cannot parse the sample: %v", err)
	}
}

func TestSlackGoAcceptsProvsign(t *testing.T) {
	in, good, bad := signedPair(t, "slack", nil)
	for i, r := range []*provsign.Request{good, bad} {
		sv, err := slack.NewSecretsVerifier(r.Header, in.Secrets[0])
		if err == nil {
			sv.Write(r.Body)
			err = sv.Ensure()
		}
		if (err == nil) != (i == 0) {
			t.Errorf("slack-go on the %s delivery: %v", []string{"good", "other secret's"}[i], err)
		}
	}
}

func TestStandardWebhooksAndSvixAcceptProvsign(t *testing.T) {
	for _, provider := range []string{"standard_webhooks", "svix", "clerk", "resend"} {
		in, good, bad := signedPair(t, provider, nil)
		wh, err := standardwebhooks.NewWebhook(in.Secrets[0])
		if err != nil {
			t.Fatal(err)
		}
		sx, err := svix.NewWebhook(in.Secrets[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := wh.Verify(good.Body, good.Header); err != nil && provider == "standard_webhooks" {
			t.Errorf("%s: standard-webhooks refused provsign's delivery: %v", provider, err)
		}
		if err := sx.Verify(good.Body, good.Header); err != nil {
			t.Errorf("%s: svix refused provsign's delivery: %v", provider, err)
		}
		if err := sx.Verify(bad.Body, bad.Header); err == nil {
			t.Errorf("%s: svix accepted another secret's signature", provider)
		}
	}
	// The standard-webhooks library reads webhook-* headers.
	in, good, _ := signedPair(t, "standard_webhooks", nil)
	wh, _ := standardwebhooks.NewWebhook(in.Secrets[0])
	if err := wh.Verify(good.Body, good.Header); err != nil {
		t.Errorf("standard-webhooks refused provsign's delivery: %v", err)
	}
}

func TestTwilioGoAcceptsProvsign(t *testing.T) {
	for _, url := range []string{"https://hooks.example.com/twilio/sms", "https://hooks.example.com/twilio/voice?foo=1&bar=2"} {
		in, err := provsign.Example("twilio")
		if err != nil {
			t.Fatal(err)
		}
		in.URL = url
		good, err := provsign.Sign("twilio", in)
		if err != nil {
			t.Fatal(err)
		}
		v := twilioclient.NewRequestValidator(in.Secrets[0])
		if !v.ValidateBody(good.URL, good.Body, good.Header.Get("X-Twilio-Signature")) {
			t.Errorf("%s: twilio-go refused provsign's delivery", url)
		}
		other := twilioclient.NewRequestValidator(in.Secrets[0] + "x")
		if other.ValidateBody(good.URL, good.Body, good.Header.Get("X-Twilio-Signature")) {
			t.Errorf("%s: twilio-go accepted it with another auth token", url)
		}
	}
	// A JSON body is covered by bodySHA256 in the URL.
	in, _ := provsign.Example("twilio")
	in.Body = []byte(`{"property":"value","boolean":true}`)
	good, err := provsign.Sign("twilio", in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(good.URL, "bodySHA256=") || good.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("JSON body: %s %v", good.URL, good.Header)
	}
	tv := twilioclient.NewRequestValidator(in.Secrets[0])
	if !tv.ValidateBody(good.URL, good.Body, good.Header.Get("X-Twilio-Signature")) {
		t.Error("twilio-go refused provsign's JSON delivery")
	}
}

func TestSendGridGoAcceptsProvsign(t *testing.T) {
	in, good, bad := signedPair(t, "sendgrid", nil)
	key, err := eventwebhook.ConvertPublicKeyBase64ToECDSA(routeSecret(t, "sendgrid", in))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range []*provsign.Request{good, bad} {
		ok, err := eventwebhook.VerifySignature(key, r.Body,
			r.Header.Get(eventwebhook.VerificationHTTPHeader), r.Header.Get(eventwebhook.TimestampHTTPHeader))
		if ok != (i == 0) {
			t.Errorf("sendgrid-go on the %s delivery: %v %v", []string{"good", "other key's"}[i], ok, err)
		}
	}
}

func TestGoPagerDutyAcceptsProvsign(t *testing.T) {
	in, good, bad := signedPair(t, "pagerduty", nil)
	if err := webhookv3.VerifySignature(toHTTP(t, good), in.Secrets[0]); err != nil {
		t.Errorf("go-pagerduty refused provsign's delivery: %v", err)
	}
	if err := webhookv3.VerifySignature(toHTTP(t, bad), in.Secrets[0]); err == nil {
		t.Error("go-pagerduty accepted another secret's signature")
	}
}

func TestDiscordgoAcceptsProvsign(t *testing.T) {
	in, good, bad := signedPair(t, "discord", nil)
	pub, err := hex.DecodeString(routeSecret(t, "discord", in))
	if err != nil || len(pub) != ed25519.PublicKeySize {
		t.Fatalf("route secret: %v", err)
	}
	if !discordgo.VerifyInteraction(toHTTP(t, good), ed25519.PublicKey(pub)) {
		t.Error("discordgo refused provsign's interaction")
	}
	if discordgo.VerifyInteraction(toHTTP(t, bad), ed25519.PublicKey(pub)) {
		t.Error("discordgo accepted another key's signature")
	}
}

// The CloudEvents webhook provider's sample is a structured CloudEvent the
// CloudEvents SDK reads and validates.
func TestCloudEventsSDKReadsProvsign(t *testing.T) {
	_, good, _ := signedPair(t, "cloudevents", nil)
	r := toHTTP(t, good)
	ev, err := binding.ToEvent(r.Context(), cehttp.NewMessageFromHttpRequest(r))
	if err != nil {
		t.Fatalf("CloudEvents SDK cannot read provsign's event: %v", err)
	}
	if err := ev.Validate(); err != nil || ev.Type() != "com.example.object.created" {
		t.Errorf("event %v: %v", ev, err)
	}
	body, _ := io.ReadAll(bytes.NewReader(good.Body))
	if !bytes.Contains(body, []byte(ev.ID())) {
		t.Errorf("id %q not in the body", ev.ID())
	}
}
