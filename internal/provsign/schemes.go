package provsign

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The shared schemes: one constructor per family, configured by the table.

// keyOf decodes secret i as enc says: "" verbatim, "base64", "hex", "whsec"
// (Standard Webhooks: whsec_ then base64).
func (c *ctx) keyOf(i int, enc string) ([]byte, error) {
	s := c.secrets[i]
	switch enc {
	case "base64":
		return b64Key(s)
	case "hex":
		b, err := hex.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("secret: want hex: %v", err)
		}
		return b, nil
	case "whsec":
		return whsecKey(s)
	}
	return []byte(s), nil
}

// bodyMAC: header = prefix + enc(HMAC-alg(key, body)); extra are fixed
// headers (name, template) the provider also sends.
func bodyMAC(header, alg, enc, prefix string, extra ...string) func(*ctx) error {
	return bodyMACKey(header, alg, enc, prefix, "", extra...)
}

// githubSign signs as GitHub does, X-GitHub-Event issues, or ping for a
// given ping payload (core refuses a header type the payload contradicts).
func githubSign(c *ctx) error {
	typ := "issues"
	var top map[string]json.RawMessage
	if json.Unmarshal(c.body, &top) == nil && top["hook_id"] != nil && top["issue"] == nil {
		typ = "ping"
	}
	return bodyMAC("X-Hub-Signature-256", "sha256", "hex", "sha256=", "X-GitHub-Event", typ, "X-GitHub-Delivery", "{{UUID}}", "X-GitHub-Hook-ID", "292430182")(c)
}

// bodyMACKey is bodyMAC with a key encoding.
func bodyMACKey(header, alg, enc, prefix, keyEnc string, extra ...string) func(*ctx) error {
	return func(c *ctx) error {
		k, err := c.keyOf(0, keyEnc)
		if err != nil {
			return err
		}
		c.set(extra...)
		c.header.Set(header, prefix+encode(enc, mac(alg, k, string(c.body))))
		return nil
	}
}

// stamp is a timestamped HMAC scheme: value is the signature header's
// template ({ts} the timestamp, {sig} the signature), content what is
// signed ({ts}, {body}), tsHeader the header the timestamp travels in (""
// when it is part of value).
type stamp struct {
	header, tsHeader string
	unit             string // s, ms, rfc3339, rfc3339ms, isolocal
	value, content   string
	alg, enc         string
	extra            []string
}

func (s stamp) sign(c *ctx) error {
	k, err := c.keyOf(0, "")
	if err != nil {
		return err
	}
	ts := timestamp(c.now, s.unit)
	content := strings.NewReplacer("{ts}", ts, "{body}", string(c.body)).Replace(s.content)
	alg := s.alg
	if alg == "" {
		alg = "sha256"
	}
	sig := encode(s.enc, mac(alg, k, content))
	c.set(s.extra...)
	c.header.Set(s.header, strings.NewReplacer("{ts}", ts, "{sig}", sig).Replace(s.value))
	if s.tsHeader != "" {
		c.header.Set(s.tsHeader, ts)
	}
	return nil
}

func timestamp(t time.Time, unit string) string {
	t = t.UTC()
	switch unit {
	case "ms":
		return strconv.FormatInt(t.UnixMilli(), 10)
	case "rfc3339":
		return t.Format(time.RFC3339)
	case "rfc3339ms":
		return t.Format("2006-01-02T15:04:05.000Z")
	case "isolocal":
		return t.Format("2006-01-02T15:04:05.000")
	}
	return strconv.FormatInt(t.Unix(), 10)
}

func stamped(s stamp) func(*ctx) error { return s.sign }

// standardWebhooks: <prefix>-id, -timestamp and -signature "v1,<base64
// HMAC-SHA256(id.timestamp.body)>", one signature per secret; keyEnc is
// "whsec" (whsec_ + base64) or "base64".
func standardWebhooks(prefix, keyEnc string) func(*ctx) error {
	return func(c *ctx) error {
		id := c.option("id", "msg_"+c.vals["ID"])
		ts := timestamp(c.now, "s")
		sigs := make([]string, 0, len(c.secrets))
		for i := range c.secrets {
			k, err := c.keyOf(i, keyEnc)
			if err != nil {
				return err
			}
			sigs = append(sigs, "v1,"+base64.StdEncoding.EncodeToString(mac("sha256", k, id, ".", ts, ".", string(c.body))))
		}
		c.header.Set(prefix+"-id", id)
		c.header.Set(prefix+"-timestamp", ts)
		c.header.Set(prefix+"-signature", strings.Join(sigs, " "))
		return nil
	}
}

// token: the secret itself travels in header (with a prefix such as
// "Bearer "), the body is not signed.
func token(header, prefix string, extra ...string) func(*ctx) error {
	return func(c *ctx) error {
		c.set(extra...)
		c.header.Set(header, prefix+c.secrets[0])
		return nil
	}
}

// basicAuth: HTTP Basic credentials "user:password" (the secret).
func basicAuth(c *ctx) error {
	if !strings.Contains(c.secrets[0], ":") {
		return fmt.Errorf("secret: want user:password")
	}
	c.header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.secrets[0])))
	return nil
}

// querySecret: the secret is a query parameter of the URL.
func querySecret(param string) func(*ctx) error {
	return func(c *ctx) error {
		q := c.u.Query()
		q.Set(c.option("query_param", param), c.secrets[0])
		c.u.RawQuery = q.Encode()
		return nil
	}
}
