package reliability

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The allow_ips routes: GitHub's scheme and GitHubSecret, one route that
// accepts only AllowDocNet (where no test client is), one that accepts only
// loopback.
const (
	AllowDocPath   = "/hooks/allow-doc"
	AllowLocalPath = "/hooks/allow-local"
	AllowDocNet    = "192.0.2.0/24"
)

// AllowCase is one request to an allow_ips route and what must happen.
type AllowCase struct {
	Name    string
	Path    string
	XFF     string // X-Forwarded-For sent, if any
	Allowed bool
}

// RunAllowIPs sends each case as a genuine, correctly signed GitHub delivery
// and checks that a refused one gets 403 with a generic body and never
// reaches the upstream, and an allowed one is forwarded. Then it checks the
// refusal comes before the body is read: a request declaring a body it never
// sends is answered 403 at once, long before the gateway's read timeout.
func RunAllowIPs(t *testing.T, base, addr string, up *Upstream, cases []AllowCase) {
	t.Helper()
	for i, c := range cases {
		d := GitHub(fmt.Sprintf("allow-%d-%d", i, time.Now().UnixNano()), GitHubBody(i))
		d.Path = c.Path
		if c.XFF != "" {
			d.Header.Set("X-Forwarded-For", c.XFF)
		}
		before := up.Count(c.Path)
		a := Send(base, d)
		got := up.Count(c.Path) - before
		switch {
		case a.Err != nil:
			t.Errorf("%s: %v", c.Name, a.Err)
		case c.Allowed && (a.Status != 200 || got != 1):
			t.Errorf("%s: allowed source got %s and %d arrivals, want 200 and 1", c.Name, a, got)
		case !c.Allowed && (a.Status != http.StatusForbidden || got != 0):
			t.Errorf("%s: refused source got %s and %d arrivals, want 403 and 0", c.Name, a, got)
		case !c.Allowed && a.Body != "" && strings.TrimSpace(a.Body) != "Forbidden":
			t.Errorf("%s: refusal body %q, want the generic text", c.Name, a.Body)
		}
		if what := Leak(a.Body, d.MACs...); what != "" {
			t.Errorf("%s: the answer carries a %s", c.Name, what)
		}
	}

	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	c.SetDeadline(start.Add(SlowReadTimeout * 3 / 4))
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nX-Hub-Signature-256: sha256=%064d\r\nContent-Length: 1000\r\n\r\n", AllowDocPath, addr, 0)
	buf := make([]byte, 64)
	n, err := c.Read(buf)
	if err != nil || !strings.HasPrefix(string(buf[:n]), "HTTP/1.1 403") {
		t.Errorf("a refused source declaring a body it does not send: got %q, %v after %v; want 403 before the body is read",
			buf[:n], err, time.Since(start).Round(time.Millisecond))
	}
}
