package core

import (
	"strings"
)

// Shopify header names (newer deliveries drop the X- prefix; both are accepted).
const (
	HeaderShopifyHmac      = "X-Shopify-Hmac-Sha256"
	HeaderShopifyHmacNew   = "Shopify-Hmac-Sha256"
	HeaderShopifyWebhookID = "X-Shopify-Webhook-Id"
	HeaderShopifyTopic     = "X-Shopify-Topic"
	HeaderShopifyShop      = "X-Shopify-Shop-Domain"
)

// Shopify: X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw body,
// keyed with the app's client secret used verbatim. After a client-secret
// rotation Shopify may sign with the old secret for up to an hour: configure
// both. No timestamp is signed. The delivery id is X-Shopify-Webhook-Id (the
// same across retries), the type X-Shopify-Topic ("orders/create"). No options.
var shopifySpec = bodyMACSpec(spec{
	scheme: "X-Shopify-Hmac-Sha256: base64 HMAC-SHA256(body)",
	secret: "app client secret",
}, bodyMACScheme{headers: []string{HeaderShopifyHmac, HeaderShopifyHmacNew}, alg: "sha256", enc: "base64"}, shopifyEvent)

func shopifyEvent(r *Request, ev *Event) (*Reply, error) {
	ev.DeliveryID = firstHeader(r.Header, HeaderShopifyWebhookID, "Shopify-Webhook-Id")
	ev.Type = firstHeader(r.Header, HeaderShopifyTopic, "Shopify-Topic")
	ev.unsignedType()
	ev.Subject = firstHeader(r.Header, HeaderShopifyShop, "Shopify-Shop-Domain")
	if i := strings.LastIndex(ev.Type, "/"); i > 0 {
		ev.ObjectType = ev.Type[:i]
		ev.Action = actionOf(ev.Type[i+1:])
	}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.ObjectID = field(m, "id")
		ev.Time = timeField(m, "updated_at")
		if ev.Time.IsZero() {
			ev.Time = timeField(m, "created_at")
		}
	}
	return nil, nil
}
