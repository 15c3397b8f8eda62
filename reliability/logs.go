package reliability

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// LogDeliveries are one genuine delivery per test route, fresh each call:
// what RunLogScenario sends.
func LogDeliveries(n int) []Delivery {
	now := time.Now().Unix()
	id := fmt.Sprintf("logs-%d-%d", n, time.Now().UnixNano())
	return []Delivery{
		GitHub(id, GitHubBody(n)),
		Slack(now, SlackEvent("Ev"+strings.Replace(id, "-", "", -1))),
		Stripe(now, StripeEvent("evt_"+strings.Replace(id, "-", "_", -1))),
		Dropbox(`{"list_folder":{"accounts":["dbid:` + id + `"]},"delta":{"users":[1]}}`),
		DropboxSign(now+int64(n), "signature_request_signed", "req-"+id),
		SW("msg_"+strings.Replace(id, "-", "_", -1), now, `{"type":"user.created","data":{"id":"`+id+`"}}`),
	}
}

// RunLogScenario sends genuine deliveries while the upstream is down, then
// while it answers 503, then while it is up, and returns every MAC the
// provider sent and every re-signature the upstream received: none may
// appear in the gateway's log.
func RunLogScenario(t *testing.T, base string, up *Upstream) []string {
	t.Helper()
	var macs []string
	send := func(what string, n int) {
		for _, d := range LogDeliveries(n) {
			macs = append(macs, d.MACs...)
			for _, vs := range d.Header {
				for _, v := range vs {
					if len(v) >= 40 {
						macs = append(macs, v) // the whole header value too (v1=..., sha256=...)
					}
				}
			}
			if a := Send(base, d); a.Err != nil {
				t.Errorf("%s: %s: %v", what, d.Path, a.Err)
			}
		}
	}
	up.Down()
	send("upstream down", 1)
	if err := up.Up(); err != nil {
		t.Fatal(err)
	}
	up.Status.Store(503)
	send("upstream 503", 2)
	up.Status.Store(200)
	send("upstream up", 3)
	for _, a := range up.Arrivals() {
		if s := a.Header.Get("Webhook-Signature"); s != "" {
			macs = append(macs, s, strings.TrimPrefix(s, "v1,"))
		}
	}
	return macs
}

// CaddyLogFilter is the log configuration hookstile ships for Caddy (in
// Caddyfile.example, as the format of the global log and of a site's access
// log): Caddy's own loggers record the request as it arrived (its error log
// http.log.error on any error, the access log on every request,
// reverse_proxy's "upstream roundtrip" at DEBUG) with every header, so the
// provider's signature and hookstile's re-signature would be written there.
// The filter drops the request headers from every log entry.
const CaddyLogFilter = `format filter {
			wrap json
			fields {
				request>headers delete
			}
		}`
