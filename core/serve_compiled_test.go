//go:build !yaegi
// +build !yaegi

package core

import (
	"net/http/httptest"
	"testing"
)

// Compiled only: under Yaegi the stdlib sees an interpreted writer through a
// wrapper that has only http.ResponseWriter's methods, so Unwrap is not
// visible to http.ResponseController (Traefik's own proxy does not need it).

// The writer handed to the upstream keeps http.ResponseController working.
func TestServeKeepsResponseController(t *testing.T) {
	v, _ := New(Config{Provider: "github", Secrets: []string{"s"}})
	up := &recordingUpstream{status: 200, body: []byte("ok"), flush: true}
	w := httptest.NewRecorder()
	s := v.Serve(w, githubRequest("s", "d-1", `{}`), up)
	if s.Outcome != OutcomeForwarded || !w.Flushed {
		t.Fatalf("flush through ResponseController: %+v flushed=%v", s, w.Flushed)
	}
}
