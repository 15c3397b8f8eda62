package traefikplugin

import (
	"context"
	"fmt"
	"log"
	"net/http"

	"github.com/hookstile/hookstile/core"
)

// Hookstile is the middleware: it answers handshakes at the edge, forwards
// verified deliveries rewritten and re-signed, acknowledges duplicates
// without forwarding them, and rejects everything else with a generic body.
// core's Serve does all of that; this adds Traefik's config and log lines.
type Hookstile struct {
	up   core.Upstream
	name string
	v    *core.Verifier
}

// New validates config and builds the middleware.
func New(ctx context.Context, next http.Handler, config *Config, name string) (http.Handler, error) {
	if next == nil {
		return nil, fmt.Errorf("hookstile %s: next handler is missing", name)
	}
	cc, err := coreConfig(config)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: %v", name, err)
	}
	st, err := openStore(ctx, name, config.Store)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: %v", name, err)
	}
	if st != nil {
		cc.Store = st
	}
	v, err := core.New(cc)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: %v", name, err)
	}
	return &Hookstile{up: core.HandlerUpstream{Handler: next}, name: name, v: v}, nil
}

func (h *Hookstile) ServeHTTP(rw http.ResponseWriter, req *http.Request) {
	s := h.v.Serve(rw, req, h.up)
	if s.StoreErr != nil {
		log.Printf("hookstile %s: store unavailable after forwarding %s %q: the replay keys stay in flight until their lease ends: %v",
			h.name, req.Method, req.URL.Path, s.StoreErr)
	}
	if s.Err != nil {
		h.rejected(rw, req, s)
	}
}

// rejected logs one line and answers a rejected delivery. Under Traefik the
// standard log package of an interpreted plugin writes to Traefik's log
// (level ERROR, tagged with the plugin); os.Stderr would bypass it. (Yaegi
// v0.16.1 cannot call a func-typed field holding a variadic stdlib function,
// so this is a direct call.) Never a secret: errors carry none.
func (h *Hookstile) rejected(rw http.ResponseWriter, req *http.Request, s core.Served) {
	log.Printf("hookstile %s: rejected %s %q: %d %s: %v",
		h.name, req.Method, req.URL.Path, s.Status, core.Reason(s.Err), s.Err)
	core.WriteRejection(rw, s.Status)
}
