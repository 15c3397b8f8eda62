package core

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// HeaderSNSMessageType is the header AWS SNS sets to the message Type.
const HeaderSNSMessageType = "X-Amz-Sns-Message-Type"

var snsSpec = spec{
	window:    snsWindow,
	builder:   newSNS,
	handshake: "SubscriptionConfirmation verified and forwarded; the application visits SubscribeURL (no outbound call at the edge)",
	scheme:    "Signature in the JSON body: RSA SHA1 (v1) / SHA256 (v2) over the canonical field list; certificate fetched from https://sns.<region>.amazonaws.com only, cached",
	secret:    "accepted TopicArn(s) (no shared secret)",
	aliases:   []string{"aws_sns", "amazon_sns"},
}

// AWS SNS (HTTP/S subscriptions): the JSON body carries Signature, the
// base64 RSA PKCS #1 v1.5 signature (SignatureVersion 1: SHA-1, 2: SHA-256)
// of the canonical "Name\nValue\n" list of the message's fields, made with
// the certificate at SigningCertURL. The certificate is fetched only over
// HTTPS from sns.<region>.amazonaws.com (or .amazonaws.com.cn; <region>
// shaped like an AWS region name), with a 5 s
// timeout, a 64 KiB bound, no redirects, a cache of 64 certificates for 12 h
// and at most 20 fetches a minute; a fetch failure answers 503 so SNS
// retries.
//
// Secrets are the accepted TopicArn values (SNS has no shared secret; a
// message from any other topic is refused before anything is fetched).
// MessageId is the delivery id (kept by SNS on retries). Window: Timestamp
// within 1 h 5 min both ways (SNS retries an HTTP delivery for at most an
// hour under any delivery policy; set tolerance to change it).
//
// SubscriptionConfirmation and UnsubscribeConfirmation messages are
// verified like notifications and forwarded (types
// "SubscriptionConfirmation" / "UnsubscribeConfirmation"): the edge makes
// no outbound call to SubscribeURL; the application confirms the
// subscription (GET SubscribeURL) once it has seen the verified message.
type sns struct {
	topics []string
	tol    time.Duration
	fetch  *remoteFetcher
}

// snsWindow is how long an SNS message is accepted after its Timestamp:
// SNS retries a delivery for up to about an hour with the same Timestamp.
const snsWindow = 65 * time.Minute

func newSNS(c *Config) (Provider, error) {
	topics, err := trimmedSecrets(c, "the accepted TopicArn")
	if err != nil {
		return nil, err
	}
	for _, t := range topics {
		if !strings.HasPrefix(t, "arn:aws") || strings.Count(t, ":") != 5 {
			return nil, fmt.Errorf("sns: %w: secrets are topic ARNs (arn:aws:sns:<region>:<account>:<topic>)", ErrBadConfig)
		}
	}
	f := newRemoteFetcher(snsCertURLAllowed)
	f.gate = newKeyGate("sns", c)
	return &sns{topics: topics, tol: tolerance(c, snsWindow), fetch: f}, nil
}

// snsCertURLAllowed accepts https://sns.<region>.amazonaws.com[.cn]/<name>.pem.
func snsCertURLAllowed(u *url.URL) bool {
	h := strings.ToLower(u.Hostname())
	var region string
	switch {
	case strings.HasSuffix(h, ".amazonaws.com"):
		region = strings.TrimSuffix(h, ".amazonaws.com")
	case strings.HasSuffix(h, ".amazonaws.com.cn"):
		region = strings.TrimSuffix(h, ".amazonaws.com.cn")
	default:
		return false
	}
	if !strings.HasPrefix(region, "sns.") {
		return false
	}
	region = strings.TrimPrefix(region, "sns.")
	if len(region) < 3 || len(region) > 32 || !awsRegion(region) {
		return false
	}
	return strings.HasSuffix(u.Path, ".pem") && u.RawQuery == ""
}

// awsRegion reports whether s is shaped like an AWS region name: two
// letters, one or more words of letters, a number ("us-east-1",
// "us-gov-west-1", "cn-northwest-1"), each part separated by '-'. Other
// names under amazonaws.com are not SNS: S3 serves a bucket named "sns" at
// sns.s3-<region>.amazonaws.com and sns.s3-website-<region>.amazonaws.com.
func awsRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 || len(parts[0]) != 2 {
		return false
	}
	last := parts[len(parts)-1]
	if last == "" || strings.Trim(last, "0123456789") != "" {
		return false
	}
	for _, w := range parts[:len(parts)-1] {
		if w == "" || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
			return false
		}
	}
	return true
}

// snsSigned lists, per message type, the fields of the string to sign.
func snsSigned(typ string) []string {
	if typ == "Notification" {
		return []string{"Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"}
	}
	return []string{"Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"}
}

func (p *sns) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	typ := field(m, "Type")
	switch typ {
	case "Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation":
	default:
		return nil, fmt.Errorf("%w: unknown SNS message type", ErrMalformedPayload)
	}
	if h := r.Header.Get(HeaderSNSMessageType); h != "" && h != typ {
		return nil, fmt.Errorf("%w: message type header and body differ", ErrMalformedPayload)
	}
	sigB64 := field(m, "Signature")
	if sigB64 == "" {
		return nil, ErrMissingSignature
	}
	sig, err := decodeSig("base64", sigB64)
	if err != nil {
		return nil, err
	}
	var hashID crypto.Hash
	switch field(m, "SignatureVersion") {
	case "1":
		hashID = crypto.SHA1
	case "2":
		hashID = crypto.SHA256
	default:
		return nil, fmt.Errorf("%w: unsupported SignatureVersion", ErrMalformedSignature)
	}
	if !anyToken(p.topics, field(m, "TopicArn")) {
		return nil, fmt.Errorf("%w: topic not accepted", ErrSignatureMismatch)
	}
	t, err := parseTime(field(m, "Timestamp"), unitRFC3339)
	if err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	certURL := field(m, "SigningCertURL")
	u, err := url.Parse(certURL)
	if certURL == "" || err != nil || !p.fetch.allowed(u) {
		return nil, fmt.Errorf("%w: signing certificate URL not allowed", ErrSignatureMismatch)
	}
	key, err := p.fetch.rsaCert(certURL, r.Now)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, name := range snsSigned(typ) {
		v, ok := m[name]
		if !ok {
			if name == "Subject" {
				continue
			}
			return nil, fmt.Errorf("%w: %s missing", ErrMalformedPayload, name)
		}
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("%w: %s is not a string", ErrMalformedPayload, name)
		}
		b.WriteString(name)
		b.WriteString("\n")
		b.WriteString(s)
		b.WriteString("\n")
	}
	var digest []byte
	if hashID == crypto.SHA1 {
		d := sha1.Sum([]byte(b.String()))
		digest = d[:]
	} else {
		d := sha256.Sum256([]byte(b.String()))
		digest = d[:]
	}
	if err := rsa.VerifyPKCS1v15(key.rsa, hashID, digest, sig); err != nil {
		return nil, ErrSignatureMismatch
	}
	p.fetch.gate.verified(certURL, r.Now)
	ev := &Event{
		DeliveryID: field(m, "MessageId"),
		Type:       typ,
		Subject:    field(m, "TopicArn"),
		Time:       t,
		Payload:    m,
		ObjectType: "topic",
		ObjectID:   field(m, "TopicArn"),
	}
	if typ == "Notification" {
		ev.Action = ActionUnknown
	} else {
		ev.Action = actionOf(typ)
	}
	return &Result{Event: ev}, nil
}

// rsaCertKey parses a PEM (or base64 DER) certificate holding an RSA key.
func rsaCertKey(b []byte) (*remoteKey, error) {
	der := b
	if blk, _ := pem.Decode(b); blk != nil {
		der = blk.Bytes
	} else if d, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b))); err == nil {
		der = d
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("%w: certificate does not parse", ErrRemoteKey)
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%w: certificate key is not RSA", ErrRemoteKey)
	}
	return &remoteKey{der: der, rsa: pub}, nil
}
