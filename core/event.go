package core

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Event is the normalized envelope of a verified delivery. It is not a schema
// of the provider's events: the payload is carried as it came.
type Event struct {
	ID         string    // delivery id (the provider's when it has one, else generated)
	DeliveryID string    // the provider's own delivery id, "" when it gives none; the dedup key
	Provider   string    // provider name, e.g. "box"
	Type       string    // provider's event type, e.g. "FILE.UPLOADED"
	Subject    string    // account or object the event is about, when known
	Subjects   []string  // all subjects, when several (Dropbox lists accounts)
	Time       time.Time // when the provider says the event happened, else when it arrived
	ObjectType string    // Cloud Elements trio: object type, id and action
	ObjectID   string
	Action     string                 // created, updated, deleted or unknown
	Payload    map[string]interface{} // decoded payload, for providers that walk it (the hot ones read only their fields: nil)
	Data       []byte                 // payload as JSON (nil: Body is JSON, or not JSON at all)
	Body       []byte                 // raw body as received
	MediaType  string                 // media type of Body, without parameters

	isJSON     bool        // Body is one JSON object (read with pickJSON; Payload is nil)
	strip      []string    // extra provider headers to remove before forwarding
	stripQuery []string    // query parameters carrying a credential, removed before forwarding
	keys       []replayKey // signed material identifying the delivery (addKey)
	// rewritten: Data is the body without a credential it carried (Figma's
	// passcode, Microsoft Graph's clientState) or with what was checked
	// elsewhere: every format forwards Data, never Body.
	rewritten bool
	// typeSource is "header" when Type came from a header the signature
	// does not cover (unsignedType).
	typeSource string
}

// Actions of the Cloud Elements trio.
const (
	ActionCreated = "created"
	ActionUpdated = "updated"
	ActionDeleted = "deleted"
	ActionUnknown = "unknown"
)

// actionOf derives created/updated/deleted from an event type or action word.
func actionOf(words ...string) string {
	for i := 0; i < len(words); i++ {
		if words[i] == "" {
			continue
		}
		if a := actionWord(strings.ToLower(words[i])); a != "" {
			return a
		}
	}
	return ActionUnknown
}

// actionWords are the substrings that name an action, deleted first, then
// created, then updated (the first group that matches wins). actionWord
// (fastpath_gc.go, fastpath_interp.go) looks for them.
var actionWords = [3][]string{
	{"delete", "remove", "trash", "destroy", "archived", "cancel"},
	{"create", "add", "upload", "open", "new", "insert", "succeeded", "signed", "copied"},
	{"update", "change", "edit", "modif", "rename", "move", "restore", "lock", "close", "complete", "sent", "viewed"},
}

var actionNames = [3]string{ActionDeleted, ActionCreated, ActionUpdated}

func hasAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// newID returns a random delivery id for providers that send none.
func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand never fails on supported platforms; keep ids unique anyway.
		return "hs_" + strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	return "hs_" + hex.EncodeToString(b[:])
}

// decodeJSONObject decodes body as one JSON object (numbers kept exact as
// json.Number); anything else, trailing data included, is ErrMalformedPayload.
// The work is done by decodeObject: a one-pass parser when compiled
// (fastpath_gc.go), encoding/json under Yaegi (fastpath_interp.go).
func decodeJSONObject(body []byte) (map[string]interface{}, error) {
	m, code := decodeObject(body)
	switch code {
	case jsonOK:
		return m, nil
	case jsonTrailing:
		return nil, fmt.Errorf("%w: data after the JSON object", ErrMalformedPayload)
	case jsonDuplicate:
		return nil, fmt.Errorf("%w: a key appears twice in one JSON object", ErrMalformedPayload)
	}
	return nil, fmt.Errorf("%w: not a JSON object", ErrMalformedPayload)
}

// Results of decodeObject.
const (
	jsonOK        = 0
	jsonNotObject = 1
	jsonTrailing  = 2
	jsonDuplicate = 3 // an object holds one key twice: parsers disagree on which wins
)

// decodeJSONObjectStd is the reference decoder: encoding/json with
// UseNumber, one object and nothing after it, no key twice in an object.
func decodeJSONObjectStd(body []byte) (map[string]interface{}, int) {
	var m map[string]interface{}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&m); err != nil || m == nil {
		return nil, jsonNotObject
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, jsonTrailing
	}
	if jsonDuplicateKey(body) {
		return nil, jsonDuplicate
	}
	return m, jsonOK
}

// field walks a decoded JSON value along a dotted path ("data.object.id") and
// returns a string for strings and numbers, "" otherwise.
func field(m map[string]interface{}, path string) string {
	cur := walk(m, path)
	switch v := cur.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// walk follows a dotted path through nested objects; nil when a step is
// missing or not an object. It splits without allocating.
func walk(m map[string]interface{}, path string) interface{} {
	var cur interface{} = m
	for {
		obj, ok := cur.(map[string]interface{})
		if !ok {
			return nil
		}
		i := strings.IndexByte(path, '.')
		if i < 0 {
			return obj[path]
		}
		cur = obj[path[:i]]
		path = path[i+1:]
	}
}

// strings of a JSON array at path (numbers and strings only).
func fieldList(m map[string]interface{}, path string) []string {
	arr, ok := walk(m, path).([]interface{})
	if !ok {
		return nil
	}
	out := make([]string, 0, len(arr))
	for _, x := range arr {
		switch v := x.(type) {
		case string:
			out = append(out, v)
		case json.Number:
			out = append(out, v.String())
		case float64:
			out = append(out, strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	return out
}

// timeField parses an RFC 3339 time or a unix-seconds number at path.
func timeField(m map[string]interface{}, path string) time.Time {
	return timeValue(field(m, path))
}

// timeValue parses an RFC 3339 time or a unix number (seconds, or
// milliseconds past 1e12); zero when s is neither.
func timeValue(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	// An RFC 3339 time has '-' after its 4-digit year; skipping the parse
	// otherwise saves building a parse error for unix numbers.
	if len(s) > 4 && s[4] == '-' {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
		if n > 1e12 {
			return time.UnixMilli(n)
		}
		return time.Unix(n, 0)
	}
	return time.Time{}
}

// splitType splits a dotted event type ("customer.subscription.created") into
// its object type ("customer.subscription") and the action of its last word.
func splitType(t string) (string, string) {
	i := strings.LastIndex(t, ".")
	if i < 0 {
		return "", actionOf(t)
	}
	return t[:i], actionOf(t[i+1:])
}

// Reading only the fields a provider needs (pickJSON, jsonString,
// jsonStrings) is done by hand-written scanning when compiled
// (fastpath_gc.go) and by encoding/json under Yaegi (fastpath_interp.go);
// TestPickJSON holds both to what decodeJSONObjectStd with field and
// fieldList give.
