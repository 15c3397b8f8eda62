package core

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Attacks of the review session (branch review). Each test is an exploit
// by an outsider holding one captured genuine delivery; it fails while the
// promise it names is broken. Production code is not changed here.

// Exploit: a captured GitHub delivery is re-sent with a fresh, random
// X-GitHub-Delivery (unsigned) and another X-GitHub-Event (unsigned); the
// body and its signature are the captured ones. The only replay key is the
// unsigned delivery id, so the copy is forwarded again, re-signed with the
// operator's key and typed as the attacker chose.
// Breaks: "Replay keys come from signed material" (body-only schemes are
// keyed on the body digest; an unsigned header never alone decides that a
// delivery is new), issue #11 point 4.
func TestAttackGitHubReplayWithNewDeliveryID(t *testing.T) {
	v, err := New(Config{Provider: "github", Secrets: []string{"s"}, SignKeys: []string{"k"}})
	if err != nil {
		t.Fatal(err)
	}
	up := &recordingUpstream{status: 200}
	body := `{"action":"opened","issue":{"number":1}}`
	genuine := githubRequest("s", "11111111-aaaa", body)
	genuine.Header.Set(HeaderGitHubEvent, "issues")
	if s := v.Serve(httptest.NewRecorder(), genuine, up); s.Outcome != OutcomeForwarded {
		t.Fatalf("genuine delivery: %+v", s)
	}
	for i := 0; i < 3; i++ {
		r := githubRequest("s", "attacker-"+strconv.Itoa(i), body)
		r.Header.Set(HeaderGitHubEvent, "release")
		v.Serve(httptest.NewRecorder(), r, up)
	}
	if n := up.count(); n != 1 {
		t.Errorf("one captured delivery reached the upstream %d times; last typed %q",
			n, up.got[n-1].Header.Get("Hookstile-Event-Type"))
	}
}

// Exploit: a captured Zoom delivery (no delivery id, signed timestamp) is
// re-sent byte for byte within the 5-minute window. No replay key exists,
// so every copy is forwarded.
// Breaks: "Replay keys come from signed material" (for schemes with a
// signed timestamp, a digest of the signed content, remembered for the
// window), issue #11 point 3.
func TestAttackZoomVerbatimReplay(t *testing.T) {
	now := time.Unix(1764600000, 0)
	v, err := New(Config{Provider: "zoom", Secrets: []string{"zoom-secret"}, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	body := `{"event":"meeting.started","event_ts":1764600000000,"payload":{"account_id":"A","object":{"id":"1"}}}`
	sig := "v0=" + encodeSig("hex", HMACSHA256([]byte("zoom-secret"), []byte("v0:"+ts+":"+body)))
	req := func() *http.Request {
		r := httptest.NewRequest("POST", "/hooks/zoom", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(HeaderZoomSignature, sig)
		r.Header.Set(HeaderZoomTimestamp, ts)
		return r
	}
	up := &recordingUpstream{status: 200}
	for i := 0; i < 3; i++ {
		if s := v.Serve(httptest.NewRecorder(), req(), up); s.Outcome == OutcomeRejected {
			t.Fatalf("copy %d rejected: %v", i, s.Err)
		}
	}
	if n := up.count(); n != 1 {
		t.Errorf("one captured Zoom delivery forwarded %d times", n)
	}
}

// Exploit: header hygiene matches only the canonical dash forms
// ("Webhook-", "Ce-", ...). An inbound "Webhook_Signature", "Webhook_Id" or
// "Hookstile_Event_Type" survives Apply and reaches the upstream; CGI,
// WSGI, Rack and PHP map '_' and '-' to the same HTTP_WEBHOOK_SIGNATURE
// variable, so an application there reads the attacker's value (no sign
// key set: it is the only one; with a sign key: two values, the
// framework's pick).
// Breaks: "Header hygiene" (every inbound Webhook-*, Hookstile-*, Ce-*,
// Elements-* header is removed).
func TestAttackUnderscoreOwnHeaders(t *testing.T) {
	v, _ := New(Config{Provider: "github", Secrets: []string{"s"}, Format: FormatBinary})
	up := &recordingUpstream{status: 200}
	r := githubRequest("s", "d-underscore", `{"zen":"hi"}`)
	for _, k := range []string{"Webhook_Signature", "Webhook_Id", "Hookstile_Event_Type", "Ce_Type", "Elements_Webhook_Signature"} {
		r.Header[k] = []string{"forged"}
	}
	if s := v.Serve(httptest.NewRecorder(), r, up); s.Outcome != OutcomeForwarded {
		t.Fatalf("%+v", s)
	}
	for k, vs := range up.got[0].Header {
		for _, x := range vs {
			if strings.Contains(x, "forged") {
				t.Errorf("inbound %s: %q reached the upstream", k, x)
			}
		}
	}
}

// Exploit: a reservation carries no owner. Delivery A's upstream is slow
// (longer than the lease); its keys expire and the provider's retry B
// reserves them again and is forwarded. A then fails: Finish(false)
// deletes B's reservation, so a third copy C (the attacker's replay of
// the captured body) is reserved as new while B is still in flight: two
// copies are forwarded at once, and if B then fails and C succeeds, order
// is lost. The Redis store's release script has the same flaw (it deletes
// any 'f').
// Breaks: the two-phase semantics ("a copy arriving meanwhile gets 409").
func TestAttackReleaseDeletesAnotherReservation(t *testing.T) {
	st := newDedupStore(time.Hour, 1000)
	// Each request's keys carry its own reservation (core's storeKeys).
	keyA := []StoreKey{{Key: "hookstile:/t:r:k", TTL: time.Hour, Owner: "A"}}
	keyB := []StoreKey{{Key: "hookstile:/t:r:k", TTL: time.Hour, Owner: "B"}}
	keyC := []StoreKey{{Key: "hookstile:/t:r:k", TTL: time.Hour, Owner: "C"}}
	t0 := time.Unix(1764600000, 0)
	if s, _ := st.Reserve(keyA, DefaultLease, t0); s != KeyNew {
		t.Fatalf("A: %d", s)
	}
	t1 := t0.Add(DefaultLease + time.Second) // A's lease ran out, A still waiting on the upstream
	if s, _ := st.Reserve(keyB, DefaultLease, t1); s != KeyNew {
		t.Fatalf("B: %d", s)
	}
	st.Finish(keyA, false, t1.Add(time.Second)) // A's upstream failed
	if s, _ := st.Reserve(keyC, DefaultLease, t1.Add(2*time.Second)); s != KeyInFlight {
		t.Errorf("C while B is in flight: state %d, want KeyInFlight (%d): A's failure released B's reservation", s, KeyInFlight)
	}
}

// Exploit: the Dropbox Sign replay key digests unsigned fields
// (reported_for_app_id, reported_for_account_id, account_guid,
// template_id, related_signature_id). A captured callback re-sent with one
// of them edited (here reported_for_app_id) is a new event and is
// forwarded again, with or without verify_api (the API check never looks
// at these fields).
// Breaks: "whitespace or unsigned edits of the same event are duplicates"
// (issue #11 point 1, the README row).
func TestAttackDropboxSignEditedKeyField(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	v, err := New(Config{Provider: "dropbox_sign", Secrets: []string{dsKey}, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	js := dsEvent(dsKey, now.Add(-time.Minute), "signature_request_signed", "fa5c8a0b0f492d768749333ad6fcc214c111e967", "NDA")
	o, err := v.Inspect(dsMultipart(js))
	if err != nil || o.Duplicate {
		t.Fatalf("genuine: %+v %v", o, err)
	}
	v.Finish(o, true)
	edits := map[string]string{
		"reported_for_app_id":     strings.Replace(js, `"reported_for_app_id":"app-1"`, `"reported_for_app_id":"app-2"`, 1),
		"reported_for_account_id": strings.Replace(js, `"reported_for_account_id":"acct-1"`, `"reported_for_account_id":"acct-9"`, 1),
		"account_guid":            strings.Replace(js, `"account_guid":"acct-1"`, `"account_guid":"acct-9"`, 1),
		"template added":          strings.Replace(js, `"client_id":"app-1",`, `"client_id":"app-1","template":{"template_id":"t1"},`, 1),
	}
	for name, e := range edits {
		o, err := v.Inspect(dsMultipart(e))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !o.Duplicate {
			t.Errorf("%s edited: the captured callback is forwarded again", name)
			v.Finish(o, true)
		}
	}
}

// Exploit: verify_api's fetch budget (60 a minute) is one bucket for the
// route. With one captured callback (event_time, event_type, event_hash
// stay valid for 73 h) the attacker posts it 60 times a minute with fresh,
// well-formed, random signature_request_ids: each is unknown, each costs
// one API call. Every genuine callback then gets 503 ("too many key
// fetches"); Dropbox Sign clears the callback URL after 10 failures.
// Breaks: issue #11 point 9 ("a budget an attacker cannot spend for
// everyone") and "Nothing verified is lost" in practice.
func TestAttackDropboxSignAPIBudgetExhaustion(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	api := newDSAPI(t)
	const genuine = "fa5c8a0b0f492d768749333ad6fcc214c111e967"
	api.reqs[genuine] = `{"signature_request_id":"` + genuine + `","title":"NDA","is_complete":false,"is_declined":false,` +
		`"signatures":[{"signature_id":"sig-1","status_code":"signed"}]}`
	v, err := New(Config{Provider: "dropbox_sign", Secrets: []string{dsKey}, Options: map[string]string{"verify_api": "on"}, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	p := v.p.(*dropboxSign)
	p.api.fetch.loopback = true
	p.api.fetch.client = api.srv.Client()
	p.api.base = api.srv.URL
	captured := now.Add(-time.Hour)
	for i := 0; i < dropboxSignAPIPerMin+5; i++ {
		id := strings.Repeat("0", 32) + strconv.FormatInt(int64(0x10000000+i), 16)
		v.Inspect(dsMultipart(dsEvent(dsKey, captured, "signature_request_viewed", id, "x")))
	}
	o, err := v.Inspect(dsMultipart(dsEvent(dsKey, now, "signature_request_signed", genuine, "NDA")))
	if err != nil {
		t.Errorf("genuine callback after the flood: status %d (%v): the attacker spent the route's API budget", v.Status(err), err)
		return
	}
	v.Finish(o, true)
}

// Exploit: with verify_api on, a signature_request_signed event without
// event_metadata.related_signature_id is never compared with the API's
// signatures (dropboxSignDisagrees returns ""). A captured
// signature_request_signed hash (any request of the account) is re-sent
// about a request that nobody signed, and it is forwarded as
// "signature_request_signed" with the API's object.
// Breaks: verify_api's promise "refuse on disagreement" (issue #11 point 1).
func TestAttackDropboxSignSignedWithoutSignatureID(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	api := newDSAPI(t)
	const unsigned = "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a"
	api.reqs[unsigned] = `{"signature_request_id":"` + unsigned + `","title":"Lease","is_complete":false,"is_declined":false,` +
		`"signatures":[{"signature_id":"sig-1","status_code":"awaiting_signature"}]}`
	v, err := New(Config{Provider: "dropbox_sign", Secrets: []string{dsKey}, Options: map[string]string{"verify_api": "on"}, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	p := v.p.(*dropboxSign)
	p.api.fetch.loopback = true
	p.api.fetch.client = api.srv.Client()
	p.api.base = api.srv.URL
	js := dsEvent(dsKey, now.Add(-time.Minute), "signature_request_signed", unsigned, "Lease")
	js = strings.Replace(js, `"related_signature_id":"sig-1",`, ``, 1)
	if o, err := v.Inspect(dsMultipart(js)); err == nil {
		t.Errorf("signature_request_signed forwarded for a request whose only signature awaits signing: %s", o.Body)
		v.Finish(o, false)
	}
}

// Exploit: with store set to a shared store (Redis) the design keeps
// learned Asana secrets there ("Everything a route remembers lives
// there: ... learned handshake secrets (Asana)"), but asana keeps the
// learned secret in the provider instance. The genuine handshake lands on
// instance A; the attacker sends his own X-Hook-Secret handshake to
// instance B (or to any instance after a restart or a Traefik reload),
// which has learned nothing yet, so trust-on-first-use accepts it; his
// deliveries, signed with his secret, are then forwarded by B.
// Breaks: "Nothing unverified reaches the upstream" and `store`.
func TestAttackAsanaLearnedSecretNotShared(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	shared := NewMemoryStore(0) // stands for one Redis shared by both instances
	cfg := Config{Provider: "asana", Options: map[string]string{"learn_secret": "true"}, Store: shared, Now: fixedClock(now)}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := New(cfg)
	if _, err := asanaRequest(t, a, "asana-genuine-secret", "", ""); err != nil {
		t.Fatalf("genuine handshake on A: %v", err)
	}
	if _, err := asanaRequest(t, b, "attacker-secret", "", ""); err == nil {
		t.Errorf("instance B accepted the attacker's handshake after A learned the route's secret")
	}
	body := `{"events":[{"action":"deleted","resource":{"gid":"9","resource_type":"project"}}]}`
	if o, err := asanaRequest(t, b, "", "attacker-secret", body); err == nil {
		t.Errorf("a delivery signed with the attacker's secret is forwarded by B: %s", o.Body)
	}
}

// mailgunBody is a Mailgun JSON event carrying a captured signature.
func mailgunBody(eventID, event string) string {
	return `{"signature":{"timestamp":"1767225600","token":"e0b5477167110d68991efc6b9f89f0a11066af27834600e123",` +
		`"signature":"79388591545bc0c8ae68f88ad8bd99c6bfb94d5c768453b122511fd9326d0dbb"},` +
		`"event-data":{"id":"` + eventID + `","event":"` + event + `"}}`
}

func mailgunReq(body string) *http.Request {
	r := httptest.NewRequest("POST", "/hooks/mailgun", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

// Exploit: Mailgun's MAC covers only timestamp+token, so each signature is
// "accepted once", but the tokens seen are kept in the provider's own
// memory (mailgun.seen), not in the route's Store. With store redis (two
// instances) the attacker takes the signature of a genuine delivery that
// instance A took and posts it to instance B (or to A after a restart or a
// Traefik reload) with an event of his own: B has never seen the token and
// forwards the forged event.
// Breaks: "Nothing unverified reaches the upstream"; `store` ("single-use
// signatures" live in the shared store).
func TestAttackMailgunSignatureReusedOnOtherInstance(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	shared := NewMemoryStore(0) // stands for one Redis shared by both instances
	cfg := Config{Provider: "mailgun", Secrets: []string{"key-mailgun-signing-0123456789"}, Store: shared, Now: fixedClock(now)}
	a, _ := New(cfg)
	b, _ := New(cfg)
	up := &recordingUpstream{status: 200}
	if s := a.Serve(httptest.NewRecorder(), mailgunReq(mailgunBody("CPgfbmQMTCKtHW6uIWtuVe", "delivered")), up); s.Outcome != OutcomeForwarded {
		t.Fatalf("genuine on A: %+v", s)
	}
	s := b.Serve(httptest.NewRecorder(), mailgunReq(mailgunBody("forged-event", "unsubscribed")), up)
	if s.Outcome == OutcomeForwarded {
		t.Errorf("the captured signature carried a forged event through instance B (upstream saw %d)", up.count())
	}
}

// Exploit (availability): the Mailgun token is burned in Verify, before
// the upstream answers. The upstream is deploying (503); Mailgun retries the
// same request, signature and all; every retry is refused 401 "replayed",
// so the event is lost although no copy was ever taken.
// Breaks: "hookstile must never turn an upstream failure into a lost event"
// (issue #11 point 15: release single-use signatures as reservations are).
func TestAttackMailgunRetryAfterUpstreamFailureRefused(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	v, _ := New(Config{Provider: "mailgun", Secrets: []string{"key-mailgun-signing-0123456789"}, Now: fixedClock(now)})
	body := mailgunBody("CPgfbmQMTCKtHW6uIWtuVe", "delivered")
	down := &recordingUpstream{status: 503}
	if s := v.Serve(httptest.NewRecorder(), mailgunReq(body), down); s.Outcome != OutcomeUpstreamFailed {
		t.Fatalf("first try: %+v", s)
	}
	up := &recordingUpstream{status: 200}
	if s := v.Serve(httptest.NewRecorder(), mailgunReq(body), up); s.Outcome != OutcomeForwarded {
		t.Errorf("Mailgun's retry after an upstream failure: %s %d (%v): the event is lost", s.Outcome, s.Status, s.Err)
	}
}

// mondayJWT is an HS256 JWT with exp, signed with secret.
func attackMondayJWT(secret string, exp time.Time) string {
	enc := func(s string) string { return strings.TrimRight(encodeSig("base64url", []byte(s)), "=") }
	h := enc(`{"alg":"HS256","typ":"JWT"}`)
	c := enc(`{"exp":` + strconv.FormatInt(exp.Unix(), 10) + `,"dat":{"client_id":"c"}}`)
	return h + "." + c + "." + strings.TrimRight(encodeSig("base64url", HMACSHA256([]byte(secret), []byte(h+"."+c))), "=")
}

// Exploit: monday.com's JWT does not cover the body and is accepted as
// often as it is presented until exp. The attacker takes the Authorization
// header of one captured delivery and posts any number of events of his own
// (new triggerUuid each) until the token expires: all are forwarded,
// re-signed by hookstile.
// Breaks: "Nothing unverified reaches the upstream" (issue #11 point 7:
// accept each token once).
func TestAttackMondayTokenCarriesAnyBody(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	v, err := New(Config{Provider: "monday", Secrets: []string{"monday-signing-secret"}, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	tok := attackMondayJWT("monday-signing-secret", now.Add(5*time.Minute))
	up := &recordingUpstream{status: 200}
	for i, body := range []string{
		`{"event":{"type":"update_column_value","triggerUuid":"genuine-1","boardId":1,"pulseId":2}}`,
		`{"event":{"type":"delete_pulse","triggerUuid":"forged-1","boardId":1,"pulseId":3}}`,
		`{"event":{"type":"delete_pulse","triggerUuid":"forged-2","boardId":1,"pulseId":4}}`,
	} {
		r := httptest.NewRequest("POST", "/hooks/monday", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", tok)
		if s := v.Serve(httptest.NewRecorder(), r, up); i == 0 && s.Outcome != OutcomeForwarded {
			t.Fatalf("genuine: %+v", s)
		}
	}
	if n := up.count(); n != 1 {
		t.Errorf("one captured monday.com token carried %d events to the upstream", n)
	}
}

// Exploit: a captured Slack Events API delivery (JSON, event_id Ev1) is
// re-sent within the 5-minute window with the same bytes and signature
// but "Content-Type: application/x-www-form-urlencoded". The form branch
// takes no delivery id, so the event_id dedup is skipped and the copy is
// forwarded again (in raw format: the captured JSON itself).
// Breaks: "Replay keys come from signed material" (issue #11 point 6:
// refuse a content type that contradicts the body).
func TestAttackSlackContentTypeSwitch(t *testing.T) {
	now := time.Unix(1764600000, 0)
	v, err := New(Config{Provider: "slack", Secrets: []string{"slack-signing"}, Format: FormatRaw, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	body := `{"token":"x","team_id":"T1","type":"event_callback","event_id":"Ev1","event_time":1764600000,"event":{"type":"member_joined_channel","user":"U1"}}`
	sig := "v0=" + encodeSig("hex", HMACSHA256([]byte("slack-signing"), []byte("v0:"+ts+":"+body)))
	req := func(ct string) *http.Request {
		r := httptest.NewRequest("POST", "/hooks/slack", strings.NewReader(body))
		r.Header.Set("Content-Type", ct)
		r.Header.Set("X-Slack-Signature", sig)
		r.Header.Set("X-Slack-Request-Timestamp", ts)
		return r
	}
	up := &recordingUpstream{status: 200}
	if s := v.Serve(httptest.NewRecorder(), req("application/json"), up); s.Outcome != OutcomeForwarded {
		t.Fatalf("genuine: %+v", s)
	}
	if s := v.Serve(httptest.NewRecorder(), req("application/json"), up); s.Outcome != OutcomeDuplicate {
		t.Fatalf("same copy: %+v", s)
	}
	v.Serve(httptest.NewRecorder(), req("application/x-www-form-urlencoded"), up)
	if n := up.count(); n != 1 {
		t.Errorf("the captured Slack event reached the upstream %d times (second as a form)", n)
	}
}

// Exploit: Box signs body + BOX-DELIVERY-TIMESTAMP, not BOX-DELIVERY-ID,
// and the delivery id is the only replay key. A captured FILE.DELETED is
// re-sent inside the 10-minute window with a new BOX-DELIVERY-ID (or
// none): forwarded again each time.
// Breaks: "Replay keys come from signed material" (issue #11 point 3).
func TestAttackBoxChangedDeliveryID(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	v, err := New(Config{Provider: "box", Secrets: []string{"box-primary"}, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	ts := now.Format(time.RFC3339)
	body := `{"type":"webhook_event","id":"e1","trigger":"FILE.DELETED","source":{"id":"f1","type":"file"}}`
	sig := encodeSig("base64", HMACSHA256([]byte("box-primary"), []byte(body+ts)))
	up := &recordingUpstream{status: 200}
	for _, id := range []string{"genuine-delivery", "attacker-1", ""} {
		r := httptest.NewRequest("POST", "/hooks/box", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(HeaderBoxPrimary, sig)
		r.Header.Set(HeaderBoxTimestamp, ts)
		if id != "" {
			r.Header.Set(HeaderBoxDelivery, id)
		}
		if s := v.Serve(httptest.NewRecorder(), r, up); s.Outcome == OutcomeRejected {
			t.Fatalf("%q: %v", id, s.Err)
		}
	}
	if n := up.count(); n != 1 {
		t.Errorf("one captured Box FILE.DELETED forwarded %d times", n)
	}
}

// Exploit: Plivo signs URL + sorted form parameters + nonce. A captured
// signed GET callback (query parameters only) is re-sent as a POST with
// "Content-Type: application/json" and any JSON body: the JSON is not
// parsed as form, so the signed string is the GET's and verifies; the
// attacker's JSON is forwarded as the event's data. The nonce is not
// remembered either, so it works any number of times.
// Breaks: "Nothing unverified reaches the upstream" (issue #11 point 5:
// refuse any body the signature does not cover).
func TestAttackPlivoUnsignedJSONBody(t *testing.T) {
	v, err := New(Config{Provider: "plivo", Secrets: []string{"plivo-auth-token"}, Options: map[string]string{"public_url": "https://hooks.example.com/plivo"}})
	if err != nil {
		t.Fatal(err)
	}
	query := "CallUUID=c1&Event=Hangup&To=15550001"
	signed, _ := plivoSigned("https://hooks.example.com/plivo", query, "GET", nil)
	sig := encodeSig("base64", HMACSHA256([]byte("plivo-auth-token"), []byte(signed+".nonce1")))
	up := &recordingUpstream{status: 200}
	for i := 0; i < 2; i++ {
		r := httptest.NewRequest("POST", "/plivo?"+query, strings.NewReader(`{"Event":"Answer","amount":"1000000","To":"attacker"}`))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(HeaderPlivoSignatureV3, sig)
		r.Header.Set(HeaderPlivoNonceV3, "nonce1")
		if s := v.Serve(httptest.NewRecorder(), r, up); s.Outcome == OutcomeForwarded {
			t.Errorf("copy %d: a JSON body no signature covers was forwarded: %s", i, up.bodies[len(up.bodies)-1])
		}
	}
}
