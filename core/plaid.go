package core

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// HeaderPlaidVerification is Plaid's JWT header.
const HeaderPlaidVerification = "Plaid-Verification"

var plaidSpec = spec{
	builder:    newPlaid,
	scheme:     "Plaid-Verification: ES256 JWT with request_body_sha256, iat within 5 min; key pinned (JWK/PEM) or fetched from Plaid's API by kid, cached",
	secret:     "pinned JWK or PEM public key, or the Plaid API secret with options client_id and environment",
	sigHeaders: []string{HeaderPlaidVerification},
	options: []OptionInfo{
		{"client_id", OptionString, "the Plaid client id, required when the secret is the Plaid API secret"},
		{"environment", OptionString, "the Plaid API to fetch keys from: production (default) or sandbox"},
	},
}

// Plaid: Plaid-Verification is a JWT signed with ES256 whose claims hold
// request_body_sha256 (hex SHA-256 of the raw body) and iat (no older than
// 5 minutes; here checked both ways). The key is named by the JWT's kid.
//
// Two ways to configure the key:
//
//   - Pinned keys: each secret is a JWK (the "key" object Plaid's
//     /webhook_verification_key/get returns: {"kty":"EC","crv":"P-256",
//     "kid":...,"x":...,"y":...}) or a PEM public key. No remote call.
//   - Plaid API: the secret is your Plaid API secret, option "client_id" is
//     required and option "environment" is production (default) or sandbox.
//     Unknown kids are fetched with POST
//     https://<environment>.plaid.com/webhook_verification_key/get, with a
//     5 s timeout, a 64 KiB bound, a cache of 64 keys for 12 h and at most
//     20 fetches a minute; a fetch failure answers 503 so Plaid retries. Keys
//     whose expired_at is set are refused.
//
// Plaid sends no delivery id (unconfirmed), so deliveries are not
// deduplicated; the type is webhook_type.webhook_code.
type plaid struct {
	pinned   []plaidKey
	clientID string
	secret   string
	base     string // https://production.plaid.com
	tol      time.Duration
	fetch    *remoteFetcher
}

type plaidKey struct {
	kid string
	pub *ecdsa.PublicKey
}

func newPlaid(c *Config) (Provider, error) {
	secrets, err := trimmedSecrets(c, "a Plaid API secret or a pinned key")
	if err != nil {
		return nil, err
	}
	p := &plaid{tol: tolerance(c, 5*time.Minute)}
	for i, s := range secrets {
		if strings.HasPrefix(s, "{") || strings.HasPrefix(s, "-----BEGIN") {
			k, err := parsePlaidKey(s)
			if err != nil {
				return nil, fmt.Errorf("plaid: secret #%d: %w", i+1, err)
			}
			p.pinned = append(p.pinned, k)
			continue
		}
		if p.secret == "" {
			p.secret = s
		}
	}
	if p.secret != "" {
		p.clientID = option(c, "client_id")
		if p.clientID == "" {
			return nil, fmt.Errorf("plaid: %w: option client_id is required with an API secret", ErrBadConfig)
		}
		env := option(c, "environment")
		switch env {
		case "", "production":
			env = "production"
		case "sandbox":
		default:
			return nil, fmt.Errorf("plaid: environment: %w: want production or sandbox", ErrBadConfig)
		}
		p.base = "https://" + env + ".plaid.com"
		p.fetch = newRemoteFetcher(plaidHostAllowed)
		p.fetch.gate = newKeyGate("plaid:"+env+":"+p.clientID, c)
	}
	return p, nil
}

func plaidHostAllowed(u *url.URL) bool {
	switch u.Hostname() {
	case "production.plaid.com", "sandbox.plaid.com":
		return u.Path == "/webhook_verification_key/get"
	}
	return false
}

// plaidJWK is a JWK as Plaid returns it (plain struct for encoding/json).
type plaidJWK struct {
	Kty       string      `json:"kty"`
	Crv       string      `json:"crv"`
	Kid       string      `json:"kid"`
	X         string      `json:"x"`
	Y         string      `json:"y"`
	ExpiredAt interface{} `json:"expired_at"`
}

// parsePlaidKey reads a pinned key: a JWK (optionally wrapped as {"key": ...})
// or a PEM public key.
func parsePlaidKey(s string) (plaidKey, error) {
	if strings.HasPrefix(s, "-----BEGIN") {
		blk, _ := pem.Decode([]byte(s))
		if blk == nil {
			return plaidKey{}, fmt.Errorf("%w: PEM does not parse", ErrBadConfig)
		}
		k, err := x509.ParsePKIXPublicKey(blk.Bytes)
		if err != nil {
			return plaidKey{}, fmt.Errorf("%w: public key does not parse", ErrBadConfig)
		}
		pub, ok := k.(*ecdsa.PublicKey)
		if !ok || pub.Curve.Params().Name != "P-256" {
			return plaidKey{}, fmt.Errorf("%w: not a P-256 key", ErrBadConfig)
		}
		return plaidKey{pub: pub}, nil
	}
	var wrap struct {
		Key *plaidJWK `json:"key"`
	}
	var j plaidJWK
	if err := json.Unmarshal([]byte(s), &wrap); err == nil && wrap.Key != nil {
		j = *wrap.Key
	} else if err := json.Unmarshal([]byte(s), &j); err != nil {
		return plaidKey{}, fmt.Errorf("%w: JWK does not parse", ErrBadConfig)
	}
	pub, err := plaidJWKKey(j)
	if err != nil {
		return plaidKey{}, fmt.Errorf("%w: JWK: %v", ErrBadConfig, err)
	}
	return plaidKey{kid: j.Kid, pub: pub}, nil
}

// plaidJWKKey turns an EC P-256 JWK into a public key.
func plaidJWKKey(j plaidJWK) (*ecdsa.PublicKey, error) {
	if j.Kty != "EC" || j.Crv != "P-256" {
		return nil, fmt.Errorf("not an EC P-256 key")
	}
	x, err1 := base64.RawURLEncoding.DecodeString(strings.TrimRight(j.X, "="))
	y, err2 := base64.RawURLEncoding.DecodeString(strings.TrimRight(j.Y, "="))
	if err1 != nil || err2 != nil || len(x) != 32 || len(y) != 32 {
		return nil, fmt.Errorf("bad coordinates")
	}
	pub := &ecdsa.PublicKey{Curve: elliptic.P256(), X: new(big.Int).SetBytes(x), Y: new(big.Int).SetBytes(y)}
	if !pub.Curve.IsOnCurve(pub.X, pub.Y) {
		return nil, fmt.Errorf("point not on curve")
	}
	return pub, nil
}

func (p *plaid) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	tok := strings.TrimSpace(r.Header.Get(HeaderPlaidVerification))
	if tok == "" {
		return nil, ErrMissingSignature
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || len(tok) > 4096 {
		return nil, fmt.Errorf("%w: not a JWT", ErrMalformedSignature)
	}
	var hdr struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	hb, err := decodeSig("base64url", parts[0])
	if err != nil || json.Unmarshal(hb, &hdr) != nil {
		return nil, fmt.Errorf("%w: JWT header", ErrMalformedSignature)
	}
	if hdr.Alg != "ES256" {
		return nil, fmt.Errorf("%w: JWT alg must be ES256", ErrMalformedSignature)
	}
	if len(hdr.Kid) > 128 || (hdr.Kid != "" && validChallenge(hdr.Kid) != nil) {
		return nil, fmt.Errorf("%w: JWT kid", ErrMalformedSignature)
	}
	sig, err := decodeSig("base64url", parts[2])
	if err != nil || len(sig) != 64 {
		return nil, fmt.Errorf("%w: ES256 signature length", ErrMalformedSignature)
	}
	var claims struct {
		Iat        json.Number `json:"iat"`
		BodySHA256 string      `json:"request_body_sha256"`
	}
	cb, err := decodeSig("base64url", parts[1])
	if err != nil {
		return nil, fmt.Errorf("%w: JWT claims", ErrMalformedSignature)
	}
	d := json.NewDecoder(strings.NewReader(string(cb)))
	d.UseNumber()
	if d.Decode(&claims) != nil || jsonDuplicateKey(cb) {
		return nil, fmt.Errorf("%w: JWT claims", ErrMalformedSignature)
	}
	iat, err := parseTime(claims.Iat.String(), unitSeconds)
	if err != nil {
		return nil, err
	}
	// Cheap checks first: a stale token or a body that does not match its
	// claim never causes a key fetch.
	if err := checkWindow(iat, r.Now, p.tol); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(r.Body)
	if !equalToken(strings.ToLower(claims.BodySHA256), hex.EncodeToString(sum[:])) {
		return nil, fmt.Errorf("%w: body hash", ErrSignatureMismatch)
	}
	keys, err := p.keysFor(hdr.Kid, r.Now)
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	rr := new(big.Int).SetBytes(sig[:32])
	ss := new(big.Int).SetBytes(sig[32:])
	ok := false
	for _, k := range keys {
		if ecdsa.Verify(k, digest[:], rr, ss) {
			ok = true
			break
		}
	}
	if !ok {
		return nil, ErrSignatureMismatch
	}
	if p.fetch != nil {
		p.fetch.gate.verified(hdr.Kid, r.Now)
	}
	ev := &Event{Time: iat}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		wt, wc := field(m, "webhook_type"), field(m, "webhook_code")
		ev.Type = wt
		if wc != "" {
			ev.Type = wt + "." + wc
		}
		ev.ObjectType = strings.ToLower(wt)
		ev.Action = actionOf(wc)
		ev.Subject = field(m, "item_id")
		ev.ObjectID = ev.Subject
	}
	ev.signedKey(iat.String(), r.Body, p.tol) // not the token: ECDSA signatures are malleable
	return &Result{Event: ev}, nil
}

// keysFor returns the keys to try for kid: pinned keys with that kid (or
// without a kid), else the key fetched from Plaid.
func (p *plaid) keysFor(kid string, now time.Time) ([]*ecdsa.PublicKey, error) {
	var out []*ecdsa.PublicKey
	for _, k := range p.pinned {
		if k.kid == "" || k.kid == kid {
			out = append(out, k.pub)
		}
	}
	if len(out) > 0 || p.fetch == nil {
		if len(out) == 0 {
			return nil, fmt.Errorf("%w: unknown key id", ErrSignatureMismatch)
		}
		return out, nil
	}
	if kid == "" {
		return nil, fmt.Errorf("%w: JWT kid missing", ErrMalformedSignature)
	}
	u, err := url.Parse(p.base + "/webhook_verification_key/get")
	if err != nil || !p.fetch.allowed(u) {
		return nil, fmt.Errorf("%w: key URL not allowed", ErrRemoteKey)
	}
	k, err := p.fetch.keyFor(kid, now, func() (*remoteKey, int, error) { return p.fetchKey(u, kid) })
	if err != nil {
		return nil, err
	}
	return []*ecdsa.PublicKey{k.ec}, nil
}

// fetchKey asks Plaid's API for the key kid (with the API credentials) and
// returns it and the API's status.
func (p *plaid) fetchKey(u *url.URL, kid string) (*remoteKey, int, error) {
	req, err := json.Marshal(map[string]string{"client_id": p.clientID, "secret": p.secret, "key_id": kid})
	if err != nil {
		return nil, 0, fmt.Errorf("%w: request", ErrRemoteKey)
	}
	body, status, err := p.fetch.get(u, req)
	if err != nil {
		return nil, status, err
	}
	var resp struct {
		Key *plaidJWK `json:"key"`
	}
	if json.Unmarshal(body, &resp) != nil || resp.Key == nil {
		return nil, status, fmt.Errorf("%w: bad key response", ErrRemoteKey)
	}
	if resp.Key.ExpiredAt != nil {
		return nil, status, fmt.Errorf("%w: key expired", ErrSignatureMismatch)
	}
	if resp.Key.Kid != "" && resp.Key.Kid != kid {
		return nil, status, fmt.Errorf("%w: key id differs", ErrRemoteKey)
	}
	pub, err := plaidJWKKey(*resp.Key)
	if err != nil {
		return nil, status, fmt.Errorf("%w: bad key", ErrRemoteKey)
	}
	return &remoteKey{der: body, ec: pub}, status, nil
}
