package reliability

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/core"
)

// Replay is one captured genuine delivery and the copies an attacker makes
// of it by changing only what its signature does not cover. The gateway
// must forward the original once and never a copy: a copy is a duplicate
// (answered with the provider's success, Ack) or refused.
type Replay struct {
	Name     string
	Original Delivery
	Copies   map[string]Delivery
	// Ack is the body a duplicate is answered with ("" for any).
	Ack string
}

// Refused is a request the gateway must refuse with one of Want.
type Refused struct {
	Name string
	D    Delivery
	Want []int
}

// multipartJSON wraps js in Dropbox Sign's multipart field "json".
func multipartJSON(d Delivery, js string) Delivery {
	d.Body = []byte(multipartBody("XyZ", "json", js))
	d.Header = d.Header.Clone()
	d.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
	return d
}

// rawCT is d with another Content-Type (the signed body unchanged).
func rawCT(d Delivery, ct string) Delivery {
	d.Header = d.Header.Clone()
	d.Header.Set("Content-Type", ct)
	return d
}

func rawJSON(d Delivery, ct, body string) Delivery {
	d.Body = []byte(body)
	d.Header = d.Header.Clone()
	d.Header.Set("Content-Type", ct)
	return d
}

// Replays are the captured-delivery attacks of the security review (issue
// #11) on the shared test routes.
func Replays(now time.Time) ([]Replay, []Refused) {
	ts := now.Unix()
	id := fmt.Sprintf("req-replay-%d", now.UnixNano())
	ds := DropboxSign(ts-60, "signature_request_signed", id)
	dsJSON, _ := DropboxSignJSON(ts-60, "signature_request_signed", id)
	replays := []Replay{
		{Name: "dropbox sign", Original: ds, Ack: core.DropboxSignAck, Copies: map[string]Delivery{
			"same bytes":             ds,
			"a space in the JSON":    multipartJSON(ds, strings.Replace(dsJSON, `{"event":`, `{ "event":`, 1)),
			"unsigned title changed": multipartJSON(ds, strings.Replace(dsJSON, `"title":"NDA"`, `"title":"Pay the attacker"`, 1)),
			"as raw JSON":            rawJSON(ds, "application/json", dsJSON),
			"as a form field":        rawJSON(ds, "application/x-www-form-urlencoded", "json="+url.QueryEscape(dsJSON)),
		}},
	}
	// GitHub signs the body only: a new X-GitHub-Delivery and any
	// X-GitHub-Event made a captured body new (issue #11, point 4).
	ghBody := `{"action":"opened","issue":{"id":` + fmt.Sprint(now.UnixNano()) + `,"number":1},"repository":{"full_name":"octo/replay"}}`
	gh := GitHub(id+"-gh", ghBody)
	withHeader := func(d Delivery, kv ...string) Delivery {
		return with(d, func(h http.Header) {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] == "" {
					h.Del(kv[i])
				} else {
					h.Set(kv[i], kv[i+1])
				}
			}
		})
	}
	// Box's BOX-DELIVERY-ID is not signed: changed or dropped, the capture
	// was forwarded again (point 3).
	bx := Box(id+"-box", now.Add(-time.Minute), `{"type":"webhook_event","trigger":"FILE.DELETED","source":{"id":"`+id+`","type":"file"}}`)
	// A slash command carries no id at all: a verbatim copy was forwarded.
	cmd := SlackCommand(ts-30, "prod-"+id)
	replays = append(replays,
		Replay{Name: "github", Original: gh, Copies: map[string]Delivery{
			"new delivery id":               withHeader(gh, "X-GitHub-Delivery", id+"-gh-2"),
			"no delivery id":                withHeader(gh, "X-GitHub-Delivery", ""),
			"new delivery id, type release": withHeader(gh, "X-GitHub-Delivery", id+"-gh-3", "X-GitHub-Event", "release"),
			"new delivery id, made-up type": withHeader(gh, "X-GitHub-Delivery", id+"-gh-4", "X-GitHub-Event", "whatever"),
		}},
		Replay{Name: "box", Original: bx, Copies: map[string]Delivery{
			"same bytes":         bx,
			"new delivery id":    withHeader(bx, "BOX-DELIVERY-ID", id+"-box-2"),
			"no delivery id":     withHeader(bx, "BOX-DELIVERY-ID", ""),
			"a huge delivery id": withHeader(bx, "BOX-DELIVERY-ID", strings.Repeat("b", 4000)),
		}},
		Replay{Name: "slack slash command", Original: cmd, Copies: map[string]Delivery{"same bytes": cmd}},
	)
	old := time.Date(2023, 5, 4, 12, 0, 0, 0, time.UTC).Unix()
	ghFresh := `{"action":"opened","issue":{"id":` + fmt.Sprint(now.UnixNano()+1) + `,"number":2},"repository":{"full_name":"octo/replay"}}`
	refused := []Refused{
		{Name: "dropbox sign callback captured in 2023", D: DropboxSign(old, "signature_request_sent", id+"-old"), Want: []int{401}},
		{Name: "github issues payload sent as a release", D: withHeader(GitHub(id+"-gh-type", ghFresh), "X-GitHub-Event", "release"), Want: []int{400}},
		// Plivo signs a body only as form parameters: a signature of the URL
		// alone carried any JSON (point 5).
		{Name: "plivo URL-only signature carrying JSON", D: rawJSON(PlivoURLOnly("CallUUID="+id+"&Event=Hangup"), "application/json", `{"Event":"Hangup","amount":1000000}`), Want: []int{400, 415}},
		// Slack: a signed Events API body sent as a form, or as text (point 6).
		{Name: "slack event sent as a form", D: rawCT(Slack(ts, SlackEvent("EvForm"+fmt.Sprint(now.UnixNano()))), "application/x-www-form-urlencoded"), Want: []int{400}},
		{Name: "slack event sent as text", D: rawCT(Slack(ts, SlackEvent("EvText"+fmt.Sprint(now.UnixNano()))), "text/plain"), Want: []int{415}},
	}
	return replays, refused
}

// RunReplays sends every replay and refusal to the gateway at base.
func RunReplays(t *testing.T, base string, up *Upstream, replays []Replay, refused []Refused) {
	for _, rp := range replays {
		rp := rp
		t.Run(rp.Name, func(t *testing.T) {
			path := rp.Original.Path
			before := up.Count(path)
			if a := Send(base, rp.Original); a.Err != nil || a.Status != 200 {
				t.Fatalf("original: %s, want 200", a)
			}
			if got := up.Count(path) - before; got != 1 {
				t.Fatalf("original reached the upstream %d times, want 1", got)
			}
			for name, d := range rp.Copies {
				a := Send(base, d)
				dup := a.Err == nil && a.Status == 200 && (rp.Ack == "" || a.Body == rp.Ack)
				refused := a.Err == nil && (a.Status == 400 || a.Status == 401)
				if !dup && !refused {
					t.Errorf("%s: got %s, want 200 %q (a duplicate) or a refusal", name, a, rp.Ack)
				}
			}
			time.Sleep(10 * time.Millisecond)
			if got := up.Count(path) - before; got != 1 {
				t.Errorf("%d copies of one captured delivery were forwarded", got-1)
			}
		})
	}
	for _, rf := range refused {
		rf := rf
		t.Run(rf.Name, func(t *testing.T) {
			before := up.Count("")
			a := Send(base, rf.D)
			ok := false
			for _, w := range rf.Want {
				ok = ok || a.Status == w
			}
			if a.Err != nil || !ok {
				t.Errorf("got %s, want one of %v", a, rf.Want)
			}
			time.Sleep(10 * time.Millisecond)
			if got := up.Count("") - before; got != 0 {
				t.Errorf("%d requests reached the upstream", got)
			}
		})
	}
}
