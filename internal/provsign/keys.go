package provsign

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"strings"
	"time"
)

// keyKind is what a provider's first secret is for Sign.
type keyKind int

const (
	sharedSecret keyKind = iota
	ed25519Key
	ecdsaKey
	rsaKey
)

func hashOf(alg string) func() hash.Hash {
	switch alg {
	case "sha1":
		return sha1.New
	case "sha512":
		return sha512.New
	}
	return sha256.New
}

// mac is HMAC(key, parts[0] ‖ parts[1] ‖ ...).
func mac(alg string, key []byte, parts ...string) []byte {
	m := hmac.New(hashOf(alg), key)
	for _, p := range parts {
		m.Write([]byte(p))
	}
	return m.Sum(nil)
}

func encode(enc string, b []byte) string {
	if enc == "base64" {
		return base64.StdEncoding.EncodeToString(b)
	}
	return hex.EncodeToString(b)
}

func b64u(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// whsecKey decodes a Standard Webhooks secret: whsec_ then base64 (the
// prefix is optional).
func whsecKey(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "whsec_"))
	if err != nil {
		return nil, fmt.Errorf("secret: want whsec_ followed by base64: %v", err)
	}
	return b, nil
}

func b64Key(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("secret: want base64: %v", err)
	}
	return b, nil
}

// parsePrivate reads a PEM private key (PKCS#8, PKCS#1 or SEC 1), or for
// Ed25519 also 64 hex characters of seed or 128 of seed and public key.
func parsePrivate(s string, kind keyKind) (crypto.Signer, error) {
	s = strings.TrimSpace(s)
	if kind == ed25519Key && !strings.HasPrefix(s, "-----") {
		b, err := hex.DecodeString(s)
		if err == nil && len(b) == ed25519.SeedSize {
			return ed25519.NewKeyFromSeed(b), nil
		}
		if err == nil && len(b) == ed25519.PrivateKeySize {
			return ed25519.PrivateKey(b), nil
		}
		return nil, errors.New("secret: want a PEM private key or 64 hex characters of Ed25519 seed")
	}
	blk, _ := pem.Decode([]byte(s))
	if blk == nil {
		return nil, errors.New("secret: want a PEM private key")
	}
	var k interface{}
	var err error
	switch blk.Type {
	case "RSA PRIVATE KEY":
		k, err = x509.ParsePKCS1PrivateKey(blk.Bytes)
	case "EC PRIVATE KEY":
		k, err = x509.ParseECPrivateKey(blk.Bytes)
	default:
		k, err = x509.ParsePKCS8PrivateKey(blk.Bytes)
	}
	if err != nil {
		return nil, fmt.Errorf("secret: %v", err)
	}
	switch kk := k.(type) {
	case ed25519.PrivateKey:
		if kind == ed25519Key {
			return kk, nil
		}
	case *ecdsa.PrivateKey:
		if kind == ecdsaKey && kk.Curve == elliptic.P256() {
			return kk, nil
		}
	case *rsa.PrivateKey:
		if kind == rsaKey {
			return kk, nil
		}
	}
	return nil, errors.New("secret: not the key type this provider signs with")
}

// GenerateKey returns a new private key (PEM) for a provider whose secret
// is a private key, or "" for shared-secret providers.
func GenerateKey(name string) (string, error) {
	_, p, ok := lookup(name)
	if !ok {
		return "", fmt.Errorf("unknown provider %q", name)
	}
	var k interface{}
	var err error
	switch p.key {
	case sharedSecret:
		return "", nil
	case ed25519Key:
		_, k, err = ed25519.GenerateKey(rand.Reader)
	case ecdsaKey:
		k, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case rsaKey:
		k, err = rsa.GenerateKey(rand.Reader, 2048)
	}
	if err != nil {
		return "", err
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), nil
}

// selfSigned returns a PEM certificate for k (what PayPal and SNS publish).
func selfSigned(k crypto.Signer, cn string) ([]byte, error) {
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Unix(0, 0),
		NotAfter:     time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, k.Public(), k)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}

// Route is what a route must be configured with to accept what Sign
// produces from the same Input.
type Route struct {
	Secrets []string
	Options map[string]string
	// RemoteURL and Remote, when set, are the certificate (PEM) the
	// provider publishes and the URL the verifier fetches it from.
	RemoteURL string
	Remote    []byte
}

// RouteFor returns the route configuration that accepts deliveries signed
// with in: the same secrets for shared-secret schemes, the public key for
// public-key schemes, and the options the route shares with the signer.
func RouteFor(name string, in Input) (*Route, error) {
	n, p, ok := lookup(name)
	if !ok {
		return nil, fmt.Errorf("unknown provider %q", name)
	}
	rt := &Route{Options: map[string]string{}}
	for _, o := range p.opts {
		if v, ok := in.Options[o.Name]; ok && o.Route {
			rt.Options[o.Name] = v
		}
	}
	if len(in.Secrets) == 0 {
		return nil, fmt.Errorf("%s: a secret is required", n)
	}
	if p.key == sharedSecret {
		rt.Secrets = append([]string(nil), in.Secrets...)
	} else {
		k, err := parsePrivate(in.Secrets[0], p.key)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		switch n {
		case "discord":
			rt.Secrets = []string{hex.EncodeToString(k.Public().(ed25519.PublicKey))}
		case "sendgrid":
			der, err := x509.MarshalPKIXPublicKey(k.Public())
			if err != nil {
				return nil, err
			}
			rt.Secrets = []string{base64.StdEncoding.EncodeToString(der)}
		case "plaid":
			// A PEM public key: a JWK's braces would be taken for
			// placeholders in a Caddy config (PlaidJWK gives the JWK).
			der, err := x509.MarshalPKIXPublicKey(k.Public())
			if err != nil {
				return nil, err
			}
			rt.Secrets = []string{string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}
		case "paypal", "sns":
			cert, err := selfSigned(k, n+" test certificate")
			if err != nil {
				return nil, err
			}
			rt.Remote = cert
			if n == "paypal" {
				rt.RemoteURL = paypalCertURL(in.Options)
				// The webhook id as the secret: adapters require one.
				rt.Secrets = []string{paypalWebhookID(in.Options)}
				delete(rt.Options, "webhook_id")
			} else {
				rt.RemoteURL = snsCertURL(in.Options)
				rt.Secrets = []string{snsTopic(in.Options)}
			}
		}
	}
	target := in.URL
	if target == "" {
		target = DefaultURL + n
	}
	noQuery := target
	if i := strings.IndexAny(noQuery, "?#"); i >= 0 {
		noQuery = noQuery[:i]
	}
	for opt, v := range map[string]string{"twilio public_url": noQuery, "plivo public_url": noQuery, "hubspot public_url": noQuery,
		"square notification_url": target, "trello callback_url": target} {
		f := strings.Fields(opt)
		if f[0] == n && rt.Options[f[1]] == "" {
			rt.Options[f[1]] = v
		}
	}
	if len(rt.Options) == 0 {
		rt.Options = nil
	}
	return rt, nil
}

func pad32(x *big.Int) []byte {
	b := x.Bytes()
	out := make([]byte, 32)
	copy(out[32-len(b):], b)
	return out
}

// Example returns an Input that signs a valid delivery of the provider:
// example secrets (a new private key for public-key schemes) and the
// options the provider needs.
func Example(name string) (Input, error) {
	n, p, ok := lookup(name)
	if !ok {
		return Input{}, fmt.Errorf("unknown provider %q", name)
	}
	in := Input{URL: DefaultURL + n}
	if p.key != sharedSecret {
		k, err := GenerateKey(n)
		if err != nil {
			return Input{}, err
		}
		in.Secrets = []string{k}
	} else {
		s := p.example
		if s == "" {
			s = "hookstile-example-" + strings.ReplaceAll(n, "_", "-") + "-secret"
		}
		in.Secrets = []string{s}
	}
	switch n {
	case "generic":
		in.Options = map[string]string{"header": "X-Signature", "prefix": "sha256=", "id_header": "X-Delivery-Id", "event_type_header": "X-Event-Type"}
	case "paypal":
		in.Options = map[string]string{"webhook_id": "1JE4291016473214C"}
	case "facebook_graph_api", "facebook_messenger", "instagram", "whatsapp":
		in.Options = map[string]string{"verify_token": "hookstile-example-verify-token"}
	case "pusher":
		in.Options = map[string]string{"app_key": "hookstile-example-app-key"}
	}
	return in, nil
}

// MAC is enc(HMAC-alg(key, parts[0] ‖ parts[1] ‖ ...)), alg sha1, sha256
// or sha512 and enc hex or base64: for tests that forge a signature or
// check one by hand, so that they too use this one implementation.
func MAC(alg, enc string, key []byte, parts ...string) string {
	return encode(enc, mac(alg, key, parts...))
}

// PlaidJWK is the public JWK of a Plaid signing key (PEM private key), as
// Plaid's /webhook_verification_key/get returns it, with key id kid.
func PlaidJWK(secret, kid string) (string, error) {
	k, err := parsePrivate(secret, ecdsaKey)
	if err != nil {
		return "", err
	}
	pub := k.Public().(*ecdsa.PublicKey)
	jwk, err := json.Marshal(map[string]interface{}{"alg": "ES256", "crv": "P-256", "kty": "EC", "use": "sig",
		"kid": kid, "x": b64u(pad32(pub.X)), "y": b64u(pad32(pub.Y)), "created_at": 1560466150, "expired_at": nil})
	return string(jwk), err
}

// Other returns in with other secrets of the same form (one character
// changed in its middle, within its class; a new key for public-key
// schemes): what a test signs with to see a route refuse.
func Other(name string, in Input) (Input, error) {
	out := in
	out.Secrets = nil
	for _, s := range in.Secrets {
		if SignsWithPrivateKey(name) {
			k, err := GenerateKey(name)
			if err != nil {
				return Input{}, err
			}
			out.Secrets = append(out.Secrets, k)
			continue
		}
		out.Secrets = append(out.Secrets, tweak(s))
	}
	return out, nil
}

// tweak changes one character of s in its middle to another of the same
// class (digit, lower, upper), so the result keeps s's format (hex, base64,
// whsec_, user:password) and differs.
func tweak(s string) string {
	b := []byte(s)
	for i := len(b) / 2; i < len(b)+len(b)/2; i++ {
		j := i % len(b)
		c := b[j]
		switch {
		case c >= '0' && c <= '9':
			b[j] = '0' + (c-'0'+1)%10
		case c >= 'a' && c <= 'f':
			b[j] = 'a' + (c-'a'+1)%6
		case c >= 'A' && c <= 'F':
			b[j] = 'A' + (c-'A'+1)%6
		case c >= 'g' && c <= 'z':
			b[j] = 'a'
		case c >= 'G' && c <= 'Z':
			b[j] = 'A'
		default:
			continue
		}
		return string(b)
	}
	return s + "x"
}
