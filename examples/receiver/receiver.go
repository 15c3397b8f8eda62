// Package receiver is the example upstream of Caddyfile.example: the Caddy
// handler http.handlers.hookstile_receiver, which plays the application
// behind hookstile. It verifies the Standard Webhooks signature with the
// standard-webhooks Go library (independently of hookstile's own code),
// parses the CloudEvent with the CloudEvents Go SDK and prints it.
//
// It is a demo: a real application does the same two checks in its own
// webhook endpoint.
package receiver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	cloudevents "github.com/cloudevents/sdk-go/v2/event"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"go.uber.org/zap"
)

func init() {
	caddy.RegisterModule(Receiver{})
	httpcaddyfile.RegisterHandlerDirective("hookstile_receiver", parseCaddyfile)
	httpcaddyfile.RegisterDirectiveOrder("hookstile_receiver", httpcaddyfile.Before, "respond")
}

// maxBody bounds what the receiver reads.
const maxBody = 4 << 20

// Receiver verifies and prints forwarded deliveries. It answers 204 to a
// delivery whose signature verifies, 401 to one that does not, and 400 to a
// body that claims to be a CloudEvent but is not a valid one.
type Receiver struct {
	// The Standard Webhooks key hookstile signs with (sign_key), in the
	// "whsec_<base64>" form. Placeholders such as {env.X} are resolved at
	// provision time.
	Key string `json:"key,omitempty"`

	wh     *standardwebhooks.Webhook
	logger *zap.Logger
	out    io.Writer
	mu     *sync.Mutex
}

// CaddyModule returns the Caddy module information.
func (Receiver) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{
		ID:  "http.handlers.hookstile_receiver",
		New: func() caddy.Module { return new(Receiver) },
	}
}

// Provision builds the verifier.
func (rc *Receiver) Provision(ctx caddy.Context) error {
	rc.logger = ctx.Logger()
	key := caddy.NewReplacer().ReplaceKnown(rc.Key, "")
	if strings.TrimSpace(key) == "" {
		return fmt.Errorf("hookstile_receiver: key is empty")
	}
	wh, err := standardwebhooks.NewWebhook(key)
	if err != nil {
		return fmt.Errorf("hookstile_receiver: key: want whsec_<base64>: %v", err)
	}
	rc.wh = wh
	rc.mu = new(sync.Mutex)
	if rc.out == nil {
		rc.out = os.Stdout
	}
	return nil
}

// ServeHTTP verifies, parses and prints one delivery. It is a terminal handler.
func (rc *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request, _ caddyhttp.Handler) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return caddyhttp.Error(http.StatusBadRequest, err)
	}
	if len(body) > maxBody {
		return caddyhttp.Error(http.StatusRequestEntityTooLarge, fmt.Errorf("body too large"))
	}
	if err := rc.wh.Verify(body, r.Header); err != nil {
		rc.logger.Warn("receiver: signature does not verify", zap.Error(err))
		return caddyhttp.Error(http.StatusUnauthorized, fmt.Errorf("standard webhooks: %v", err))
	}
	text, err := describe(r.Header, body)
	if err != nil {
		rc.logger.Warn("receiver: not a valid CloudEvent", zap.Error(err))
		return caddyhttp.Error(http.StatusBadRequest, err)
	}
	rc.mu.Lock()
	fmt.Fprint(rc.out, text)
	rc.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// describe renders a verified delivery: a structured CloudEvent parsed with
// the CloudEvents SDK, or the headers and body of any other format.
func describe(h http.Header, body []byte) (string, error) {
	var sb strings.Builder
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	fmt.Fprintf(&sb, "hookstile_receiver: verified webhook-id=%s provider=%s\n", h.Get("Webhook-Id"), h.Get("Hookstile-Provider"))
	if mt == "application/cloudevents+json" {
		ev := cloudevents.New()
		if err := json.Unmarshal(body, &ev); err != nil {
			return "", fmt.Errorf("cloudevent: %v", err)
		}
		if err := ev.Validate(); err != nil {
			return "", fmt.Errorf("cloudevent: %v", err)
		}
		sb.WriteString(ev.String())
		return sb.String(), nil
	}
	for _, k := range []string{"Content-Type", "Ce-Id", "Ce-Type", "Ce-Source", "Hookstile-Event-Type"} {
		if v := h.Get(k); v != "" {
			fmt.Fprintf(&sb, "  %s: %s\n", k, v)
		}
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, body, "  ", "  ") == nil {
		fmt.Fprintf(&sb, "  %s\n", pretty.String())
	} else {
		fmt.Fprintf(&sb, "  (%d bytes)\n", len(body))
	}
	return sb.String(), nil
}

func parseCaddyfile(h httpcaddyfile.Helper) (caddyhttp.MiddlewareHandler, error) {
	rc := new(Receiver)
	err := rc.UnmarshalCaddyfile(h.Dispenser)
	return rc, err
}

// UnmarshalCaddyfile sets up the receiver from Caddyfile tokens. Syntax:
//
//	hookstile_receiver <whsec_key>
func (rc *Receiver) UnmarshalCaddyfile(d *caddyfile.Dispenser) error {
	d.Next() // consume directive name
	if !d.NextArg() {
		return d.ArgErr()
	}
	rc.Key = d.Val()
	if d.NextArg() {
		return d.Errf("hookstile_receiver: unexpected argument '%s'", d.Val())
	}
	if d.NextBlock(0) {
		return d.Err("hookstile_receiver: blocks are not supported")
	}
	return nil
}

// Interface guards
var (
	_ caddy.Provisioner           = (*Receiver)(nil)
	_ caddyhttp.MiddlewareHandler = (*Receiver)(nil)
	_ caddyfile.Unmarshaler       = (*Receiver)(nil)
)
