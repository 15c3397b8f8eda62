package core

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DropboxSignAck is the body Dropbox Sign requires in the answer to every
// callback; without it the delivery counts as failed and is retried.
const DropboxSignAck = "Hello API Event Received"

var dropboxSignSpec = spec{
	options: []OptionInfo{
		{"verify_api", OptionBool, "check every signature-request event against the Dropbox Sign API (with the API key) and forward the API's object"},
	},
	builder:   newDropboxSign,
	handshake: "callback_test event verified and answered with the acknowledgement body",
	scheme:    "event.event_hash: hex HMAC-SHA256(event_time + event_type), 73 h window; nothing else is signed: ids, signature request, signers and metadata are not (option verify_api on fetches the signature request from the Dropbox Sign API and forwards that)",
	secret:    "API key",
	ack:       DropboxSignAck,
	aliases:   []string{"hellosign"},
}

// Dropbox Sign (HelloSign) posts its event as multipart/form-data with the
// JSON in the field "json" (or as a raw JSON body). The MAC is inside the
// payload: event.event_hash = hex HMAC-SHA256(API key, event_time + event_type).
// Only those two fields are signed: the ids, the signature request, the
// signers and the metadata are not. Every answer must be 200 with the body
// "Hello API Event Received" (DropboxSignAck).
//
// The replay key is the signed tuple plus the ids the event names, taken
// from the parsed JSON (dropboxSignKey): whitespace, member order, body
// encoding or an edit of any other unsigned field leaves it unchanged, so
// such a copy is a duplicate.
//
// Option "verify_api" (on/off, default off): every event about a signature
// request is checked against the Dropbox Sign API before it is forwarded:
// GET https://api.hellosign.com/v3/signature_request/{id}, authenticated
// with the API key that verified event_hash (HTTP basic auth). The request
// must exist for that account and agree with the event (all_signed: it is
// complete; declined: it is declined; signed: the related signature is
// signed); the forwarded signature_request is then the API's, not the
// callback's. A request unknown to the account is refused (401); an API
// that fails or is too slow is 503, so Dropbox Sign retries. Answers are
// cached for a minute (unknown ids for ten), at most 60 fetches a minute.
type dropboxSign struct {
	keys [][]byte
	tol  time.Duration
	api  *dropboxSignAPI // nil unless verify_api
}

// dropboxSignWindow is the default freshness window of event_time. A retry
// keeps the original event_time, so the window must cover Dropbox Sign's
// retries: "up to 6 times ... 5 min, 15 min, 45 min, 2 h 15 min, 6 h 45 min,
// 20 h 15 min" (30 h 20 min in all; faq.hellosign.com, "How many times does
// the HelloSign API retry my callback"), and "retries occur over
// approximately 3 days before giving up" (developers.hellosign.com, Manual
// Reference Pages, Glossary, "Callbacks & Events"). Three days and an hour
// of margin; replay keys are remembered twice as long (an event_time ahead
// of the clock is accepted as far).
const dropboxSignWindow = 73 * time.Hour

func newDropboxSign(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	p := &dropboxSign{keys: keys, tol: tolerance(c, dropboxSignWindow)}
	on, err := boolOption(c, "verify_api")
	if err != nil {
		return nil, err
	}
	if on {
		p.api = newDropboxSignAPI()
	}
	return p, nil
}

// dropboxSignKey is the replay key of a verified event: the signed
// event_time and event_type, and the ids of what it is about (unsigned, but
// they tell distinct events of one second apart), digested.
func dropboxSignKey(m map[string]interface{}, evTime, evType string) string {
	h := sha256.New()
	parts := []string{evTime, evType}
	if sr := field(m, "signature_request.signature_request_id"); sr != "" {
		// An event about a signature request is named by the request and,
		// for one signer's signature, that signature: the other ids
		// (account, app, template) are unsigned too and would only let an
		// edited copy count as new.
		parts = append(parts, "sr", sr, field(m, "event.event_metadata.related_signature_id"))
	} else {
		// Account and template events: the account, else the template.
		acct := field(m, "account_guid")
		if acct == "" {
			acct = field(m, "event.event_metadata.reported_for_account_id")
		}
		parts = append(parts, "acct", acct, field(m, "template.template_id"))
	}
	for _, s := range parts {
		// Length-prefixed, so no two tuples share an encoding.
		h.Write([]byte(strconv.Itoa(len(s)) + ":" + s))
	}
	return "dbs_" + hex.EncodeToString(h.Sum(nil)[:16])
}

// dropboxSignJSON extracts the event JSON from a multipart, form or JSON body.
func dropboxSignJSON(r *Request) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	switch mediaType(ct) {
	case "multipart/form-data":
		vals, err := multipartFields(ct, r.Body)
		if err != nil {
			return nil, err
		}
		if vals.Get("json") == "" {
			return nil, fmt.Errorf("%w: no json field", ErrMalformedPayload)
		}
		return []byte(vals.Get("json")), nil
	case "application/x-www-form-urlencoded":
		vals, err := parseQuery(string(r.Body))
		if err != nil {
			return nil, err
		}
		if vals.Get("json") == "" {
			return nil, fmt.Errorf("%w: no json field", ErrMalformedPayload)
		}
		return []byte(vals.Get("json")), nil
	case "application/json", "text/json", "":
		return r.Body, nil
	}
	return nil, ErrUnsupportedMedia
}

func (p *dropboxSign) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	js, err := dropboxSignJSON(r)
	if err != nil {
		return nil, err
	}
	m, err := decodeJSONObject(js)
	if err != nil {
		return nil, err
	}
	evTime, evType, hash := field(m, "event.event_time"), field(m, "event.event_type"), field(m, "event.event_hash")
	if hash == "" {
		return nil, ErrMissingSignature
	}
	if evTime == "" || evType == "" {
		return nil, fmt.Errorf("%w: event_time or event_type missing", ErrMalformedPayload)
	}
	key, err := dropboxSignMatch(p.keys, hash, evTime, evType)
	if err != nil {
		return nil, err
	}
	t, err := parseTime(evTime, unitSeconds)
	if err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	rewritten := false
	if p.api != nil {
		checked, err := p.api.check(m, evTime+"|"+evType, evType, key, r.Now)
		if err != nil {
			return nil, err
		}
		if checked != nil {
			m = checked
			rewritten = true
			if js, err = json.Marshal(m); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrMalformedPayload, err)
			}
		}
	}
	id := dropboxSignKey(m, evTime, evType)
	ev := &Event{
		ID:        id, // stable across retries and copies
		Type:      evType,
		Time:      t,
		Payload:   m,
		Data:      js,
		MediaType: "application/json",
		rewritten: rewritten, // every format forwards the API's object
	}
	// Remembered as long as event_time is accepted, from either side.
	ev.addKey("dropbox_sign", id, 2*p.tol)
	if id := field(m, "signature_request.signature_request_id"); id != "" {
		ev.ObjectType, ev.ObjectID = "signature_request", id
	} else if id := field(m, "account_guid"); id != "" {
		ev.ObjectType, ev.ObjectID = "account", id
	}
	ev.Subject = field(m, "event.event_metadata.reported_for_account_id")
	ev.Action = actionOf(evType)
	return &Result{Event: ev}, nil
}

// dropboxSignMatch returns the key that signed event_hash.
func dropboxSignMatch(keys [][]byte, hash, evTime, evType string) ([]byte, error) {
	var err error
	for _, k := range keys {
		if err = anyMAC(sha256.New, [][]byte{k}, "hex", "", []string{hash}, []byte(evTime), []byte(evType)); err == nil {
			return k, nil
		}
	}
	return nil, err
}

// Bounds of the Dropbox Sign API check.
const (
	dropboxSignAPIBase     = "https://api.hellosign.com"
	dropboxSignAPITTL      = time.Minute      // a fetched signature request is reused this long
	dropboxSignAPIMissTTL  = 10 * time.Minute // an id unknown to the account is remembered this long
	dropboxSignAPIMaxItems = 256              // cached answers
	dropboxSignAPIPerMin   = 60               // API calls a minute
	dropboxSignAPIMaxBytes = 1 << 20          // a signature request with its signers and fields
	// An attacker holding one captured event_hash can forge events about
	// any request id: each signed tuple (event_time, event_type) may cost
	// this many API calls per dropboxSignAPIMissTTL, so one captured hash
	// cannot spend the route's budget for the genuine callbacks.
	dropboxSignAPIPerTuple = 2
	dropboxSignAPIMaxTuple = 4096 // tuples remembered for that
)

// dropboxSignAPI fetches signature requests from the Dropbox Sign API, from
// its one host only, through the bounded remote fetcher, with a small cache.
type dropboxSignAPI struct {
	base   string
	fetch  *remoteFetcher
	mu     sync.Mutex
	cache  map[string]dropboxSignCached
	tuples map[string]dropboxSignSpent
}

// dropboxSignSpent counts the API calls one signed tuple caused.
type dropboxSignSpent struct {
	n     int
	until time.Time
}

type dropboxSignCached struct {
	obj   map[string]interface{} // nil: the account has no such request
	until time.Time
}

func newDropboxSignAPI() *dropboxSignAPI {
	f := newRemoteFetcher(func(u *url.URL) bool {
		return strings.EqualFold(u.Hostname(), "api.hellosign.com") && strings.HasPrefix(u.Path, "/v3/signature_request/")
	})
	f.maxBytes = dropboxSignAPIMaxBytes
	f.perMinute = dropboxSignAPIPerMin
	return &dropboxSignAPI{base: dropboxSignAPIBase, fetch: f, cache: make(map[string]dropboxSignCached),
		tuples: make(map[string]dropboxSignSpent)}
}

// check verifies the event m against the API and returns the event to
// forward: m with the API's signature_request. Events about no signature
// request are forwarded as they came (nil).
func (a *dropboxSignAPI) check(m map[string]interface{}, tuple, evType string, key []byte, now time.Time) (map[string]interface{}, error) {
	id := field(m, "signature_request.signature_request_id")
	if id == "" {
		if strings.HasPrefix(evType, "signature_request_") {
			return nil, fmt.Errorf("%w: %s event without a signature_request_id", ErrMalformedPayload, safeToken(evType, 64))
		}
		return nil, nil
	}
	// Cheap checks first: an id that is not a Dropbox Sign id is never sent.
	if len(id) > 64 || strings.Trim(id, "0123456789abcdefABCDEF") != "" {
		return nil, fmt.Errorf("%w: signature_request_id is not a Dropbox Sign id", ErrSignatureMismatch)
	}
	obj, cached, err := a.get(id, key, now, false, tuple)
	if err == nil && obj != nil && cached && dropboxSignDisagrees(m, obj, evType) != "" {
		// The cached copy may predate the event: ask once more.
		obj, _, err = a.get(id, key, now, true, tuple)
	}
	if err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, fmt.Errorf("%w: signature request unknown to the Dropbox Sign API", ErrSignatureMismatch)
	}
	if why := dropboxSignDisagrees(m, obj, evType); why != "" {
		return nil, fmt.Errorf("%w: the Dropbox Sign API disagrees: %s", ErrSignatureMismatch, why)
	}
	out := make(map[string]interface{}, len(m))
	for k, v := range m {
		out[k] = v
	}
	out["signature_request"] = obj
	return out, nil
}

// get returns the signature request id as the API has it (nil when the
// account has none), from the cache unless fresh, and whether it was cached.
func (a *dropboxSignAPI) get(id string, key []byte, now time.Time, fresh bool, tuple string) (map[string]interface{}, bool, error) {
	if !fresh {
		a.mu.Lock()
		e, ok := a.cache[id]
		a.mu.Unlock()
		if ok && now.Before(e.until) {
			return e.obj, true, nil
		}
	}
	if !a.spend(tuple, now) {
		// 503: a genuine event whose captured copies spent its share is
		// retried by Dropbox Sign once the share is renewed.
		return nil, false, fmt.Errorf("%w: this signed event already caused %d Dropbox Sign API calls", ErrRemoteKey, dropboxSignAPIPerTuple)
	}
	status, body, err := a.fetch.do(a.base+"/v3/signature_request/"+id, nil, string(key), now)
	if err != nil {
		return nil, false, err
	}
	var obj map[string]interface{}
	ttl := dropboxSignAPITTL
	switch status {
	case http.StatusOK:
		resp, err := decodeJSONObject(body)
		if err != nil {
			return nil, false, fmt.Errorf("%w: Dropbox Sign API answer is not JSON", ErrRemoteKey)
		}
		obj = objectAt(resp, "signature_request")
		if obj == nil || field(obj, "signature_request_id") != id {
			return nil, false, fmt.Errorf("%w: Dropbox Sign API answered another object", ErrRemoteKey)
		}
	case http.StatusNotFound, http.StatusForbidden, http.StatusGone:
		ttl = dropboxSignAPIMissTTL
	default:
		// 401 (a revoked key), 429 and 5xx: nothing is known; Dropbox Sign retries.
		return nil, false, fmt.Errorf("%w: Dropbox Sign API answered %d", ErrRemoteKey, status)
	}
	a.mu.Lock()
	if len(a.cache) >= dropboxSignAPIMaxItems {
		for k, e := range a.cache {
			if !now.Before(e.until) || len(a.cache) >= dropboxSignAPIMaxItems {
				delete(a.cache, k)
			}
		}
	}
	a.cache[id] = dropboxSignCached{obj: obj, until: now.Add(ttl)}
	a.mu.Unlock()
	return obj, false, nil
}

// spend counts one API call against tuple; false when the tuple has used
// its share.
func (a *dropboxSignAPI) spend(tuple string, now time.Time) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.tuples[tuple]
	if ok && !now.Before(e.until) {
		ok = false
	}
	if !ok {
		if len(a.tuples) >= dropboxSignAPIMaxTuple {
			for k, x := range a.tuples {
				if !now.Before(x.until) {
					delete(a.tuples, k)
				}
			}
			if len(a.tuples) >= dropboxSignAPIMaxTuple {
				// Busier than the bound: start counting afresh (the
				// route's per-minute budget still holds).
				a.tuples = make(map[string]dropboxSignSpent)
			}
		}
		e = dropboxSignSpent{until: now.Add(dropboxSignAPIMissTTL)}
	}
	if e.n >= dropboxSignAPIPerTuple {
		return false
	}
	e.n++
	a.tuples[tuple] = e
	return true
}

// dropboxSignDisagrees says why the API's object contradicts the event, or "".
func dropboxSignDisagrees(m, obj map[string]interface{}, evType string) string {
	if a, b := field(m, "signature_request.test_mode"), field(obj, "test_mode"); a != "" && b != "" && a != b {
		return "test_mode"
	}
	switch evType {
	case "signature_request_all_signed":
		if field(obj, "is_complete") != "true" {
			return "the request is not complete"
		}
	case "signature_request_declined":
		if field(obj, "is_declined") != "true" {
			return "the request is not declined"
		}
	case "signature_request_signed":
		sid := field(m, "event.event_metadata.related_signature_id")
		sigs, _ := obj["signatures"].([]interface{})
		if sid == "" {
			// No signature named: at least one must be signed.
			for _, x := range sigs {
				sm, _ := x.(map[string]interface{})
				if sm != nil && field(sm, "status_code") == "signed" {
					return ""
				}
			}
			return "no signature is signed"
		}
		for _, s := range sigs {
			sm, _ := s.(map[string]interface{})
			if sm != nil && field(sm, "signature_id") == sid {
				if field(sm, "status_code") != "signed" {
					return "the signature is not signed"
				}
				return ""
			}
		}
		return "no such signature"
	}
	return ""
}
