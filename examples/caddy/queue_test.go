package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	cloudevents "github.com/cloudevents/sdk-go/v2/event"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

const queueCaddyfile = "queue.Caddyfile"

// queueUpstream is the application behind a queue: a real HTTP server on a
// fixed loopback port that can be down (nothing listening), slow or
// failing. It verifies every delivery with the standard-webhooks library
// (including a webhook-timestamp within 5 minutes: each attempt is signed
// afresh) and parses it with the CloudEvents SDK; it records how many
// deliveries of one event, and of one subject, overlap.
type queueUpstream struct {
	t    *testing.T
	addr string
	wh   *standardwebhooks.Webhook

	mu       sync.Mutex
	srv      *http.Server
	status   int
	delay    time.Duration
	got      []queueArrival
	bad      []string
	byID     map[string]int
	bySubj   map[string]int
	maxByID  int
	maxBySub int
}

type queueArrival struct {
	id, subject string
	start, end  time.Time
	status      int
}

func newQueueUpstream(t *testing.T) *queueUpstream {
	t.Helper()
	wh, err := standardwebhooks.NewWebhook(demoSigningKey)
	if err != nil {
		t.Fatal(err)
	}
	u := &queueUpstream{t: t, addr: "127.0.0.1:" + strconv.Itoa(freePort(t)), wh: wh, status: http.StatusNoContent,
		byID: map[string]int{}, bySubj: map[string]int{}}
	t.Cleanup(u.down)
	return u
}

// up listens on the upstream's port.
func (u *queueUpstream) up() {
	var ln net.Listener
	var err error
	for i := 0; i < 100; i++ {
		if ln, err = net.Listen("tcp", u.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		u.t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(u.handle)}
	u.mu.Lock()
	u.srv = srv
	u.mu.Unlock()
	go srv.Serve(ln)
}

// down stops listening: attempts get "connection refused".
func (u *queueUpstream) down() {
	u.mu.Lock()
	srv := u.srv
	u.srv = nil
	u.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

func (u *queueUpstream) set(status int, delay time.Duration) {
	u.mu.Lock()
	u.status, u.delay = status, delay
	u.mu.Unlock()
}

func (u *queueUpstream) handle(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	a := queueArrival{id: r.Header.Get("Webhook-Id"), start: time.Now()}
	err := u.wh.Verify(body, r.Header)
	if err == nil {
		ev := cloudevents.New()
		if err = json.Unmarshal(body, &ev); err == nil {
			err = ev.Validate()
			a.subject = ev.Subject()
		}
	}
	u.mu.Lock()
	if err != nil {
		u.bad = append(u.bad, fmt.Sprintf("%s: %v", a.id, err))
	}
	u.byID[a.id]++
	if u.byID[a.id] > u.maxByID {
		u.maxByID = u.byID[a.id]
	}
	u.bySubj[a.subject]++
	if u.bySubj[a.subject] > u.maxBySub {
		u.maxBySub = u.bySubj[a.subject]
	}
	status, delay := u.status, u.delay
	u.mu.Unlock()
	time.Sleep(delay)
	u.mu.Lock()
	u.byID[a.id]--
	u.bySubj[a.subject]--
	a.status, a.end = status, time.Now()
	u.got = append(u.got, a)
	u.mu.Unlock()
	w.WriteHeader(status)
}

// delivered returns the webhook-ids answered 2xx, with how often.
func (u *queueUpstream) delivered() map[string]int {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := map[string]int{}
	for _, a := range u.got {
		if a.status/100 == 2 {
			out[a.id]++
		}
	}
	return out
}

func (u *queueUpstream) inFlight() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	n := 0
	for _, c := range u.byID {
		n += c
	}
	return n
}

func (u *queueUpstream) check(t *testing.T) {
	t.Helper()
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, b := range u.bad {
		t.Errorf("upstream refused a delivery: %s", b)
	}
	if u.maxByID > 1 {
		t.Errorf("one event was in flight %d times at once", u.maxByID)
	}
}

// queueEnv is the environment of queue.Caddyfile: short timeouts and
// backoff so the test does not wait minutes, and a data directory (the
// spool's parent) that survives a restart.
func queueEnv(t *testing.T, port int, upstream, data string) map[string]string {
	return map[string]string{
		"HOOKSTILE_PORT":        strconv.Itoa(port),
		"HOOKSTILE_UPSTREAM":    upstream,
		"HOOKSTILE_BACKOFF_MAX": "2s",
		"HOOKSTILE_TIMEOUT":     "3s",
		"DROPBOX_APP_SECRET":    demoDropbox,
		"HOOKSTILE_SIGNING_KEY": demoSigningKey,
		"XDG_DATA_HOME":         data,
	}
}

// kill9 kills Caddy with SIGKILL: no Cleanup, no flush, nothing.
func (p *caddyProc) kill9(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("caddy did not die")
	}
}

// trySend posts one delivery and returns its status (0 when Caddy did not
// answer: killed while the request was on its way).
func trySend(base string, d delivery) int {
	req, err := http.NewRequest(http.MethodPost, base+d.path, strings.NewReader(string(d.body)))
	if err != nil {
		return 0
	}
	for k, vs := range d.header {
		req.Header[k] = vs
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func dropboxNotification(accounts ...string) delivery {
	q := make([]string, len(accounts))
	for i, a := range accounts {
		q[i] = strconv.Quote(a)
	}
	body := `{"list_folder":{"accounts":[` + strings.Join(q, ",") + `]},"delta":{"users":[1]}}`
	return dropboxDelivery(demoDropbox, body)
}

// spoolDir is where queue.Caddyfile keeps Dropbox's spool: hookstile/dropbox
// under Caddy's data directory ($XDG_DATA_HOME/caddy).
func spoolDir(data string) string { return filepath.Join(data, "caddy", "hookstile", "dropbox") }

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	return len(ents)
}

// TestQueueSurvivesKill9 is the queue's promise with a real Caddy: Dropbox
// notifications are accepted while the application is down, Caddy is
// killed with SIGKILL while it holds them (and again while deliveries are
// in flight), restarted on the same data directory, and once the
// application is up every notification that got a 2xx is delivered, each
// re-signed and never in flight twice at once.
func TestQueueSurvivesKill9(t *testing.T) {
	up := newQueueUpstream(t) // down: nothing listens on its port yet
	data := t.TempDir()
	port := freePort(t)
	env := queueEnv(t, port, up.addr, data)
	c := startCaddy(t, queueCaddyfile, env)

	// Phase 1: the application is down. Send from several senders, and
	// kill Caddy in the middle of it.
	const n = 40
	var mu sync.Mutex
	acked := map[string]bool{} // account of every 2xx
	statuses := map[int]int{}
	var wg sync.WaitGroup
	sent := make(chan int, n)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += 4 {
				acct := "dbid:phase1-" + strconv.Itoa(i)
				status := trySend(c.base, dropboxNotification(acct))
				mu.Lock()
				statuses[status]++
				if status/100 == 2 {
					acked[acct] = true
				}
				mu.Unlock()
				sent <- i
			}
		}(w)
	}
	for i := 0; i < n/2; i++ {
		<-sent
	}
	c.kill9(t)
	wg.Wait()
	mu.Lock()
	t.Logf("phase 1: answers %v, %d accepted before and around the kill", statuses, len(acked))
	if len(acked) < n/4 {
		t.Fatalf("only %d of %d notifications accepted before the kill", len(acked), n)
	}
	for s := range statuses {
		if s != 0 && s != http.StatusOK {
			t.Errorf("a notification was answered %d", s)
		}
	}
	mu.Unlock()
	if got := countFiles(t, filepath.Join(spoolDir(data), "pending")) + countFiles(t, filepath.Join(spoolDir(data), "inflight")); got < len(acked) {
		t.Fatalf("the spool holds %d events after the kill, %d were accepted", got, len(acked))
	}

	// Phase 2: restarted on the same spool; the application comes up slow,
	// and Caddy is killed again while deliveries are in flight.
	c = startCaddy(t, queueCaddyfile, env)
	for i := 0; i < 5; i++ {
		acct := "dbid:phase2-" + strconv.Itoa(i)
		if s := trySend(c.base, dropboxNotification(acct)); s != http.StatusOK {
			t.Fatalf("after the restart: answered %d", s)
		}
		acked[acct] = true
	}
	up.set(http.StatusOK, 1500*time.Millisecond)
	up.up()
	waitUntil(t, 20*time.Second, "deliveries in flight", func() bool { return up.inFlight() >= 2 })
	c.kill9(t)

	// Phase 3: restarted; the application is fast now. Claims of the killed
	// process come back after their lease (timeout + 15s).
	up.set(http.StatusOK, 0)
	c = startCaddy(t, queueCaddyfile, env)
	waitUntil(t, 60*time.Second, "every accepted notification delivered", func() bool {
		subj := up.deliveredSubjects()
		for acct := range acked {
			if !subj[acct] {
				return false
			}
		}
		return true
	})
	up.check(t)
	waitUntil(t, 10*time.Second, "an empty spool", func() bool {
		return countFiles(t, filepath.Join(spoolDir(data), "pending"))+countFiles(t, filepath.Join(spoolDir(data), "inflight")) == 0
	})
	dups := 0
	for _, k := range up.delivered() {
		if k > 1 {
			dups++
		}
	}
	t.Logf("%d accepted, %d distinct events delivered, %d delivered more than once (killed while in flight: at least once)", len(acked), len(up.delivered()), dups)
}

// deliveredSubjects returns the subjects (Dropbox accounts) answered 2xx.
func (u *queueUpstream) deliveredSubjects() map[string]bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := map[string]bool{}
	for _, a := range u.got {
		if a.status/100 == 2 {
			out[a.subject] = true
		}
	}
	return out
}

// TestQueueDropboxCoalescing: a slow application, and notifications for a
// few accounts arriving faster than it takes them. Per account, never two
// deliveries in flight; and no change is missed: for every notification an
// account got, a delivery of that account starts after Dropbox had its 200.
func TestQueueDropboxCoalescing(t *testing.T) {
	up := newQueueUpstream(t)
	up.set(http.StatusOK, 300*time.Millisecond)
	up.up()
	port := freePort(t)
	c := startCaddy(t, queueCaddyfile, queueEnv(t, port, up.addr, t.TempDir()))
	accounts := []string{"dbid:alice", "dbid:bob", "dbid:carol"}
	lastAck := map[string]time.Time{}
	notes := 0
	for i := 0; i < 30; i++ {
		// Each notification names one or two accounts (one event each).
		names := []string{accounts[i%3]}
		if i%4 == 0 {
			names = append(names, accounts[(i+1)%3])
		}
		if s := trySend(c.base, dropboxNotification(names...)); s != http.StatusOK {
			t.Fatalf("notification %d answered %d", i, s)
		}
		now := time.Now()
		for _, a := range names {
			lastAck[a] = now
			notes++
		}
		time.Sleep(40 * time.Millisecond)
	}
	waitUntil(t, 30*time.Second, "a delivery of every account after its last notification", func() bool {
		up.mu.Lock()
		defer up.mu.Unlock()
		for _, a := range accounts {
			ok := false
			for _, got := range up.got {
				if got.subject == a && got.status/100 == 2 && got.start.After(lastAck[a]) {
					ok = true
				}
			}
			if !ok {
				return false
			}
		}
		return true
	})
	up.check(t)
	up.mu.Lock()
	defer up.mu.Unlock()
	if up.maxBySub != 1 {
		t.Errorf("an account had %d deliveries in flight at once", up.maxBySub)
	}
	// Deliveries of one account never overlap, in the order they ran.
	by := map[string][]queueArrival{}
	for _, a := range up.got {
		by[a.subject] = append(by[a.subject], a)
	}
	for acct, as := range by {
		sort.Slice(as, func(i, j int) bool { return as[i].start.Before(as[j].start) })
		for i := 1; i < len(as); i++ {
			if as[i].start.Before(as[i-1].end) {
				t.Errorf("%s: deliveries overlap", acct)
			}
		}
	}
	if len(up.got) >= notes {
		t.Errorf("%d deliveries for %d account notifications: nothing was coalesced", len(up.got), notes)
	}
	t.Logf("%d account notifications delivered as %d events", notes, len(up.got))
}

// waitUntil polls cond until it holds or d passes.
func waitUntil(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestQueueReplayWhileCaddyRuns: an application that rejects a notification
// (422) makes it a dead letter; `caddy hookstile queue ls` shows it;
// `caddy hookstile queue replay --all`, run while Caddy works on the same
// spool, sends it again within seconds with its webhook-id.
func TestQueueReplayWhileCaddyRuns(t *testing.T) {
	up := newQueueUpstream(t)
	up.set(http.StatusUnprocessableEntity, 0)
	up.up()
	data := t.TempDir()
	c := startCaddy(t, queueCaddyfile, queueEnv(t, freePort(t), up.addr, data))
	if s := trySend(c.base, dropboxNotification("dbid:replayed")); s != http.StatusOK {
		t.Fatalf("notification: %d", s)
	}
	dir := spoolDir(data)
	waitUntil(t, 10*time.Second, "a dead letter", func() bool { return countFiles(t, filepath.Join(dir, "dead")) == 1 })
	up.mu.Lock()
	id := up.got[0].id
	up.mu.Unlock()

	hookstile := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(caddyBinary(t), append([]string{"hookstile", "queue"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("caddy hookstile queue %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	ls := hookstile("ls", dir)
	if !strings.Contains(ls, "dead") || !strings.Contains(ls, id) || !strings.Contains(ls, "dbid:replayed") || !strings.Contains(ls, "422 Unprocessable Entity") {
		t.Errorf("queue ls:\n%s", ls)
	}
	up.set(http.StatusOK, 0)
	start := time.Now()
	if out := hookstile("replay", dir, "--all"); out != "1 replayed\n" {
		t.Errorf("queue replay: %q", out)
	}
	waitUntil(t, 10*time.Second, "the replayed event", func() bool { return up.delivered()[id] == 1 })
	t.Logf("replayed dead letter delivered %v after the command", time.Since(start).Round(10*time.Millisecond))
	up.check(t)
}

// TestQueueCaddyReload: config reloads while deliveries are in flight (the
// old and the new configuration run on one spool for a moment, then the
// old one's Cleanup stops its workers): every accepted notification is
// delivered, none in flight twice at once.
func TestQueueCaddyReload(t *testing.T) {
	up := newQueueUpstream(t)
	up.set(http.StatusOK, 150*time.Millisecond)
	up.up()
	adminPort := freePort(t)
	port := freePort(t)
	q := strings.Replace(readFile(t, queueCaddyfile), "admin off", "admin 127.0.0.1:"+strconv.Itoa(adminPort), 1)
	if !strings.Contains(q, "admin 127.0.0.1:") {
		t.Fatal("queue.Caddyfile has no 'admin off' line to replace")
	}
	cfg := filepath.Join(t.TempDir(), "Caddyfile")
	if err := os.WriteFile(cfg, []byte(q), 0o600); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	env := queueEnv(t, port, up.addr, data)
	c := startCaddy(t, cfg, env)
	reload := func() {
		t.Helper()
		cmd := exec.Command(caddyBinary(t), "reload", "--config", cfg, "--address", "127.0.0.1:"+strconv.Itoa(adminPort), "--force")
		cmd.Env = os.Environ()
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("caddy reload: %v\n%s", err, out)
		}
	}
	accounts := map[string]bool{}
	for i := 0; i < 40; i++ {
		acct := "dbid:reload-" + strconv.Itoa(i)
		if s := trySend(c.base, dropboxNotification(acct)); s != http.StatusOK {
			t.Fatalf("notification %d: %d", i, s)
		}
		accounts[acct] = true
		if i%10 == 9 {
			reload()
		}
	}
	reload()
	waitUntil(t, 60*time.Second, "every notification delivered", func() bool {
		got := up.deliveredSubjects()
		for a := range accounts {
			if !got[a] {
				return false
			}
		}
		return true
	})
	up.check(t)
	if n := strings.Count(c.stderr.String(), `"msg":"queue mode"`); n < 5 {
		t.Errorf("%d queue engines started, want at least 5 (the first config and 4 reloads)", n)
	}
	t.Logf("%d notifications, 4 reloads, %d deliveries", len(accounts), len(up.delivered()))
}
