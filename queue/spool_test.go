package queue

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSpoolRecordFormat: a stored file is the record's JSON, readable back.
func TestSpoolRecordFormat(t *testing.T) {
	dir := t.TempDir()
	s := openSpool(t, dir, nil)
	r := rec("msg_1", "acct", `{"x":1}`)
	r.Header.Set("Webhook-Signature", "v1,never-stored")
	if err := s.Add([]*Record{r}, false, time.Now()); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "pending", "*.json"))
	if len(files) != 1 {
		t.Fatalf("pending files: %v", files)
	}
	b, _ := os.ReadFile(files[0])
	got, err := DecodeRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "msg_1" || got.Subject != "acct" || string(got.Body) != `{"x":1}` || got.Header.Get("Content-Type") != "application/json" {
		t.Errorf("record read back: %+v", got)
	}
	if got.Header.Get("Webhook-Signature") != "" || strings.Contains(string(b), "never-stored") {
		t.Error("a signature header was stored")
	}
}

// TestSpoolCorrupt: truncated, edited and foreign files are set aside with
// one log line each, and the queue goes on.
func TestSpoolCorrupt(t *testing.T) {
	dir := t.TempDir()
	log := &memLog{}
	s := openSpool(t, dir, log)
	now := time.Now()
	s.Add([]*Record{rec("t1", "", `{"a":1}`), rec("e1", "", `{"a":2}`), rec("ok", "", `{"a":3}`)}, false, now)
	files, _ := filepath.Glob(filepath.Join(dir, "pending", "*.json"))
	if len(files) != 3 {
		t.Fatal(files)
	}
	b0, _ := os.ReadFile(files[0])
	os.WriteFile(files[0], b0[:len(b0)/2], 0o600) // truncated
	b1, _ := os.ReadFile(files[1])
	os.WriteFile(files[1], []byte(strings.Replace(string(b1), `"body":"`, `"body":"QQ`, 1)), 0o600) // edited
	os.WriteFile(filepath.Join(dir, "pending", "notes.txt"), []byte("hi"), 0o600)
	cs, _, err := s.Claim(10, 0, now, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Record.ID != "ok" {
		t.Fatalf("claims %d", len(cs))
	}
	bad, _ := filepath.Glob(filepath.Join(dir, "bad", "*"))
	if len(bad) != 3 {
		t.Errorf("bad/ holds %v", bad)
	}
	if n := log.count("set aside"); n != 3 {
		t.Errorf("%d log lines about corrupt files:\n%s", n, log)
	}
}

func TestSpoolLimits(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenSpool(dir, SpoolOptions{MaxEvents: 2, MaxBytes: 2000})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := s.Add([]*Record{rec("big", "", strings.Repeat("x", 3000))}, false, now); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversize event: %v, want ErrTooLarge", err)
	}
	if err := s.Add([]*Record{rec("a", "", "1"), rec("b", "", "2")}, false, now); err != nil {
		t.Fatal(err)
	}
	if err := s.Add([]*Record{rec("c", "", "3")}, false, now); !errors.Is(err, ErrFull) {
		t.Errorf("third event: %v, want ErrFull", err)
	}
	// Another process on the same directory sees the same bound.
	s2, _ := OpenSpool(dir, SpoolOptions{MaxEvents: 2, MaxBytes: 2000})
	if err := s2.Add([]*Record{rec("d", "", "4")}, false, now); !errors.Is(err, ErrFull) {
		t.Errorf("other process: %v, want ErrFull", err)
	}
	cs, _, _ := s.Claim(1, 0, now, time.Minute)
	s.Done(cs[0])
	if err := s.Add([]*Record{rec("c", "", "3")}, false, now); err != nil {
		t.Errorf("after a delivery: %v", err)
	}
}

// TestSpoolUnwritable: a spool whose directory cannot be written refuses
// events with ErrUnavailable (503), never pretends to store them.
func TestSpoolUnwritable(t *testing.T) {
	dir := t.TempDir()
	s := openSpool(t, dir, nil)
	os.RemoveAll(filepath.Join(dir, "tmp"))
	os.WriteFile(filepath.Join(dir, "tmp"), []byte("not a directory"), 0o600)
	if err := s.Add([]*Record{rec("a", "", "1")}, false, time.Now()); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Add = %v, want ErrUnavailable", err)
	}
	st, _ := s.Stats(time.Now())
	if st.Pending != 0 {
		t.Errorf("stats %+v", st)
	}
	if _, err := OpenSpool(filepath.Join(dir, "tmp", "x"), SpoolOptions{}); err == nil {
		t.Error("OpenSpool under a file succeeded")
	}
}

// TestSpoolCoalesceHoldRecovered: a coalescing hold left by a crash goes back
// to pending.
func TestSpoolCoalesceHoldRecovered(t *testing.T) {
	dir := t.TempDir()
	s := openSpool(t, dir, nil)
	now := time.Now()
	s.Add([]*Record{rec("x1", "X", "old")}, true, now)
	files, _ := filepath.Glob(filepath.Join(dir, "pending", "*.json"))
	hold := filepath.Join(dir, "tmp", "c."+strconv.FormatInt(ms(now.Add(-2*time.Minute)), 10)+"."+filepath.Base(files[0]))
	if err := os.Rename(files[0], hold); err != nil {
		t.Fatal(err)
	}
	cs, _, _ := s.Claim(1, 0, now, time.Minute)
	if len(cs) != 1 || cs[0].Record.ID != "x1" {
		t.Fatalf("hold not recovered: %d claims", len(cs))
	}
}
