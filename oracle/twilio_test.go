package oracle

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"

	twilioclient "github.com/twilio/twilio-go/client"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/internal/provsign"
)

// twilio-go's RequestValidator only verifies, so the valid signatures here
// are twilio-go's own known answers (its request_validator_test.go) plus
// ones made by Twilio's documented algorithm; every request is then judged
// by twilio-go and by core, which must agree with each other and with the
// expected verdict.

const (
	twToken  = "12345"
	twPublic = "https://mycompany.com/myapp.php"
	twQuery  = "foo=1&bar=2"
)

// twilioSign is Twilio's documented scheme: base64 HMAC-SHA1(auth token,
// full URL then each POST parameter name and value, sorted by name).
func twilioSign(token, fullURL string, params map[string]string) string {
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	s := fullURL
	for _, k := range names {
		s += k + params[k]
	}
	return provsign.MAC("sha1", "base64", []byte(token), s)
}

type twCase struct {
	name      string
	publicURL string // core's public_url option
	calledURL string // the URL Twilio called, as twilio-go is given it
	body      string
	json      bool
	sig       string
	ok        bool
}

func twilioAgree(t *testing.T, cases []twCase) {
	t.Helper()
	for _, c := range cases {
		v := twilioclient.NewRequestValidator(twToken)
		sdk := v.ValidateBody(c.calledURL, []byte(c.body), c.sig)

		u, err := url.Parse(c.calledURL)
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("POST", u.RequestURI(), strings.NewReader(c.body))
		if c.json {
			r.Header.Set("Content-Type", "application/json")
		} else {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if c.sig != "" {
			r.Header.Set(core.HeaderTwilioSignature, c.sig)
		}
		cfg := core.Config{Provider: "twilio", Secrets: []string{twToken}, Options: map[string]string{"public_url": c.publicURL}}
		_, cerr := inspect(t, cfg, r)
		if sdk != c.ok || (cerr == nil) != c.ok {
			t.Errorf("%s: twilio-go %v, core %v, want ok=%v", c.name, sdk, cerr, c.ok)
		}
	}
}

// Form-encoded deliveries (the classic voice/messaging webhooks).
func TestTwilioFormAgreesWithTwilioGo(t *testing.T) {
	called := twPublic + "?" + twQuery
	params := map[string]string{
		"CallSid": "CA1234567890ABCDE", "Caller": "+14158675309", "Digits": "1234",
		"From": "+14158675309", "To": "+18005551212", "Reason": "Participant", "ReasonConferenceEnded": "test",
	}
	form := url.Values{}
	for k, v := range params {
		form.Set(k, v)
	}
	body := form.Encode()
	good := twilioSign(twToken, called, params)
	tampered := strings.Replace(body, "Digits=1234", "Digits=9999", 1)
	withPort443 := strings.Replace(called, ".com/", ".com:443/", 1)
	// Signed over the other order of the Reason/ReasonConferenceEnded pair:
	// twilio-go's own negative known answer.
	missorted := "95+Bu0JVPi0r/SsESZCVf0dWAjw="
	twilioAgree(t, []twCase{
		// twilio-go's known answer for a form body.
		{name: "twilio-go known answer", publicURL: twPublic, calledURL: called, body: "property=value&boolean=true", sig: "NBdBDr/T/lgjI+tlgpXjKZQZs/k=", ok: true},
		{name: "valid", publicURL: twPublic, calledURL: called, body: body, sig: good, ok: true},
		{name: "signed with the default port", publicURL: twPublic, calledURL: called, body: body, sig: twilioSign(twToken, withPort443, params), ok: true},
		{name: "custom port, signed without it", publicURL: "https://mycompany.com:1234/myapp.php", calledURL: "https://mycompany.com:1234/myapp.php?" + twQuery, body: body, sig: good, ok: true},
		{name: "tampered parameter", publicURL: twPublic, calledURL: called, body: tampered, sig: good, ok: false},
		{name: "extra parameter", publicURL: twPublic, calledURL: called, body: body + "&Extra=1", sig: good, ok: false},
		{name: "wrong token", publicURL: twPublic, calledURL: called, body: body, sig: twilioSign("54321", called, params), ok: false},
		{name: "other query string", publicURL: twPublic, calledURL: twPublic + "?foo=1&bar=3", body: body, sig: good, ok: false},
		{name: "other path", publicURL: twPublic + "x", calledURL: twPublic + "x?" + twQuery, body: body, sig: good, ok: false},
		{name: "http scheme signed as https", publicURL: "http://mycompany.com/myapp.php", calledURL: "http://mycompany.com/myapp.php?" + twQuery, body: body, sig: good, ok: false},
		{name: "params sorted wrongly", publicURL: twPublic, calledURL: called, body: body, sig: missorted, ok: false},
		{name: "not base64", publicURL: twPublic, calledURL: called, body: body, sig: "!!!", ok: false},
		{name: "missing signature", publicURL: twPublic, calledURL: called, body: body, sig: "", ok: false},
	})
}

// JSON deliveries: the URL carries bodySHA256, the signature covers the URL
// alone and the body is checked against the hash.
func TestTwilioJSONBodySHA256AgreesWithTwilioGo(t *testing.T) {
	body := `{"property": "value", "boolean": true}`
	sum := sha256.Sum256([]byte(body))
	hash := hex.EncodeToString(sum[:])
	called := twPublic + "?" + twQuery + "&bodySHA256=" + hash
	good := twilioSign(twToken, called, nil)
	other := `{"property": "value", "boolean": false}`
	osum := sha256.Sum256([]byte(other))
	calledOther := twPublic + "?" + twQuery + "&bodySHA256=" + hex.EncodeToString(osum[:])
	twilioAgree(t, []twCase{
		// twilio-go's known answers.
		{name: "twilio-go known answer", publicURL: twPublic, calledURL: called, body: body, json: true, sig: "a9nBmqA0ju/hNViExpshrM61xv4=", ok: true},
		{name: "twilio-go known answer, no other query", publicURL: twPublic, calledURL: twPublic + "?bodySHA256=" + hash, body: body, json: true, sig: "y77kIzt2vzLz71DgmJGsen2scGs=", ok: true},
		{name: "valid", publicURL: twPublic, calledURL: called, body: body, json: true, sig: good, ok: true},
		{name: "tampered body, same hash", publicURL: twPublic, calledURL: called, body: other, json: true, sig: good, ok: false},
		{name: "tampered body and hash", publicURL: twPublic, calledURL: calledOther, body: other, json: true, sig: good, ok: false},
		{name: "wrong token", publicURL: twPublic, calledURL: called, body: body, json: true, sig: twilioSign("54321", called, nil), ok: false},
		{name: "missing signature", publicURL: twPublic, calledURL: called, body: body, json: true, sig: "", ok: false},
	})
	// A JSON body without bodySHA256 is covered by nothing: twilio-go
	// (which then parses it as a form) and core both reject it.
	twilioAgree(t, []twCase{
		{name: "JSON without bodySHA256", publicURL: twPublic, calledURL: twPublic + "?" + twQuery, body: body, json: true, sig: twilioSign(twToken, twPublic+"?"+twQuery, nil), ok: false},
	})
}

// GET webhooks sign the URL with its query; twilio-go's Validate takes the
// query parameters as a map, core the URL as received.
func TestTwilioGETAgreesWithTwilioGo(t *testing.T) {
	called := twPublic + "?CallSid=CA1&From=%2B14158675309"
	good := twilioSign(twToken, called, nil)
	for _, c := range []struct {
		name, sig string
		ok        bool
	}{
		{"valid", good, true},
		{"wrong token", twilioSign("nope", called, nil), false},
	} {
		v := twilioclient.NewRequestValidator(twToken)
		sdk := v.Validate(called, map[string]string{}, c.sig)
		u, _ := url.Parse(called)
		r := httptest.NewRequest(http.MethodGet, u.RequestURI(), nil)
		r.Header.Set(core.HeaderTwilioSignature, c.sig)
		_, cerr := inspect(t, core.Config{Provider: "twilio", Secrets: []string{twToken}, Options: map[string]string{"public_url": twPublic}}, r)
		if sdk != c.ok || (cerr == nil) != c.ok {
			t.Errorf("%s: twilio-go %v, core %v, want ok=%v", c.name, sdk, cerr, c.ok)
		}
	}
}
