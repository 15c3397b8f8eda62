package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookstile/hookstile/queue"
)

func testRecord(id, subject string) *queue.Record {
	r := &queue.Record{ID: id, Provider: "dropbox", Type: "notification", Subject: subject, Body: []byte(`{"list_folder":{"accounts":["` + subject + `"]}}`)}
	r.Header = http.Header{"Content-Type": {"application/cloudevents+json"}}
	return r.Prepare(time.Now().Add(-time.Second))
}

// rejecting is a receiver that answers status until told otherwise, and
// records the webhook-ids it took.
type rejecting struct {
	mu     sync.Mutex
	status int
	took   []string
}

func (u *rejecting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.status/100 == 2 {
		u.took = append(u.took, r.Header.Get("Webhook-Id"))
	}
	w.WriteHeader(u.status)
}

func (u *rejecting) set(s int) {
	u.mu.Lock()
	u.status = s
	u.mu.Unlock()
}

func (u *rejecting) taken() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.took...)
}

type signer struct{}

func (signer) SignHeaders(h http.Header, id string, body []byte, now time.Time) {
	h.Set("Webhook-Id", id)
}

// TestQueueCommand: ls, show, replay and drop on a spool a running engine
// works on; a replayed dead letter is delivered again within seconds, with
// its webhook-id.
func TestQueueCommand(t *testing.T) {
	dir := t.TempDir()
	up := &rejecting{status: http.StatusUnprocessableEntity}
	srv := httptest.NewServer(up)
	defer srv.Close()
	sp, err := queue.OpenSpool(dir, queue.SpoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := queue.NewHTTPDeliverer(srv.URL)
	e, err := queue.NewEngine(sp, d, signer{}, nil, nil, "", queue.Options{Poll: 100 * time.Millisecond, BackoffMin: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	e.Start()
	defer e.Stop()
	if err := e.Add([]*queue.Record{testRecord("hs_dead1", "dbid:a"), testRecord("hs_dead2", "dbid:b")}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, _ := sp.Stats(time.Now())
		if st.Dead == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no dead letters: %+v", st)
		}
		time.Sleep(20 * time.Millisecond)
	}
	up.set(http.StatusServiceUnavailable) // the next event waits for a retry
	e.Add([]*queue.Record{testRecord("hs_pending", "dbid:c")})
	time.Sleep(300 * time.Millisecond)

	code, out, stderr := run(t, "", "queue", "ls", dir)
	if code != 0 {
		t.Fatalf("ls: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "STATE") {
		t.Fatalf("ls:\n%s", out)
	}
	for _, want := range []string{"dead  ", "hs_dead1", "dropbox", "notification", "dbid:a", "422 Unprocessable Entity", "pending", "hs_pending", "in 1h0m0s", "503 Service Unavailable"} {
		if !strings.Contains(out, want) {
			t.Errorf("ls lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "", "queue", "show", dir, "hs_dead1")
	if code != 0 || !strings.Contains(out, "webhook-id:   hs_dead1") || !strings.Contains(out, "last status:  422") ||
		!strings.Contains(out, `{"list_folder":{"accounts":["dbid:a"]}}`) || !strings.Contains(out, "Content-Type: application/cloudevents+json") {
		t.Errorf("show: exit %d:\n%s", code, out)
	}
	if code, _, stderr := run(t, "", "queue", "show", dir, "hs_nope"); code != 1 || !strings.Contains(stderr, "no event hs_nope") {
		t.Errorf("show of an unknown id: %d %q", code, stderr)
	}

	// Replay one dead letter while the engine runs: delivered within seconds,
	// with its webhook-id.
	up.set(http.StatusOK)
	if code, out, stderr := run(t, "", "queue", "replay", dir, "hs_dead1"); code != 0 || out != "1 replayed\n" {
		t.Fatalf("replay: %d %q %q", code, out, stderr)
	}
	deadline = time.Now().Add(5 * time.Second)
	for len(up.taken()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the replayed dead letter was not delivered")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := up.taken(); len(got) != 1 || got[0] != "hs_dead1" {
		t.Errorf("delivered %v, want [hs_dead1]", got)
	}
	if code, _, stderr := run(t, "", "queue", "replay", dir, "hs_dead1"); code != 1 || !strings.Contains(stderr, "no dead letter") {
		t.Errorf("second replay: %d %q", code, stderr)
	}
	// Drop: a pending event by id, then every dead letter.
	if code, out, _ := run(t, "", "queue", "drop", dir, "hs_pending"); code != 0 || out != "1 dropped\n" {
		t.Errorf("drop hs_pending: %d %q", code, out)
	}
	if code, out, _ := run(t, "", "queue", "drop", dir, "--all"); code != 0 || out != "1 dropped\n" {
		t.Errorf("drop --all: %d %q", code, out)
	}
	st, _ := sp.Stats(time.Now())
	if st.Pending+st.InFlight+st.Dead != 0 {
		t.Errorf("left: %+v", st)
	}
}

func TestQueueCommandUsage(t *testing.T) {
	dir := t.TempDir()
	for i, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"queue"}, 2, "usage: hookstile queue ls|show|replay|drop"},
		{[]string{"queue", "list", dir}, 2, "did you mean ls?"},
		{[]string{"queue", "ls", dir, "x"}, 2, "usage: hookstile queue ls"},
		{[]string{"queue", "show", dir}, 2, "usage: hookstile queue show"},
		{[]string{"queue", "replay", dir}, 2, "<id>...|--all"},
		{[]string{"queue", "drop", dir, "a", "--all"}, 2, "<id>...|--all"},
		{[]string{"queue", "drop", dir, "--force"}, 2, "unknown flag"},
		{[]string{"queue", "ls", filepath.Join(dir, "nope")}, 1, "is not a spool directory"},
	} {
		code, _, stderr := run(t, "", tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("Test %d: %v: exit %d, stderr %q; want exit %d and %q", i, tc.args, code, stderr, tc.code, tc.stderr)
		}
	}
	// ls on a spool directory creates nothing in it.
	if _, err := os.Stat(filepath.Join(dir, "nope")); err == nil {
		t.Error("ls created the directory")
	}
}
