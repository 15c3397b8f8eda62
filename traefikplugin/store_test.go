package traefikplugin_test

import (
	"bytes"
	"context"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/hookstile/hookstile/internal/redistest"
	"github.com/hookstile/hookstile/traefikplugin"
)

func TestStoreConfigErrors(t *testing.T) {
	t.Setenv("HOOKSTILE_TEST_BAD_STORE", "http://user:topsecretpw@h:1")
	for _, v := range []string{"http://user:topsecretpw@h:1", "env:HOOKSTILE_TEST_BAD_STORE", "env:HOOKSTILE_TEST_UNSET_STORE", "redis://:topsecretpw@h:1/notadb", "redis://:topsecretpw@h:1?insecure_skip_verify=1"} {
		c := traefikplugin.CreateConfig()
		c.Provider, c.Secrets, c.Store = "github", []string{"s"}, v
		_, err := traefikplugin.New(context.Background(), http.NotFoundHandler(), c, "bad-store")
		if err == nil {
			t.Errorf("store %q accepted", v)
			continue
		}
		if !strings.Contains(err.Error(), "store") || strings.Contains(err.Error(), "topsecretpw") {
			t.Errorf("store %q: %v", v, err)
		}
	}
	for _, v := range []string{"", "memory", " memory "} {
		c := traefikplugin.CreateConfig()
		c.Provider, c.Secrets, c.Store = "github", []string{"s"}, v
		if _, err := traefikplugin.New(context.Background(), http.NotFoundHandler(), c, "mem"); err != nil {
			t.Errorf("store %q: %v", v, err)
		}
	}
}

// Two middlewares on one Redis (env:), compiled here; the Yaegi-loaded
// plugin is tested the same way in traefiktest.
func TestStoreRedis(t *testing.T) {
	const pw = "traefik-test-redis-pw"
	srv := redistest.Start(t, []string{"--requirepass", pw})
	t.Setenv("HOOKSTILE_TEST_REDIS", "redis://:"+pw+"@"+srv.Addr+"/0?timeout=300ms")
	var logs bytes.Buffer
	log.SetOutput(&logs)
	defer log.SetOutput(os.Stderr)

	forwarded := 0
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		forwarded++
		w.WriteHeader(http.StatusAccepted)
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var hs []http.Handler
	for i := 0; i < 2; i++ {
		c := traefikplugin.CreateConfig()
		c.Provider, c.Secrets, c.Store = "github", []string{"gh-secret"}, "env:HOOKSTILE_TEST_REDIS"
		h, err := traefikplugin.New(ctx, next, c, "gh")
		if err != nil {
			t.Fatal(err)
		}
		hs = append(hs, h)
	}
	send := func(h http.Handler, body string) int {
		r := httptest.NewRequest(http.MethodPost, "/hooks/github", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-GitHub-Event", "push")
		r.Header.Set("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
		r.Header.Set("X-Hub-Signature-256", sign("gh-secret", body))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	body := `{"ref":"refs/heads/main","after":"abc"}`
	if st := send(hs[0], body); st != http.StatusAccepted || forwarded != 1 {
		t.Fatalf("first: %d, forwarded %d", st, forwarded)
	}
	if st := send(hs[1], body); st/100 != 2 || forwarded != 1 {
		t.Errorf("same delivery on the other middleware: %d, forwarded %d", st, forwarded)
	}
	srv.Stop()
	if st := send(hs[0], `{"ref":"refs/heads/other"}`); st != http.StatusServiceUnavailable || forwarded != 1 {
		t.Errorf("Redis down: %d, forwarded %d; want 503, nothing forwarded", st, forwarded)
	}
	if n := strings.Count(logs.String(), "store_unavailable"); n != 1 {
		t.Errorf("%d log lines say store_unavailable, want 1:\n%s", n, logs.String())
	}
	if strings.Contains(logs.String(), pw) {
		t.Errorf("the log shows the Redis password:\n%s", logs.String())
	}
	srv.Restart(t)
	if st := send(hs[1], `{"ref":"refs/heads/other"}`); st != http.StatusAccepted || forwarded != 2 {
		t.Errorf("Redis back: %d, forwarded %d", st, forwarded)
	}
}
