package core

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

var auth0Spec = spec{
	builder:    newAuth0,
	scheme:     "none: the Authorization header value of the custom webhook log stream",
	secret:     "Authorization header value (e.g. \"Bearer <token>\")",
	sigHeaders: []string{"Authorization"},
	authStatus: 401,
}

// Auth0 custom webhook log streams sign nothing: the stream sends the
// "Authorization Token" you configure as the Authorization header. Each
// secret is that exact header value (for example "Bearer s3cr3t"); a
// delivery passes when the header equals one of them (constant-time).
// Failures answer 401. The body is a batch of log events (JSON array, JSON
// lines or a single object); the log_id of a single event is its delivery
// id, a batch's id is derived from all its log_ids.
type auth0 struct {
	auth []string
}

func newAuth0(c *Config) (Provider, error) {
	s, err := trimmedSecrets(c, "the Authorization token")
	if err != nil {
		return nil, err
	}
	return &auth0{auth: s}, nil
}

func (p *auth0) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if err := checkToken(p.auth, strings.TrimSpace(r.Header.Get("Authorization"))); err != nil {
		return nil, err
	}
	logs, err := auth0Logs(r.Body)
	if err != nil {
		return nil, err
	}
	ev := &Event{Type: "log"}
	var ids []string
	for _, l := range logs {
		if id := field(l, "log_id"); id != "" {
			ids = append(ids, id)
		}
	}
	if len(logs) == 1 {
		l := logs[0]
		ev.Payload = l
		if t := field(l, "data.type"); t != "" {
			ev.Type = "log." + t
		}
		ev.Subject = field(l, "data.user_id")
		ev.ObjectType = "log"
		ev.ObjectID = field(l, "log_id")
		ev.Time = timeField(l, "data.date")
	} else if len(logs) > 1 {
		ev.Type = "log.batch"
		ev.ObjectType = "log"
	}
	switch {
	case len(ids) == 1 && len(logs) == 1:
		ev.DeliveryID = ids[0]
	case len(ids) > 0 && len(ids) == len(logs):
		sum := sha256.Sum256([]byte(strings.Join(ids, ",")))
		ev.DeliveryID = "auth0_" + hex.EncodeToString(sum[:16])
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}

// auth0Logs decodes a JSON array, JSON lines or one JSON object of log
// events (nothing when the body is none of them); an object holding a key
// twice is ErrMalformedPayload.
func auth0Logs(body []byte) ([]map[string]interface{}, error) {
	trimmed := strings.TrimSpace(string(body))
	if strings.HasPrefix(trimmed, "[") {
		arr, code := decodeJSONArray([]byte(trimmed))
		if code == jsonDuplicate {
			return nil, fmt.Errorf("%w: a key appears twice in one JSON object", ErrMalformedPayload)
		}
		if code != jsonOK {
			return nil, nil
		}
		out := make([]map[string]interface{}, 0, len(arr))
		for _, x := range arr {
			m, ok := x.(map[string]interface{})
			if !ok && x != nil {
				return nil, nil
			}
			out = append(out, m)
		}
		return out, nil
	}
	d := json.NewDecoder(strings.NewReader(string(body)))
	var out []map[string]interface{}
	for d.More() {
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return nil, nil
		}
		m, code := decodeObject(raw)
		if code == jsonDuplicate {
			return nil, fmt.Errorf("%w: a key appears twice in one JSON object", ErrMalformedPayload)
		}
		if code != jsonOK {
			return nil, nil
		}
		out = append(out, m)
	}
	return out, nil
}
