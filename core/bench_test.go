package core

// Benchmarks of the full path (bounded read, verify, dedup, normalize,
// encode, re-sign) per provider family, next to the floor no verifier can
// beat: one HMAC-SHA256 over the same bytes. Run:
//
//	go test ./core -run '^$' -bench . -benchmem
//
// The README reports the ratios; speed is never asserted in a test.

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchBody returns a JSON body of about n bytes.
func benchBody(n int) []byte { return benchBodyID(n, "evt_bench") }

// benchBodyID is benchBody with the given event id.
func benchBodyID(n int, id string) []byte {
	var b bytes.Buffer
	b.WriteString(`{"id":"` + id + `","object":"event","type":"customer.updated","created":1700000000,"trigger":"FILE.UPLOADED","source":{"id":"42","type":"file"},"data":{"object":{"id":"cus_1","object":"customer"}},"pad":"`)
	for b.Len() < n-2 {
		b.WriteString("abcdefghijklmnopqrstuvwxyz0123456789")
	}
	b.Truncate(n - 2)
	b.WriteString(`"}`)
	return b.Bytes()
}

// benchCase prepares a signed request for a provider family. headers signs
// body as delivery id (header-borne ids use it; body-borne ids are in body).
type benchCase struct {
	name    string
	cfg     Config
	headers func(body []byte, id string, now time.Time) http.Header
}

var benchNow = time.Unix(1700000000, 0)

func benchCases() []benchCase {
	key := []byte("bench-secret")
	return []benchCase{
		{"github/body-hex", Config{Provider: "github", Secrets: []string{"bench-secret"}}, func(b []byte, id string, now time.Time) http.Header {
			h := http.Header{}
			h.Set(HeaderGitHubSignature256, "sha256="+encodeSig("hex", HMACSHA256(key, b)))
			h.Set(HeaderGitHubEvent, "push")
			h.Set(HeaderGitHubDelivery, id)
			h.Set("Content-Type", "application/json")
			return h
		}},
		{"box/body+ts-base64", Config{Provider: "box", Secrets: []string{"bench-secret"}}, func(b []byte, id string, now time.Time) http.Header {
			ts := now.UTC().Format(time.RFC3339)
			h := http.Header{}
			h.Set(HeaderBoxTimestamp, ts)
			h.Set(HeaderBoxPrimary, encodeSig("base64", HMACSHA256(key, b, []byte(ts))))
			h.Set(HeaderBoxDelivery, id)
			h.Set("Content-Type", "application/json")
			return h
		}},
		{"stripe/t-v1", Config{Provider: "stripe", Secrets: []string{"bench-secret"}}, func(b []byte, id string, now time.Time) http.Header {
			ts := strconv.FormatInt(now.Unix(), 10)
			h := http.Header{}
			h.Set(HeaderStripeSignature, "t="+ts+",v1="+encodeSig("hex", HMACSHA256(key, []byte(ts+"."), b)))
			h.Set("Content-Type", "application/json")
			return h
		}},
		{"standard_webhooks/id-ts-body", Config{Provider: "standard_webhooks", Secrets: []string{"whsec_" + base64.StdEncoding.EncodeToString(key)}}, func(b []byte, id string, now time.Time) http.Header {
			ts := strconv.FormatInt(now.Unix(), 10)
			h := http.Header{}
			h.Set(HeaderWebhookID, id)
			h.Set(HeaderWebhookTimestamp, ts)
			h.Set(HeaderWebhookSignature, "v1,"+encodeSig("base64", HMACSHA256(key, []byte(id+"."+ts+"."), b)))
			h.Set("Content-Type", "application/json")
			return h
		}},
	}
}

// BenchmarkFloorHMAC is one HMAC-SHA256 over the body, computed the
// ordinary way (hmac.New, Write, Sum): the floor. (core's own macOf reuses
// keyed states when compiled, so it is not the floor's yardstick.)
func BenchmarkFloorHMAC(b *testing.B) {
	for _, size := range []int{1 << 10, 64 << 10} {
		body := benchBody(size)
		b.Run(strconv.Itoa(size>>10)+"KiB", func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			key := []byte("bench-secret")
			c0 := processCPU()
			for i := 0; i < b.N; i++ {
				m := hmac.New(sha256.New, key)
				m.Write(body)
				m.Sum(nil)
			}
			reportCPU(b, c0)
		})
	}
}

// benchVariants is how many distinct signed deliveries a full-path
// benchmark cycles through; the dedup store holds fewer (benchDedupSize),
// so every request is a new delivery id, as in production, and the store
// evicts as it would under a flood.
const (
	benchVariants  = 512
	benchDedupSize = 128
)

// BenchmarkFullPath runs Inspect + Apply + Finish with CloudEvents output
// and one signing key, dedup on, a new delivery id per request.
func BenchmarkFullPath(b *testing.B) {
	for _, bc := range benchCases() {
		for _, size := range []int{1 << 10, 64 << 10} {
			bc, size := bc, size
			b.Run(bc.name+"/"+strconv.Itoa(size>>10)+"KiB", func(b *testing.B) {
				cfg := bc.cfg
				cfg.SignKeys = []string{"whsec_" + base64.StdEncoding.EncodeToString([]byte("operator-key-0123456789"))}
				cfg.Now = func() time.Time { return benchNow }
				cfg.DedupSize = benchDedupSize
				v, err := New(cfg)
				if err != nil {
					b.Fatal(err)
				}
				bodies := make([][]byte, benchVariants)
				headers := make([]http.Header, benchVariants)
				for i := range bodies {
					id := "evt_bench" + strconv.Itoa(100000+i)
					bodies[i] = benchBodyID(size, id)
					headers[i] = bc.headers(bodies[i], id, benchNow)
				}
				rd := bytes.NewReader(nil)
				r, _ := http.NewRequest("POST", "http://127.0.0.1/hook", nil)
				b.SetBytes(int64(size))
				b.ReportAllocs()
				b.ResetTimer()
				c0 := processCPU()
				for i := 0; i < b.N; i++ {
					k := i % benchVariants
					rd.Reset(bodies[k])
					r.Body = io.NopCloser(rd)
					r.ContentLength = int64(len(bodies[k]))
					r.Header = headers[k].Clone()
					o, err := v.Inspect(r)
					if err != nil {
						b.Fatal(err)
					}
					if o.Duplicate {
						b.Fatal("duplicate: the store should have evicted this id")
					}
					o.Apply(r)
					v.Finish(o, true)
				}
				reportCPU(b, c0)
			})
		}
	}
}

// reportCPU adds the process CPU time per operation since c0 (cpu-ns/op),
// where it is measured: on a busy machine wall time also counts waiting.
func reportCPU(b *testing.B, c0 time.Duration) {
	if c := processCPU() - c0; c0 > 0 && c > 0 {
		b.ReportMetric(float64(c.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkDedup measures the store alone with unique ids.
func BenchmarkDedup(b *testing.B) {
	s := newDedupStore(time.Minute, 100000)
	keys := make([]string, 1<<16)
	for i := range keys {
		keys[i] = "id-" + strconv.Itoa(i) + strings.Repeat("x", 20)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		k := keys[i&(len(keys)-1)]
		s.reserve(k, benchNow)
		s.finish(k, true, benchNow)
	}
}
