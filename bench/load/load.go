// Package load is hookstile's load generator: a fixed number of workers
// send requests for a fixed time over loopback keep-alive connections and
// record every latency. The Caddy and Traefik harnesses drive a plain route
// and a hookstile route with it, alternately, and compare them.
package load

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookstile/hookstile/internal/provsign"
)

// GitHubSecret signs the harness deliveries (a fake secret, loopback only).
const GitHubSecret = "bench-github-secret"

// SigningKey is the operator key hookstile re-signs with in the harnesses.
const SigningKey = "whsec_YmVuY2gtb3BlcmF0b3Itc2lnbmluZy1rZXk="

// Body returns a JSON GitHub-like body of n bytes.
func Body(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"action":"opened","repository":{"full_name":"hookstile/bench","id":42},"issue":{"id":7,"title":"bench"},"pad":"`)
	for b.Len() < n-2 {
		b.WriteString("abcdefghijklmnopqrstuvwxyz0123456789")
	}
	b.Truncate(n - 2)
	b.WriteString(`"}`)
	return b.Bytes()
}

// Delivery is a signed GitHub delivery; every request gets a new delivery id.
type Delivery struct {
	Body []byte
	seq  atomic.Int64
}

// NewDelivery returns a generator of GitHub deliveries shaped like body.
func NewDelivery(body []byte) *Delivery {
	if len(body) < 2 || body[0] != '{' {
		panic("load: the body must be a JSON object")
	}
	return &Delivery{Body: body}
}

// Request returns a new delivery: its own id in X-GitHub-Delivery and in
// the body, signed as GitHub signs. Each is a distinct event: hookstile
// keys a body-signed delivery on its body, so re-sending one body would
// measure the duplicate path (answered without forwarding) instead.
func (d *Delivery) Request(url string) *http.Request {
	n := strconv.FormatInt(d.seq.Add(1), 10)
	body := make([]byte, 0, len(d.Body)+24)
	body = append(body, `{"bench_seq":`...)
	body = append(body, n...)
	body = append(body, ',')
	body = append(body, d.Body[1:]...)
	r, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-GitHub-Event", "issues")
	r.Header.Set("X-Hub-Signature-256", "sha256="+provsign.MAC("sha256", "hex", []byte(GitHubSecret), string(body)))
	r.Header.Set("X-GitHub-Delivery", "bench-"+n)
	return r
}

// Client returns an HTTP client keeping conc connections alive.
func Client(conc int) *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns: conc * 2, MaxIdleConnsPerHost: conc * 2, MaxConnsPerHost: conc * 2,
			DisableCompression: true, IdleConnTimeout: time.Minute,
		},
	}
}

// Result is one route's measurement.
type Result struct {
	Requests int
	Errors   int
	Elapsed  time.Duration
	lat      []time.Duration
}

// Add merges o into r (rounds of the same route).
func (r *Result) Add(o Result) {
	r.Requests += o.Requests
	r.Errors += o.Errors
	r.Elapsed += o.Elapsed
	r.lat = append(r.lat, o.lat...)
}

// RPS is successful requests per second.
func (r *Result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Quantile of the latencies (q in [0,1]).
func (r *Result) Quantile(q float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	sort.Slice(r.lat, func(i, j int) bool { return r.lat[i] < r.lat[j] })
	i := int(q * float64(len(r.lat)-1))
	return r.lat[i]
}

// Run sends requests from next to c with conc workers for d. A request
// counts as a success when the answer has status want.
func Run(ctx context.Context, c *http.Client, conc int, d time.Duration, want int, next func() *http.Request) Result {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var res Result
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 1<<14)
			ok, bad := 0, 0
			for ctx.Err() == nil {
				req := next()
				t0 := time.Now()
				resp, err := c.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				el := time.Since(t0)
				if ctx.Err() != nil {
					break // cut off by the deadline: not a sample
				}
				if err != nil || resp.StatusCode != want {
					bad++
					continue
				}
				ok++
				lat = append(lat, el)
			}
			mu.Lock()
			res.Requests += ok
			res.Errors += bad
			res.lat = append(res.lat, lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	return res
}

// ResetPeak resets a process's peak RSS (VmHWM), Linux clear_refs 5.
func ResetPeak(pid int) {
	os.WriteFile("/proc/"+strconv.Itoa(pid)+"/clear_refs", []byte("5"), 0)
}

// Mem returns VmRSS and VmHWM (peak) of pid in KiB.
func Mem(pid int) (rss, peak int64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = n
		case "VmHWM:":
			peak = n
		}
	}
	return rss, peak
}

// MiB formats KiB as MiB.
func MiB(kib int64) string { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }

// Micros formats a duration in microseconds.
func Micros(d time.Duration) string { return fmt.Sprintf("%d µs", d.Microseconds()) }

// RequestID is Request with the given delivery id.
func (d *Delivery) RequestID(url, id string) *http.Request {
	r := d.Request(url)
	r.Header.Set("X-GitHub-Delivery", id)
	return r
}

// Upstream is the real HTTP server both routes proxy to: it reads the whole
// body and answers 200.
type Upstream struct {
	Hits atomic.Int64
}

func (u *Upstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	u.Hits.Add(1)
	w.Header().Set("Content-Type", "text/plain")
	w.Write([]byte("ok"))
}

// Zeros is an endless reader of zero bytes (oversize bodies that are never
// held in memory by the sender either).
type Zeros struct{}

func (Zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// IdleFlood opens n connections to addr (host:port), each sending the
// headers of a signed-looking POST to path that declares a body of declared
// bytes, and then only its first few bytes: the connections stay open,
// idle, with the server waiting for the rest. It returns how many were
// opened and a function that closes them all. Loopback only.
func IdleFlood(addr, path string, n, declared int) (int, func()) {
	conns := make([]net.Conn, 0, n)
	for i := 0; i < n; i++ {
		c, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err != nil {
			break
		}
		c.SetWriteDeadline(time.Now().Add(2 * time.Second))
		_, err = fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"+
			"X-GitHub-Event: issues\r\nX-GitHub-Delivery: idle-%d\r\nX-Hub-Signature-256: sha256=%064d\r\n"+
			"Content-Length: %d\r\n\r\n{\"action\":", path, addr, i, 0, declared)
		if err != nil {
			c.Close()
			break
		}
		conns = append(conns, c)
	}
	return len(conns), func() {
		for _, c := range conns {
			c.Close()
		}
	}
}
