package caddymodule

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

func TestCaddyfileAllowIPs(t *testing.T) {
	h := new(Handler)
	d := caddyfile.NewTestDispenser(`hookstile box s {
		allow_ips 192.0.2.0/24 2001:db8::/32
		allow_ips 198.51.100.7
	}`)
	if err := h.UnmarshalCaddyfile(d); err != nil {
		t.Fatal(err)
	}
	if want := []string{"192.0.2.0/24", "2001:db8::/32", "198.51.100.7"}; !reflect.DeepEqual(h.AllowIPs, want) {
		t.Fatalf("AllowIPs = %v, want %v", h.AllowIPs, want)
	}
	for _, bad := range []string{"allow_ips", "allow_ips 10.0.0.300/8", "allow_ips 192.0.2.0/24 example.com"} {
		err := new(Handler).UnmarshalCaddyfile(caddyfile.NewTestDispenser("hookstile box s {\n" + bad + "\n}"))
		if err == nil || !strings.Contains(err.Error(), "allow_ips") {
			t.Errorf("%q: %v, want an error naming allow_ips", bad, err)
		}
		if err != nil && strings.Contains(bad, "example.com") && !strings.Contains(err.Error(), "example.com") {
			t.Errorf("%q: %v does not name the bad value", bad, err)
		}
	}
}

// TestServeHTTPAllowIPs: the handler refuses a correctly signed delivery from
// outside allow_ips with a 403 caddyhttp.Error and one log line, without
// calling next; Caddy's client IP decides, the peer address when it is unset.
func TestServeHTTPAllowIPs(t *testing.T) {
	h := &Handler{Provider: "box", Secrets: []string{testSecret}, SignKeys: []string{testKey}, AllowIPs: []string{"198.51.100.0/24"}}
	_, logs := provision(t, h)
	next := &nextHandler{}
	body := `{"trigger":"FILE.UPLOADED","source":{"id":"42","type":"file"}}`
	r := boxRequest(testSecret, "ip-1", time.Now(), body) // from 192.0.2.7
	err := h.ServeHTTP(httptest.NewRecorder(), r, next)
	if code := statusOf(err); code != http.StatusForbidden || next.calls != 0 {
		t.Fatalf("from 192.0.2.7: %v (status %d), next called %d times; want 403, 0", err, code, next.calls)
	}
	lines := logs.FilterMessage("webhook rejected").All()
	if len(lines) != 1 || lines[0].ContextMap()["reason"] != "ip_not_allowed" {
		t.Fatalf("log lines: %v", lines)
	}
	r = boxRequest(testSecret, "ip-2", time.Now(), body)
	r.RemoteAddr = "198.51.100.20:5555"
	if err := h.ServeHTTP(httptest.NewRecorder(), r, next); err != nil || next.calls != 1 {
		t.Fatalf("from 198.51.100.20: %v, next called %d times; want nil, 1", err, next.calls)
	}
}

func statusOf(err error) int {
	var he caddyhttp.HandlerError
	if errors.As(err, &he) {
		return he.StatusCode
	}
	return 0
}
