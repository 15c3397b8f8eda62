package core

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Bodies the signature does not cover (issue #11, points 5 and 6).

// A signed Plivo GET (the signature covers the URL) re-sent as a POST with
// any JSON verified, again and again: Plivo signs a body only as form
// parameters, so any other body is refused.
func TestPlivoRefusesBodiesItDoesNotSign(t *testing.T) {
	var get = struct{ url, nonce, sig string }{}
	for _, f := range loadVectors(t) {
		if f.Provider != "plivo" {
			continue
		}
		for _, c := range f.Cases {
			if c.Name != "GET callback" {
				continue
			}
			get.url, get.nonce, get.sig = c.URL, c.Headers[HeaderPlivoNonceV3], c.Headers[HeaderPlivoSignatureV3]
			now := caseTime(t, c)
			v, err := New(Config{Provider: "plivo", Secrets: c.Secrets, Options: c.Options, Dedup: -1, Now: fixedClock(now)})
			if err != nil {
				t.Fatal(err)
			}
			send := func(method, ct, body string) error {
				r := httptest.NewRequest(method, get.url, strings.NewReader(body))
				if ct != "" {
					r.Header.Set("Content-Type", ct)
				}
				r.Header.Set(HeaderPlivoNonceV3, get.nonce)
				r.Header.Set(HeaderPlivoSignatureV3, get.sig)
				o, err := v.Inspect(r)
				if err == nil {
					v.Finish(o, true)
				}
				return err
			}
			if err := send("GET", "", ""); err != nil {
				t.Fatalf("genuine GET: %v", err)
			}
			for _, tc := range []struct{ method, ct, body string }{
				{"POST", "application/json", `{"Event":"Hangup","amount":1000000}`},
				{"POST", "application/json", `{"Event":"Hangup","amount":1}`},
				{"POST", "text/plain", `anything at all`},
				{"GET", "application/json", `{"smuggled":true}`},
				{"GET", "application/x-www-form-urlencoded", `smuggled=1`},
			} {
				if err := send(tc.method, tc.ct, tc.body); err == nil {
					t.Errorf("%s %s %q: verified with the GET's signature", tc.method, tc.ct, tc.body)
				}
			}
		}
	}
	if get.sig == "" {
		t.Fatal("no GET callback vector")
	}
}

// Slack: the same signed Events API body re-sent as a form verified (and
// had no id); a content type that contradicts the body is refused.
func TestSlackRefusesAContentTypeThatContradictsTheBody(t *testing.T) {
	now := time.Unix(1700000000, 0)
	v, err := New(Config{Provider: "slack", Secrets: []string{"slack-secret"}, Dedup: -1, Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	sign := func(ct, body string) error {
		r := httptest.NewRequest("POST", "/hooks/slack", strings.NewReader(body))
		r.Header.Set("Content-Type", ct)
		ts := "1700000000"
		r.Header.Set(HeaderSlackTimestamp, ts)
		r.Header.Set(HeaderSlackSignature, "v0="+encodeSig("hex", HMACSHA256([]byte("slack-secret"), []byte("v0:"+ts+":"+body))))
		_, err := v.Inspect(r)
		return err
	}
	event := `{"type":"event_callback","event_id":"Ev1","team_id":"T1","event":{"type":"app_mention"}}`
	command := "token=t&team_id=T1&command=%2Fdeploy&text=prod"
	interaction := "payload=" + `%7B%22type%22%3A%22block_actions%22%7D`
	for _, ok := range []struct{ ct, body string }{
		{"application/json", event}, {"application/x-www-form-urlencoded", command}, {"application/x-www-form-urlencoded", interaction},
	} {
		if err := sign(ok.ct, ok.body); err != nil {
			t.Errorf("genuine %s: %v", ok.ct, err)
		}
	}
	for _, bad := range []struct{ ct, body string }{
		{"application/x-www-form-urlencoded", strings.Replace(event, "Ev1", "Ev2", 1)},
		{"application/x-www-form-urlencoded", "team_id=T1&anything=else"},
		{"text/plain", strings.Replace(event, "Ev1", "Ev3", 1)},
		{"application/xml", strings.Replace(event, "Ev1", "Ev4", 1)},
		{"application/json", command + "&x=1"},
	} {
		if err := sign(bad.ct, bad.body); err == nil {
			t.Errorf("%s body %.40q: accepted", bad.ct, bad.body)
		}
	}
}
