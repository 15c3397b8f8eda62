package core

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// BenchmarkParts measures each stage of the full path on one signed GitHub
// delivery of 1 KiB, so a change can be attributed, compiled or (through
// BenchmarkCoreUnderYaegi, HOOKSTILE_YAEGI_BENCH=Parts) interpreted:
//
//	go test ./core -run '^$' -bench Parts -benchmem
func BenchmarkParts(b *testing.B) {
	bc := benchCases()[0]
	cfg := bc.cfg
	cfg.SignKeys = []string{"whsec_" + base64.StdEncoding.EncodeToString([]byte("operator-key-0123456789"))}
	cfg.Now = func() time.Time { return benchNow }
	cfg.DedupSize = benchDedupSize
	v, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	body := benchBodyID(1<<10, "evt_parts")
	hdr := bc.headers(body, "evt_parts", benchNow)
	newReq := func() *http.Request {
		r, _ := http.NewRequest("POST", "http://127.0.0.1/hook", bytes.NewReader(body))
		r.Header = hdr.Clone()
		return r
	}
	verified := func() *Event {
		res, err := v.p.Verify(&Request{Method: "POST", Header: hdr, Body: body, Now: benchNow})
		if err != nil {
			b.Fatal(err)
		}
		return res.Event
	}
	b.Run("read", func(b *testing.B) {
		rd := bytes.NewReader(nil)
		r := newReq()
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			rd.Reset(body)
			r.Body = io.NopCloser(rd)
			r.ContentLength = int64(len(body))
			ReadBody(r, v.maxBody)
		}
	})
	b.Run("verify", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			v.p.Verify(&Request{Method: "POST", Header: hdr, Body: body, Now: benchNow})
		}
	})
	b.Run("pick", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			pickJSON(body, githubFields)
		}
	})
	b.Run("complete", func(b *testing.B) {
		r := newReq()
		ev := verified()
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			e := *ev
			v.complete(&e, r, body, benchNow)
		}
	})
	b.Run("store", func(b *testing.B) {
		ev := verified()
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			ev.DeliveryID = "evt_parts" + strconv.Itoa(i&1023)
			keys := v.storeKeys(ev)
			v.store.Reserve(keys, DefaultLease, benchNow)
			v.store.Finish(keys, false, benchNow)
		}
	})
	b.Run("storekeys", func(b *testing.B) {
		ev := verified()
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			v.storeKeys(ev)
		}
	})
	b.Run("reserve", func(b *testing.B) {
		ev := verified()
		keys := v.storeKeys(ev)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			v.store.Reserve(keys, DefaultLease, benchNow)
			v.store.Finish(keys, false, benchNow)
		}
	})
	b.Run("envelope", func(b *testing.B) {
		env := ceEnvelope{SpecVersion: "1.0", ID: "evt_parts", Source: "/hookstile/github", Type: "github.push",
			Time: "2023-11-14T22:13:20Z", DataContentType: "application/json", Provider: "github", Action: "unknown"}
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			encodeCloudEvent(&env, body)
		}
	})
	b.Run("encode", func(b *testing.B) {
		r := newReq()
		ev := verified()
		v.complete(ev, r, body, benchNow)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			o := &Outcome{Event: ev}
			v.encode(o, benchNow)
		}
	})
	b.Run("sign", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			SignStandardWebhooks(v.signKeys, "evt_parts", "1700000000", body)
		}
	})
	b.Run("apply", func(b *testing.B) {
		r := newReq()
		ev := verified()
		v.complete(ev, r, body, benchNow)
		o := &Outcome{Event: ev}
		v.encode(o, benchNow)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			r.Header = hdr.Clone()
			o.Apply(r)
		}
	})
	b.Run("clone", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_ = hdr.Clone()
		}
	})
}
