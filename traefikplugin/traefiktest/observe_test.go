package traefiktest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestTraefikLogLines: the plugin, loaded by Traefik's loader, logs one line
// per request into Traefik's log with the Caddy module's field names:
// DEBUG for forwarded, duplicate and handshake requests, ERROR for
// rejections.
func TestTraefikLogLines(t *testing.T) {
	root := repoRoot(t)
	cfg := readDynamic(t, examplePath(root, "dynamic.yml"))
	s := serveConfig(t, root, cfg)
	const path = "/hooks/box"
	now := time.Now().UTC()
	ts := now.Format(time.RFC3339)
	body := `{"type":"webhook_event","id":"ev-log-1","trigger":"FILE.UPLOADED","source":{"id":"42","type":"file"}}`
	hdr := func(key string) map[string]string {
		return map[string]string{
			"BOX-DELIVERY-ID":        "log-delivery-1",
			"BOX-DELIVERY-TIMESTAMP": ts,
			"BOX-SIGNATURE-PRIMARY":  hmacB64([]byte(key), body, ts),
		}
	}
	if a := send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), hdr(env("BOX_PRIMARY_KEY")))); a.Status != 200 {
		t.Fatalf("box: %d %q", a.Status, a.Body)
	}
	if a := send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), hdr(env("BOX_PRIMARY_KEY")))); a.Status != 200 {
		t.Fatalf("box duplicate: %d %q", a.Status, a.Body)
	}
	if a := send(t, newRequest(t, "POST", s.url+path, "application/json", []byte(body), hdr("forged"))); a.Status != 401 {
		t.Fatalf("box forged: %d %q", a.Status, a.Body)
	}
	if a := send(t, newRequest(t, "GET", s.url+"/hooks/dropbox?challenge=abc", "", nil, nil)); a.Status != 200 {
		t.Fatalf("dropbox challenge: %d %q", a.Status, a.Body)
	}

	// A service that does not take the delivery: its answer goes back, so
	// Box retries, and the line says so.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	down := s.tr.build(t, cfg, "box-hooks", ctx, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	rec := httptest.NewRecorder()
	hdr2 := hdr(env("BOX_PRIMARY_KEY"))
	hdr2["BOX-DELIVERY-ID"] = "log-delivery-2"
	down.ServeHTTP(rec, newRequest(t, "POST", s.url+path, "application/json", []byte(body), hdr2))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("box to a failing service: %d", rec.Code)
	}

	want := []struct{ level, start string }{
		{"debug", `hookstile box-hooks@file: forwarded POST "/hooks/box": provider=box source=/hookstile/box event_id="log-delivery-1" event_type="FILE.UPLOADED" outcome=forwarded reason= status=200 duration=`},
		{"debug", `hookstile box-hooks@file: duplicate POST "/hooks/box": provider=box source=/hookstile/box event_id="log-delivery-1" event_type="FILE.UPLOADED" outcome=duplicate reason= status=200 duration=`},
		{"error", `hookstile box-hooks@file: rejected POST "/hooks/box": provider=box source=/hookstile/box event_id="" event_type="" outcome=rejected reason=signature_mismatch status=401 duration=`},
		{"debug", `hookstile dropbox-hooks@file: handshake GET "/hooks/dropbox": provider=dropbox source=/hookstile/dropbox event_id="" event_type="" outcome=handshake reason= status=200 duration=`},
		{"error", `hookstile box-hooks@file: upstream_failed POST "/hooks/box": provider=box source=/hookstile/box event_id="log-delivery-2" event_type="FILE.UPLOADED" outcome=upstream_failed reason=upstream_status status=503 duration=`},
	}
	var got []map[string]any
	for _, line := range strings.Split(s.tr.logs.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) != nil {
			continue
		}
		// The log package's lines start with its date and time.
		if i := strings.Index(str(m["message"]), "hookstile "); i >= 0 {
			m["message"] = str(m["message"])[i:]
			got = append(got, m)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d hookstile lines in Traefik's log, want %d:\n%s", len(got), len(want), s.tr.logs.String())
	}
	for i, w := range want {
		msg := str(got[i]["message"])
		if got[i]["level"] != w.level || !strings.HasPrefix(msg, w.start) {
			t.Errorf("line %d: %v %q\nwant %s %q...", i, got[i]["level"], msg, w.level, w.start)
		}
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
