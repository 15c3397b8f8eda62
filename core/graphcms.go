package core

import (
	"crypto/sha256"
	"net/http"
	"strconv"
	"time"
)

// HeaderHygraphSignature is Hygraph's (formerly GraphCMS) signature header.
const HeaderHygraphSignature = "Gcms-Signature"

var graphcmsSpec = spec{
	builder:    newHygraph,
	scheme:     "gcms-signature: sign=base64 HMAC-SHA256(JSON {Body, EnvironmentName, TimeStamp}), env=, t=; 5 min window (window unconfirmed)",
	secret:     "webhook secret key",
	sigHeaders: []string{HeaderHygraphSignature},
	aliases:    []string{"hygraph"},
}

// Hygraph: gcms-signature: "sign=<base64>, env=<environment>, t=<timestamp>"
// where sign is the base64 HMAC-SHA256, keyed with the webhook's secret key,
// of the JSON text JSON.stringify({Body: <raw body>, EnvironmentName: env,
// TimeStamp: t}) (as @hygraph/utils verifyWebhookSignature builds it). The
// timestamp (seconds or milliseconds) is checked against a 5-minute window
// both ways.
type hygraph struct {
	keys [][]byte
	tol  time.Duration
}

func newHygraph(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &hygraph{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

// hygraphContent is the signed text: the JSON object Hygraph signs, with the
// keys in its order and JavaScript's string escaping.
func hygraphContent(body []byte, env string, ts int64) ([]byte, error) {
	b, err := jsonStringJS(string(body))
	if err != nil {
		return nil, err
	}
	e, err := jsonStringJS(env)
	if err != nil {
		return nil, err
	}
	return []byte(`{"Body":` + b + `,"EnvironmentName":` + e + `,"TimeStamp":` + strconv.FormatInt(ts, 10) + `}`), nil
}

func (p *hygraph) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	hv := r.Header.Get(HeaderHygraphSignature)
	if hv == "" {
		return nil, ErrMissingSignature
	}
	sigs := sigList(hv, ",", "=", "sign")
	env, ts := "", ""
	if l := sigList(hv, ",", "=", "env"); len(l) > 0 {
		env = l[0]
	}
	if l := sigList(hv, ",", "=", "t"); len(l) > 0 {
		ts = l[0]
	}
	if len(sigs) == 0 {
		return nil, ErrMalformedSignature
	}
	t, err := parseTime(ts, unitAuto)
	if err != nil {
		return nil, err
	}
	n, _ := strconv.ParseInt(ts, 10, 64)
	content, err := hygraphContent(r.Body, env, n)
	if err != nil {
		return nil, ErrMalformedPayload
	}
	if err := anyMAC(sha256.New, p.keys, "base64", "", sigs, content); err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	ev := &Event{Time: t, Subject: safeToken(env, 128)}
	if m := jsonBody(r, ev); m != nil {
		ev.Type = field(m, "operation")
		ev.ObjectType = field(m, "data.__typename")
		ev.ObjectID = field(m, "data.id")
		ev.Action = actionOf(ev.Type)
	}
	ev.signedKey(ts, r.Body, p.tol)
	return &Result{Event: ev}, nil
}
