package traefikplugin

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/queue"
	"github.com/hookstile/hookstile/redisstore"
	"github.com/hookstile/hookstile/resp"
)

// openStore builds the route's store from the store field: nil (core's
// memory store) for "" or memory, else the Redis store of the URL, given
// literally or as env:NAME / file:/path. Routes naming the same URL share
// one connection pool; this route's use of it ends when ctx is done (the
// next dynamic configuration).
func openStore(ctx context.Context, name, raw string) (*redisstore.Store, error) {
	v := strings.TrimSpace(raw)
	if strings.HasPrefix(v, "env:") || strings.HasPrefix(v, "file:") {
		s, err := resolveSecret(v)
		if err != nil {
			return nil, fmt.Errorf("store: %v", err)
		}
		v = strings.TrimSpace(s)
	}
	if v == "" || v == "memory" {
		return nil, nil
	}
	if !strings.HasPrefix(v, "redis://") && !strings.HasPrefix(v, "rediss://") {
		return nil, fmt.Errorf("store: %q: want memory, redis://[user:password@]host:port/db or rediss://...", clip(resp.Redact(v)))
	}
	st, err := redisstore.Open(v)
	if err != nil {
		return nil, fmt.Errorf("store %s: %v", resp.Redact(v), err)
	}
	context.AfterFunc(ctx, func() { st.Close() })
	log.Printf("hookstile %s: store %s", name, st.String())
	return st, nil
}

// queueTarget resolves queue.dir: a directory, or a Redis URL given
// literally or as env:NAME / file:/path; shown is how logs name it (the
// password hidden).
func queueTarget(dir string) (target, shown string, err error) {
	if strings.HasPrefix(dir, "env:") || strings.HasPrefix(dir, "file:") {
		s, err := resolveSecret(dir)
		if err != nil {
			return "", "", fmt.Errorf("queue.dir: %v", err)
		}
		dir = strings.TrimSpace(s)
	}
	if queue.IsRedis(dir) {
		return dir, resp.Redact(dir), nil
	}
	return dir, dir, nil
}

// queueName is the route's queue name in a shared Redis, from its
// CloudEvents source, as Caddy names it: a Caddy and a Traefik route of one
// provider serve one queue.
func queueName(c *Config) string {
	src := strings.TrimSpace(c.Source)
	if src == "" {
		if d, ok := core.Describe(strings.TrimSpace(c.Provider)); ok {
			src = "/hookstile/" + d.Name
		}
	}
	return queue.DirName(src)
}
