package oracle

import (
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PagerDuty/go-pagerduty/webhookv3"

	"github.com/hookstile/hookstile/core"
)

// go-pagerduty's webhookv3.VerifySignature only verifies: every request is
// judged by it and by core, which must agree with each other and with the
// expected verdict. Valid signatures are made here by PagerDuty's documented
// scheme; TestPagerDutyGoPagerDutyKnownAnswer uses go-pagerduty's own.
func TestPagerDutyAgreesWithGoPagerDuty(t *testing.T) {
	secret := "lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK"
	body := `{"event":{"id":"01BWDWL3NYY7LUFPZCC28QUCMK","event_type":"incident.priority_updated","resource_type":"incident","occurred_at":"2021-04-26T17:36:27.458Z","data":{"id":"PGR0VU2","type":"incident","service":{"id":"PF9KMXH","type":"service_reference"}}}}`
	sign := func(key, b string) string { return "v1=" + hex.EncodeToString(mac(key, b)) }
	good := sign(secret, body)
	rolled := sign("previous-secret", body)
	cases := []struct {
		name, sig, body string
		ok              bool
	}{
		{"valid", good, body, true},
		{"one of two (secret rotation), second", rolled + "," + good, body, true},
		{"one of two (secret rotation), first", good + "," + rolled, body, true},
		{"tampered body", good, strings.Replace(body, "PGR0VU2", "PGR0VU3", 1), false},
		{"wrong secret", sign("nope", body), body, false},
		{"only other secrets", rolled + "," + sign("nope", body), body, false},
		{"other version", "v2=" + strings.TrimPrefix(good, "v1="), body, false},
		{"no prefix", strings.TrimPrefix(good, "v1="), body, false},
		{"not hex", "v1=zz", body, false},
		{"a malformed entry before the valid one", "v1=zz," + good, body, true},
		{"empty header", "", body, false},
	}
	for _, c := range cases {
		mk := func() *http.Request {
			r := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
			r.Header.Set("Content-Type", "application/json")
			if c.sig != "" {
				r.Header.Set(core.HeaderPagerDutySignature, c.sig)
			}
			return r
		}
		perr := webhookv3.VerifySignature(mk(), secret)
		_, cerr := inspect(t, core.Config{Provider: "pagerduty", Secrets: []string{secret}}, mk())
		if (perr == nil) != c.ok || (cerr == nil) != c.ok {
			t.Errorf("%s: go-pagerduty %v, core %v, want ok=%v", c.name, perr, cerr, c.ok)
		}
	}
	// The one known difference: a correctly signed empty body.
	// go-pagerduty refuses any empty body (ErrMalformedBody) before the MAC;
	// core checks the MAC only, so only the secret's holder can produce it.
	// PagerDuty never sends one. A wrongly signed empty body both reject.
	for _, c := range []struct {
		name, sig string
		coreOK    bool
	}{
		{"empty body, signed", sign(secret, ""), true},
		{"empty body, wrong secret", sign("nope", ""), false},
	} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(""))
		r.Header.Set(core.HeaderPagerDutySignature, c.sig)
		if err := webhookv3.VerifySignature(r, secret); err == nil {
			t.Errorf("%s: go-pagerduty accepted an empty body", c.name)
		}
		r = httptest.NewRequest("POST", "/", strings.NewReader(""))
		r.Header.Set(core.HeaderPagerDutySignature, c.sig)
		if _, err := inspect(t, core.Config{Provider: "pagerduty", Secrets: []string{secret}}, r); (err == nil) != c.coreOK {
			t.Errorf("%s: core %v, want ok=%v", c.name, err, c.coreOK)
		}
	}
}

// go-pagerduty's own known answer: its secret, test body and signature.
func TestPagerDutyGoPagerDutyKnownAnswer(t *testing.T) {
	secret := "lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK"
	body := `{"event":{"id":"01BWDWL3NYY7LUFPZCC28QUCMK","event_type":"incident.priority_updated","resource_type":"incident","occurred_at":"2021-04-26T17:36:27.458Z","agent":{"html_url":"https://acme.pagerduty.com/users/PLH1HKV","id":"PLH1HKV","self":"https://api.pagerduty.com/users/PLH1HKV","summary":"Tenex Engineer","type":"user_reference"},"client":null,"data":{"id":"PGR0VU2","type":"incident","self":"https://api.pagerduty.com/incidents/PGR0VU2","html_url":"https://acme.pagerduty.com/incidents/PGR0VU2","number":2,"status":"triggered","title":"A little bump in the road","service":{"html_url":"https://acme.pagerduty.com/services/PF9KMXH","id":"PF9KMXH","self":"https://api.pagerduty.com/services/PF9KMXH","summary":"API Service","type":"service_reference"},"assignees":[{"html_url":"https://acme.pagerduty.com/users/PTUXL6G","id":"PTUXL6G","self":"https://api.pagerduty.com/users/PTUXL6G","summary":"User 123","type":"user_reference"}],"escalation_policy":{"html_url":"https://acme.pagerduty.com/escalation_policies/PUS0KTE","id":"PUS0KTE","self":"https://api.pagerduty.com/escalation_policies/PUS0KTE","summary":"Default","type":"escalation_policy_reference"},"teams":[{"html_url":"https://acme.pagerduty.com/teams/PFCVPS0","id":"PFCVPS0","self":"https://api.pagerduty.com/teams/PFCVPS0","summary":"Engineering","type":"team_reference"}],"priority":{"html_url":"https://acme.pagerduty.com/account/incident_priorities","id":"PSO75BM","self":"https://api.pagerduty.com/priorities/PSO75BM","summary":"P1","type":"priority_reference"},"urgency":"high","conference_bridge":{"conference_number":1000,"conference_url":"https://example.com"},"resolve_reason":null}}}`
	for _, c := range []struct {
		sig string
		ok  bool
	}{
		{"v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd", true},
		{"v1=7020c8a7ec668a9b7012bc3dd82e483394b038f4230acc6785efbf2a7d8bcaf5", false},
	} {
		mk := func() *http.Request {
			r := httptest.NewRequest("POST", "/", strings.NewReader(body))
			r.Header.Set(core.HeaderPagerDutySignature, c.sig)
			return r
		}
		perr := webhookv3.VerifySignature(mk(), secret)
		o, cerr := inspect(t, core.Config{Provider: "pagerduty", Secrets: []string{secret}}, mk())
		if (perr == nil) != c.ok || (cerr == nil) != c.ok {
			t.Errorf("%s: go-pagerduty %v, core %v, want ok=%v", c.sig, perr, cerr, c.ok)
		}
		if c.ok && cerr == nil && o == nil {
			t.Error("core accepted but returned no outcome")
		}
	}
}
