package core

import (
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// readSpy records whether anything read the body.
type readSpy struct {
	r    io.Reader
	read bool
}

func (s *readSpy) Read(p []byte) (int, error) { s.read = true; return s.r.Read(p) }
func (s *readSpy) Close() error               { return nil }

// TestAllowIPsRefusesOthersFirst: with AllowIPs a genuine, correctly signed
// delivery from a source outside the list is refused with 403
// (ip_not_allowed) before its body is read, and nothing is forwarded; from
// inside the list it is forwarded as usual.
func TestAllowIPsRefusesOthersFirst(t *testing.T) {
	v, err := New(Config{Provider: "github", Secrets: []string{"s"}, SignKeys: []string{"k"},
		AllowIPs: []string{"192.0.2.0/24", "2001:db8::/32", "198.51.100.7"}})
	if err != nil {
		t.Fatal(err)
	}
	up := &recordingUpstream{status: 200}
	for i, ip := range []string{"203.0.113.9", "192.0.3.1", "198.51.100.8", "2001:db9::1", "", "not-an-ip", "192.0.2.1:443", "::ffff:203.0.113.9"} {
		r := githubRequest("s", "ip-"+ip, `{"zen":"hi"}`)
		spy := &readSpy{r: r.Body}
		r.Body = spy
		if v.Allowed(ip) {
			t.Errorf("Allowed(%q) = true", ip)
		}
		w := httptest.NewRecorder()
		s := v.ServeFrom(w, r, up, ip)
		if s.Outcome != OutcomeRejected || s.Status != 403 || !errors.Is(s.Err, ErrIPNotAllowed) || Reason(s.Err) != "ip_not_allowed" {
			t.Errorf("#%d from %q: %+v, want rejected 403 ip_not_allowed", i, ip, s)
		}
		if spy.read {
			t.Errorf("#%d from %q: the body was read before the source was checked", i, ip)
		}
		if w.Body.Len() != 0 || w.Code != 200 || len(w.Header()) != 1 || w.Header().Get("Connection") != "close" {
			t.Errorf("#%d: ServeFrom wrote an answer for a rejection (the adapter does)", i)
		}
	}
	if up.count() != 0 {
		t.Fatalf("%d deliveries from outside allow_ips reached the upstream", up.count())
	}
	for i, ip := range []string{"192.0.2.1", "192.0.2.255", "198.51.100.7", "2001:db8::1", "::ffff:192.0.2.9", "2001:DB8:0:0:0:0:0:2"} {
		if !v.Allowed(ip) {
			t.Errorf("Allowed(%q) = false", ip)
		}
		w := httptest.NewRecorder()
		// A body of its own: the body digest is a replay key (issue #11).
		s := v.ServeFrom(w, githubRequest("s", "ok-"+strings.Replace(ip, ":", "-", -1), `{"zen":"hi `+ip+`"}`), up, ip)
		if s.Outcome != OutcomeForwarded {
			t.Errorf("#%d from %q: %+v, want forwarded", i, ip, s)
		}
	}
	// Without AllowIPs every source is allowed, and Serve is unchanged.
	open, err := New(Config{Provider: "github", Secrets: []string{"s"}})
	if err != nil {
		t.Fatal(err)
	}
	if !open.Allowed("203.0.113.9") || !open.Allowed("") {
		t.Error("a route without allow_ips refuses a source")
	}
}

func TestAllowIPsConfigErrorsNameTheValue(t *testing.T) {
	for _, bad := range []string{"10.0.0.300/8", "10.0.0.0/33", "example.com", "", " ", "1.2.3.4/", "::1/129"} {
		_, err := New(Config{Provider: "github", Secrets: []string{"s"}, AllowIPs: []string{"192.0.2.0/24", bad}})
		if !errors.Is(err, ErrBadConfig) || !strings.Contains(err.Error(), "allow_ips") {
			t.Errorf("AllowIPs %q: %v, want a configuration error naming allow_ips", bad, err)
			continue
		}
		if strings.TrimSpace(bad) != "" && !strings.Contains(err.Error(), bad) {
			t.Errorf("AllowIPs %q: %v does not name the value", bad, err)
		}
	}
	// A host address with a prefix length is the network it names.
	v, err := New(Config{Provider: "github", Secrets: []string{"s"}, AllowIPs: []string{"10.1.2.3/8"}})
	if err != nil || !v.Allowed("10.200.0.1") || v.Allowed("11.0.0.1") {
		t.Errorf("10.1.2.3/8: %v", err)
	}
}
