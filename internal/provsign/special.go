package provsign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math/big"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The providers whose scheme is their own.

var stripe = stamped(stamp{header: "Stripe-Signature", value: "t={ts},v1={sig}", content: "{ts}.{body}", enc: "hex"})

// adyen signs each notification item: base64 HMAC-SHA256 (hex-decoded key)
// of psp:original:merchant:reference:value:currency:event:success, in
// additionalData.hmacSignature; platform webhooks sign the body instead.
func adyen(c *ctx) error {
	k, err := c.keyOf(0, "hex")
	if err != nil {
		return err
	}
	if c.option("platform", "") == "true" {
		c.header.Set("HmacSignature", encode("base64", mac("sha256", k, string(c.body))))
		return nil
	}
	return c.editBody(func(o *jobj) error {
		return o.each("notificationItems", func(it *jobj) error {
			return it.edit("NotificationRequestItem", func(n *jobj) error {
				amount, err := n.obj("amount")
				if err != nil {
					return err
				}
				msg := strings.Join([]string{n.str("pspReference"), n.str("originalReference"), n.str("merchantAccountCode"),
					n.str("merchantReference"), amount.str("value"), amount.str("currency"), n.str("eventCode"), n.str("success")}, ":")
				sig := encode("base64", mac("sha256", k, msg))
				return n.edit("additionalData", func(a *jobj) error { return a.set("hmacSignature", sig) })
			})
		})
	})
}

// azureEventGrid: the shared secret in the URL's query (auth=query, the
// default) or as a bearer token.
func azureEventGrid(c *ctx) error {
	c.header.Set("aeg-event-type", "Notification")
	if c.option("auth", "query") == "bearer" {
		c.header.Set("Authorization", "Bearer "+c.secrets[0])
		return nil
	}
	return querySecret("token")(c)
}

// box: base64 HMAC-SHA256(body ‖ BOX-DELIVERY-TIMESTAMP) with the primary
// key and, when given, the secondary one.
func box(c *ctx) error {
	ts := timestamp(c.now, "rfc3339")
	c.set("BOX-DELIVERY-ID", "{{UUID}}", "BOX-DELIVERY-TIMESTAMP", ts,
		"BOX-SIGNATURE-ALGORITHM", "HmacSHA256", "BOX-SIGNATURE-VERSION", "1")
	c.header.Set("BOX-SIGNATURE-PRIMARY", encode("base64", mac("sha256", []byte(c.secrets[0]), string(c.body), ts)))
	if len(c.secrets) > 1 {
		c.header.Set("BOX-SIGNATURE-SECONDARY", encode("base64", mac("sha256", []byte(c.secrets[1]), string(c.body), ts)))
	}
	return nil
}

// contentful signs the method, the path (escaped as the toolkit does), the
// signed headers and the body.
func contentful(c *ctx) error {
	ts := timestamp(c.now, "ms")
	signed := map[string]string{
		"x-contentful-crn":       "crn:contentful:::content:spaces/yadj1kx9rmg0",
		"x-contentful-timestamp": ts,
		"x-contentful-topic":     "ContentManagement.Entry.publish",
	}
	names := []string{"x-contentful-signed-headers"}
	for k := range signed {
		names = append(names, k)
	}
	sort.Strings(names)
	signed["x-contentful-signed-headers"] = strings.Join(names, ",")
	pairs := make([]string, len(names))
	for i, n := range names {
		pairs[i] = n + ":" + signed[n]
		c.header.Set(n, signed[n])
	}
	u := c.u
	if pu := c.option("public_url", ""); pu != "" {
		p, err := url.Parse(pu)
		if err != nil {
			return fmt.Errorf("public_url: %v", err)
		}
		u = p
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + jsEscape(u.RawQuery, "-_.!~*'()")
	}
	path = jsEscape(path, "-_.!~*'();/?:@&=+$,#")
	k, _ := c.keyOf(0, "")
	c.header.Set("X-Contentful-Signature", encode("hex", mac("sha256", k, c.method+"\n"+path+"\n"+strings.Join(pairs, ";")+"\n", string(c.body))))
	return nil
}

// jsEscape is JavaScript's encodeURIComponent / encodeURI: every byte but
// letters, digits and keep is percent-encoded.
func jsEscape(s, keep string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte(keep, ch) >= 0 {
			b.WriteByte(ch)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", ch)
	}
	return b.String()
}

// discord: hex Ed25519(X-Signature-Timestamp ‖ body).
func discord(c *ctx) error {
	k, err := parsePrivate(c.secrets[0], ed25519Key)
	if err != nil {
		return err
	}
	ts := timestamp(c.now, "s")
	c.header.Set("X-Signature-Timestamp", ts)
	c.header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(k.(ed25519.PrivateKey), append([]byte(ts), c.body...))))
	return nil
}

// docusign: one X-DocuSign-Signature-<n> per Connect key.
func docusign(c *ctx) error {
	c.header.Set("X-Authorization-Digest", "HMACSHA256")
	for i, s := range c.secrets {
		c.header.Set("X-DocuSign-Signature-"+strconv.Itoa(i+1), encode("base64", mac("sha256", []byte(s), string(c.body))))
	}
	return nil
}

// dropboxSign: event.event_hash = hex HMAC-SHA256(API key, event_time ‖
// event_type), event_time the clock's, posted as the multipart field "json".
func dropboxSign(c *ctx) error {
	err := c.editBody(func(o *jobj) error {
		return o.edit("event", func(e *jobj) error {
			// The signed time is the clock's, as Dropbox Sign's own would be.
			if err := e.set("event_time", timestamp(c.now, "s")); err != nil {
				return err
			}
			return e.set("event_hash", encode("hex", mac("sha256", []byte(c.secrets[0]), e.str("event_time"), e.str("event_type"))))
		})
	})
	if err != nil {
		return err
	}
	switch c.option("encoding", "multipart") {
	case "json":
		c.header.Set("Content-Type", "application/json")
	case "form":
		c.header.Set("Content-Type", "application/x-www-form-urlencoded")
		c.body = []byte("json=" + url.QueryEscape(string(c.body)))
	case "multipart":
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="json"`)
		part, err := w.CreatePart(h)
		if err != nil {
			return err
		}
		part.Write(c.body)
		w.Close()
		c.header.Set("Content-Type", w.FormDataContentType())
		c.body = b.Bytes()
	default:
		return errors.New("option encoding: want multipart, form or json")
	}
	return nil
}

// figma: the passcode travels in the body.
func figma(c *ctx) error {
	return c.editBody(func(o *jobj) error { return o.set("passcode", c.secrets[0]) })
}

// generic is the configurable HMAC scheme of hookstile's generic provider.
func generic(c *ctx) error {
	header := c.option("header", "")
	if header == "" {
		return errors.New("option header is required (the signature header)")
	}
	k, err := c.keyOf(0, map[string]string{"base64": "base64"}[c.option("key_encoding", "raw")])
	if err != nil {
		return err
	}
	ts := timestamp(c.now, "s")
	if c.option("timestamp_format", "unix") == "unix_ms" {
		ts = timestamp(c.now, "ms")
	}
	id := c.expand("d-{{ID}}")
	content := strings.NewReplacer("{body}", string(c.body), "{timestamp}", ts, "{id}", id).Replace(c.option("signed_content", "{body}"))
	c.header.Set(header, c.option("prefix", "")+encode(c.option("encoding", "hex"), mac(c.option("algorithm", "sha256"), k, content)))
	if h := c.option("timestamp_header", ""); h != "" {
		c.header.Set(h, ts)
	}
	if h := c.option("id_header", ""); h != "" {
		c.header.Set(h, id)
	}
	if h := c.option("event_type_header", ""); h != "" {
		c.header.Set(h, "order.created")
	}
	return nil
}

// gitlab sends the secret token in X-Gitlab-Token and, with a whsec_
// signing token, signs as Standard Webhooks with the Idempotency-Key as id.
func gitlab(c *ctx) error {
	c.set("X-Gitlab-Event", "Merge Request Hook", "X-Gitlab-Event-UUID", "{{UUID}}", "Idempotency-Key", "{{UUID}}")
	for _, s := range c.secrets {
		if !strings.HasPrefix(s, "whsec_") {
			c.header.Set("X-Gitlab-Token", s)
			continue
		}
		k, err := whsecKey(s)
		if err != nil {
			return err
		}
		id, ts := c.header.Get("Idempotency-Key"), timestamp(c.now, "s")
		c.header.Set("webhook-id", id)
		c.header.Set("webhook-timestamp", ts)
		c.header.Set("webhook-signature", "v1,"+encode("base64", mac("sha256", k, id, ".", ts, ".", string(c.body))))
	}
	return nil
}

// googleDrive: a change notification, headers only; the channel token is
// the secret.
func googleDrive(c *ctx) error {
	c.set("X-Goog-Channel-ID", "{{UUID}}", "X-Goog-Channel-Expiration", c.now.Add(24*time.Hour).UTC().Format(time.RFC1123),
		"X-Goog-Resource-ID", "{{ID}}", "X-Goog-Resource-URI", "https://www.googleapis.com/drive/v3/files/{{ID}}",
		"X-Goog-Resource-State", "update", "X-Goog-Changed", "content", "X-Goog-Message-Number", "{{TS}}",
		"X-Goog-Channel-Token", c.secrets[0])
	return nil
}

// graphcms (Hygraph): base64 HMAC-SHA256 of JSON.stringify({Body,
// EnvironmentName, TimeStamp}).
func graphcms(c *ctx) error {
	env := c.option("environment", "master")
	t := c.now.UnixMilli()
	content := `{"Body":` + jsString(string(c.body)) + `,"EnvironmentName":` + jsString(env) + `,"TimeStamp":` + strconv.FormatInt(t, 10) + `}`
	sig := encode("base64", mac("sha256", []byte(c.secrets[0]), content))
	c.header.Set("gcms-signature", "sign="+sig+", env="+env+", t="+strconv.FormatInt(t, 10))
	return nil
}

// jsString quotes s as JavaScript's JSON.stringify does.
func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == utf8.RuneError {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

var hubspotDecode = strings.NewReplacer(
	"%3A", ":", "%2F", "/", "%3F", "?", "%40", "@", "%21", "!", "%24", "$",
	"%27", "'", "%28", "(", "%29", ")", "%2A", "*", "%2C", ",", "%3B", ";",
	"%3a", ":", "%2f", "/", "%3f", "?", "%2a", "*", "%2c", ",", "%3b", ";")

// hubspot v3: base64 HMAC-SHA256(method ‖ URI ‖ body ‖ timestamp in ms),
// the URI's query decoded per HubSpot's table.
func hubspot(c *ctx) error {
	uri := c.option("public_url", c.urlNoQuery())
	if c.u.RawQuery != "" {
		uri += "?" + c.u.RawQuery
	}
	ts := timestamp(c.now, "ms")
	c.header.Set("X-HubSpot-Request-Timestamp", ts)
	c.header.Set("X-HubSpot-Signature-v3", encode("base64", mac("sha256", []byte(c.secrets[0]), c.method, hubspotDecode.Replace(uri), string(c.body), ts)))
	return nil
}

// linear: hex HMAC-SHA256 of the body, whose webhookTimestamp (ms) is the
// signed time.
func linear(c *ctx) error {
	typ := ""
	err := c.editBody(func(o *jobj) error {
		typ = o.str("type")
		return o.set("webhookTimestamp", json.RawMessage(timestamp(c.now, "ms")))
	})
	if err != nil {
		return err
	}
	c.set("Linear-Delivery", "{{UUID}}", "Linear-Event", typ)
	c.header.Set("Linear-Signature", encode("hex", mac("sha256", []byte(c.secrets[0]), string(c.body))))
	return nil
}

// mailgun: the body's signature object, hex HMAC-SHA256(timestamp ‖ token).
func mailgun(c *ctx) error {
	ts, tok := timestamp(c.now, "s"), randHex(25)
	return c.editBody(func(o *jobj) error {
		return o.set("signature", map[string]string{"timestamp": ts, "token": tok,
			"signature": encode("hex", mac("sha256", []byte(c.secrets[0]), ts, tok))})
	})
}

// microsoftGraph: every notification carries the subscription's clientState.
func microsoftGraph(c *ctx) error {
	return c.editBody(func(o *jobj) error {
		return o.each("value", func(n *jobj) error { return n.set("clientState", c.secrets[0]) })
	})
}

// monday: an HS256 JWT in Authorization, signed with the signing secret.
func monday(c *ctx) error {
	claims := map[string]interface{}{"accountId": 1825529, "userId": 4012689, "aud": c.option("audience", c.u.String()),
		"iat": c.now.Unix() - 1, "exp": c.now.Unix() + 300, "shortLivedToken": "SLT"}
	hb, _ := marshal(map[string]string{"alg": "HS256", "typ": "JWT"})
	cb, _ := marshal(claims)
	in := b64u(hb) + "." + b64u(cb)
	c.header.Set("Authorization", in+"."+b64u(mac("sha256", []byte(c.secrets[0]), in)))
	return nil
}

// okta: the event hook's authorization value in a header.
func okta(c *ctx) error {
	c.header.Set(c.option("header", "Authorization"), c.secrets[0])
	return nil
}

// pagerduty: v1=hex HMAC-SHA256(body), one per subscription secret, comma
// separated.
func pagerduty(c *ctx) error {
	sigs := make([]string, len(c.secrets))
	for i, s := range c.secrets {
		sigs[i] = "v1=" + encode("hex", mac("sha256", []byte(s), string(c.body)))
	}
	c.set("X-Webhook-Id", "{{UUID}}", "X-PagerDuty-Signature", strings.Join(sigs, ","))
	return nil
}

func paypalWebhookID(o map[string]string) string {
	if v := o["webhook_id"]; v != "" {
		return v
	}
	return "1JE4291016473214C"
}

func paypalCertURL(o map[string]string) string {
	if v := o["cert_url"]; v != "" {
		return v
	}
	return "https://api-m.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-hookstile"
}

// paypal: base64 SHA256withRSA over id|time|webhook_id|crc32(body).
func paypal(c *ctx) error {
	k, err := parsePrivate(c.secrets[0], rsaKey)
	if err != nil {
		return err
	}
	id, ts := c.expand("{{UUID}}"), timestamp(c.now, "rfc3339")
	msg := id + "|" + ts + "|" + paypalWebhookID(c.opt) + "|" + strconv.FormatUint(uint64(crc32.ChecksumIEEE(c.body)), 10)
	d := sha256.Sum256([]byte(msg))
	sig, err := rsa.SignPKCS1v15(rand.Reader, k.(*rsa.PrivateKey), crypto.SHA256, d[:])
	if err != nil {
		return err
	}
	c.header.Set("PAYPAL-TRANSMISSION-ID", id)
	c.header.Set("PAYPAL-TRANSMISSION-TIME", ts)
	c.header.Set("PAYPAL-TRANSMISSION-SIG", base64.StdEncoding.EncodeToString(sig))
	c.header.Set("PAYPAL-CERT-URL", paypalCertURL(c.opt))
	c.header.Set("PAYPAL-AUTH-ALGO", "SHA256withRSA")
	return nil
}

func plaidKid(o map[string]string) string {
	if v := o["kid"]; v != "" {
		return v
	}
	return "hookstile-test-key"
}

// plaid: an ES256 JWT in Plaid-Verification over iat and the body's SHA-256.
func plaid(c *ctx) error {
	k, err := parsePrivate(c.secrets[0], ecdsaKey)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(c.body)
	hb, _ := marshal(map[string]string{"alg": "ES256", "kid": plaidKid(c.opt), "typ": "JWT"})
	cb, _ := marshal(map[string]interface{}{"iat": c.now.Unix(), "request_body_sha256": hex.EncodeToString(sum[:])})
	in := b64u(hb) + "." + b64u(cb)
	d := sha256.Sum256([]byte(in))
	r, s, err := ecdsa.Sign(rand.Reader, k.(*ecdsa.PrivateKey), d[:])
	if err != nil {
		return err
	}
	c.header.Set("Plaid-Verification", in+"."+b64u(append(pad32(r), pad32(s)...)))
	return nil
}

// sortedPairs joins every (key, value), keys sorted then values sorted.
func sortedPairs(v url.Values, sep, join string) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		vs := append([]string(nil), v[k]...)
		sort.Strings(vs)
		for _, x := range vs {
			out = append(out, k+sep+x)
		}
	}
	return strings.Join(out, join)
}

// plivo V3: base64 HMAC-SHA256(URL with sorted query, "." and sorted form
// params for a POST, "." nonce).
func plivo(c *ctx) error {
	base := c.option("public_url", c.urlNoQuery())
	if i := strings.IndexByte(base, '?'); i >= 0 {
		base = base[:i]
	}
	qv, _ := url.ParseQuery(c.u.RawQuery)
	if pu, err := url.Parse(c.option("public_url", "")); err == nil && pu.RawQuery != "" && c.u.RawQuery == "" {
		qv, _ = url.ParseQuery(pu.RawQuery)
	}
	qs := sortedPairs(qv, "=", "&")
	signed := base
	form, err := url.ParseQuery(string(c.body))
	if c.method == "POST" && err == nil && len(form) > 0 {
		dot := ""
		if qs != "" {
			dot = "."
		}
		signed = base + "?" + qs + dot + sortedPairs(form, "", "")
	} else if qs != "" {
		signed = base + "?" + qs
	}
	nonce := randDigits(20)
	c.header.Set("X-Plivo-Signature-V3-Nonce", nonce)
	c.header.Set("X-Plivo-Signature-V3", encode("base64", mac("sha256", []byte(c.secrets[0]), signed, ".", nonce)))
	return nil
}

func randDigits(n int) string {
	x, _ := rand.Int(rand.Reader, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil))
	return fmt.Sprintf("%0*d", n, x)
}

// postmark: the webhook URL's Basic credentials, or a query token.
func postmark(c *ctx) error {
	if p := c.option("token_param", ""); p != "" {
		q := c.u.Query()
		q.Set(p, c.secrets[0])
		c.u.RawQuery = q.Encode()
		return nil
	}
	return basicAuth(c)
}

// pusher: hex HMAC-SHA256(body) with the app secret, and the app key.
func pusher(c *ctx) error {
	c.header.Set("X-Pusher-Key", c.option("app_key", "hookstile-app-key"))
	c.header.Set("X-Pusher-Signature", encode("hex", mac("sha256", []byte(c.secrets[0]), string(c.body))))
	return nil
}

// salesforce: a SOAP outbound message of the organization (not signed).
func salesforce(c *ctx) error {
	c.header.Set("SOAPAction", `""`)
	if c.sampled || len(c.body) == 0 {
		c.body = []byte(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>` +
			xmlEscape(c.secrets[0]) + `</OrganizationId><ActionId>04k000000000001AAA</ActionId><SessionId xsi:nil="true"/><EnterpriseUrl>https://example.my.salesforce.com/services/Soap/c/58.0/00D000000000062</EnterpriseUrl><PartnerUrl>https://example.my.salesforce.com/services/Soap/u/58.0/00D000000000062</PartnerUrl><Notification><Id>04l` +
			strings.ToUpper(c.vals["ID"][:15]) + `</Id><sObject xsi:type="sf:Account" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>0010800002ABCDeAAG</sf:Id><sf:Name>Acme</sf:Name></sObject></Notification></notifications></soapenv:Body></soapenv:Envelope>`)
	}
	return nil
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

// sendgrid: base64 DER ECDSA P-256 over SHA-256(timestamp ‖ body).
func sendgrid(c *ctx) error {
	k, err := parsePrivate(c.secrets[0], ecdsaKey)
	if err != nil {
		return err
	}
	ts := timestamp(c.now, "s")
	d := sha256.Sum256(append([]byte(ts), c.body...))
	der, err := ecdsa.SignASN1(rand.Reader, k.(*ecdsa.PrivateKey), d[:])
	if err != nil {
		return err
	}
	c.header.Set("X-Twilio-Email-Event-Webhook-Timestamp", ts)
	c.header.Set("X-Twilio-Email-Event-Webhook-Signature", base64.StdEncoding.EncodeToString(der))
	return nil
}

// sentry: hex HMAC-SHA256(body); the timestamp header is not signed.
func sentry(c *ctx) error {
	c.set("Sentry-Hook-Resource", "issue", "Sentry-Hook-Timestamp", "{{TS}}", "Request-ID", "{{UUID}}")
	c.header.Set("Sentry-Hook-Signature", encode("hex", mac("sha256", []byte(c.secrets[0]), string(c.body))))
	return nil
}

func snsTopic(o map[string]string) string {
	if v := o["topic_arn"]; v != "" {
		return v
	}
	return "arn:aws:sns:us-east-1:123456789012:hookstile-test"
}

func snsCertURL(o map[string]string) string {
	if v := o["cert_url"]; v != "" {
		return v
	}
	region := "us-east-1"
	if p := strings.Split(snsTopic(o), ":"); len(p) > 3 && p[3] != "" {
		region = p[3]
	}
	return "https://sns." + region + ".amazonaws.com/SimpleNotificationService-hookstile.pem"
}

// sns: the JSON message, signed (SignatureVersion 2, SHA256withRSA) over
// its canonical field list. A body that is not an SNS message is the
// Message of a new notification.
func sns(c *ctx) error {
	k, err := parsePrivate(c.secrets[0], rsaKey)
	if err != nil {
		return err
	}
	o, err := parseObj(c.body)
	if err != nil || o.str("Type") == "" {
		topic := snsTopic(c.opt)
		o = &jobj{vals: map[string]json.RawMessage{}}
		typ := c.option("type", "Notification")
		o.set("Type", typ)
		o.set("MessageId", c.expand("{{UUID}}"))
		if typ == "SubscriptionConfirmation" {
			tok := randHex(32)
			o.set("Token", tok)
			o.set("TopicArn", topic)
			o.set("Message", "You have chosen to subscribe to the topic "+topic+".\nTo confirm the subscription, visit the SubscribeURL included in this message.")
			host := "sns.us-east-1.amazonaws.com"
			if u, err := url.Parse(snsCertURL(c.opt)); err == nil {
				host = u.Host
			}
			o.set("SubscribeURL", "https://"+host+"/?Action=ConfirmSubscription&TopicArn="+topic+"&Token="+tok)
		} else {
			o.set("TopicArn", topic)
			o.set("Subject", "hookstile test")
			o.set("Message", string(c.body))
		}
		o.set("Timestamp", timestamp(c.now, "rfc3339ms"))
	}
	fields := []string{"Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"}
	if t := o.str("Type"); t == "SubscriptionConfirmation" || t == "UnsubscribeConfirmation" {
		fields = []string{"Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"}
	}
	var s strings.Builder
	for _, f := range fields {
		if _, ok := o.vals[f]; ok {
			s.WriteString(f + "\n" + o.str(f) + "\n")
		}
	}
	d := sha256.Sum256([]byte(s.String()))
	sig, err := rsa.SignPKCS1v15(rand.Reader, k.(*rsa.PrivateKey), crypto.SHA256, d[:])
	if err != nil {
		return err
	}
	o.set("SignatureVersion", "2")
	o.set("Signature", base64.StdEncoding.EncodeToString(sig))
	o.set("SigningCertURL", snsCertURL(c.opt))
	c.body = o.bytes()
	c.header.Set("x-amz-sns-message-type", o.str("Type"))
	c.header.Set("x-amz-sns-message-id", o.str("MessageId"))
	c.header.Set("x-amz-sns-topic-arn", o.str("TopicArn"))
	return nil
}

// square: base64 HMAC-SHA256(notification URL ‖ body).
func square(c *ctx) error {
	u := c.option("notification_url", c.u.String())
	c.header.Set("x-square-hmacsha256-signature", encode("base64", mac("sha256", []byte(c.secrets[0]), u, string(c.body))))
	return nil
}

// trello: base64 HMAC-SHA1(body ‖ callback URL).
func trello(c *ctx) error {
	u := c.option("callback_url", c.u.String())
	c.header.Set("X-Trello-Webhook", encode("base64", mac("sha1", []byte(c.secrets[0]), string(c.body), u)))
	return nil
}

// twilio: base64 HMAC-SHA1(URL ‖ sorted form params); a JSON body is
// covered by a bodySHA256 query parameter instead.
func twilio(c *ctx) error {
	base := c.option("public_url", c.urlNoQuery())
	if t := bytes.TrimSpace(c.body); len(t) > 0 && (t[0] == '{' || t[0] == '[') && json.Valid(t) {
		c.header.Set("Content-Type", "application/json")
	}
	if strings.HasPrefix(c.header.Get("Content-Type"), "application/json") {
		sum := sha256.Sum256(c.body)
		q := c.u.Query()
		q.Set("bodySHA256", hex.EncodeToString(sum[:]))
		c.u.RawQuery = q.Encode()
	}
	signed := base
	if c.u.RawQuery != "" {
		signed += "?" + c.u.RawQuery
	}
	if form, err := url.ParseQuery(string(c.body)); err == nil && c.method == "POST" && strings.HasPrefix(c.header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		for k := range form {
			form[k] = dedup(form[k])
		}
		signed += sortedPairs(form, "", "")
	}
	c.header.Set("X-Twilio-Signature", encode("base64", mac("sha1", []byte(c.secrets[0]), signed)))
	return nil
}

func dedup(vs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// twitch: sha256=hex HMAC-SHA256(message id ‖ timestamp ‖ body).
func twitch(c *ctx) error {
	id, ts := c.expand("{{UUID}}"), c.now.UTC().Format(time.RFC3339Nano)
	c.set("Twitch-Eventsub-Message-Id", id, "Twitch-Eventsub-Message-Timestamp", ts, "Twitch-Eventsub-Message-Type", "notification",
		"Twitch-Eventsub-Message-Retry", "0", "Twitch-Eventsub-Subscription-Type", "channel.follow", "Twitch-Eventsub-Subscription-Version", "2")
	c.header.Set("Twitch-Eventsub-Message-Signature", "sha256="+encode("hex", mac("sha256", []byte(c.secrets[0]), id, ts, string(c.body))))
	return nil
}

// worldline: base64 HMAC-SHA256(body), and the key id.
func worldline(c *ctx) error {
	kid := c.option("key_id", "hookstile-key")
	if i := strings.IndexByte(kid, ','); i >= 0 {
		kid = strings.TrimSpace(kid[:i])
	}
	c.header.Set("X-GCS-KeyId", kid)
	c.header.Set("X-GCS-Signature", encode("base64", mac("sha256", []byte(c.secrets[0]), string(c.body))))
	return nil
}
