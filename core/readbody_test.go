package core

import (
	"errors"
	"io"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

// TestReadBodyAllocatesWhatArrives: a request that declares a 1 MiB body and
// sends 10 bytes must not make ReadBody allocate the declared megabyte (150
// idle connections declaring 1 MiB pinned 152 MiB): the buffer grows as bytes
// arrive. The truncated body is still an error, and a complete one is exact.
func TestReadBodyAllocatesWhatArrives(t *testing.T) {
	const declared = 1 << 20
	r := httptest.NewRequest("POST", "/", strings.NewReader("0123456789"))
	r.ContentLength = declared
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadBody(r, declared)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrMalformedPayload) {
		t.Fatalf("a body shorter than declared: %v, want ErrMalformedPayload", err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("ReadBody allocated %d bytes for a 10-byte body declaring %d", alloc, declared)
	if alloc > declared/4 {
		t.Errorf("ReadBody allocated %d bytes for 10 bytes received (declared %d): it must grow as bytes arrive", alloc, declared)
	}

	// Exact lengths across the growth steps, and one byte more or less.
	for _, n := range []int{0, 1, 4095, 64 << 10, 64<<10 + 1, 300000, declared} {
		body := strings.Repeat("x", n)
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.ContentLength = int64(n)
		b, err := ReadBody(r, declared)
		if err != nil || string(b) != body {
			t.Fatalf("%d bytes: got %d bytes, %v", n, len(b), err)
		}
		r = httptest.NewRequest("POST", "/", strings.NewReader(body+"y"))
		r.ContentLength = int64(n)
		if _, err := ReadBody(r, declared); !errors.Is(err, ErrBodyTooLarge) {
			t.Fatalf("%d bytes declared, one more sent: %v, want ErrBodyTooLarge", n, err)
		}
		if n > 0 {
			r = httptest.NewRequest("POST", "/", io.LimitReader(strings.NewReader(body), int64(n-1)))
			r.ContentLength = int64(n)
			if _, err := ReadBody(r, declared); !errors.Is(err, ErrMalformedPayload) {
				t.Fatalf("%d bytes declared, one fewer sent: %v, want ErrMalformedPayload", n, err)
			}
		}
	}
	r = httptest.NewRequest("POST", "/", strings.NewReader("x"))
	r.ContentLength = declared + 1
	if _, err := ReadBody(r, declared); !errors.Is(err, ErrBodyTooLarge) {
		t.Fatalf("declared over max: %v, want ErrBodyTooLarge", err)
	}
}
