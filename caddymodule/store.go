package caddymodule

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/caddyserver/caddy/v2"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/queue"
	"github.com/hookstile/hookstile/redisstore"
	"github.com/hookstile/hookstile/resp"
)

// Caddy uses the same standard-library Redis client as the Traefik plugin
// (package resp) rather than go-redis: one implementation of the key
// scheme, the scripts and the failure behaviour, tested once (compiled and
// under Yaegi), so that a Caddy and a Traefik instance sharing one Redis
// cannot disagree; and no new dependency in the root module.

// storeName is how a store is named in logs: memory, or the URL with the
// password hidden.
func storeName(raw string) string {
	if raw == "" || raw == "memory" {
		return "memory"
	}
	return resp.Redact(raw)
}

// openStore resolves the store URL's placeholders and opens the store: nil
// for memory (core's default), a Redis store shared by every route naming
// the same URL otherwise. Placeholders in the user and password are
// resolved before the URL is put together, so a password may hold any
// character (@, /, :) without being escaped in the environment.
func (h *Handler) openStore(repl *caddy.Replacer) (core.Store, error) {
	raw := strings.TrimSpace(h.Store)
	if raw == "" || raw == "memory" {
		return nil, nil
	}
	u, err := resolveStoreURL(repl, raw)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: store %s: %w", h.Provider, storeName(raw), err)
	}
	st, err := redisstore.Open(u)
	if err != nil {
		return nil, fmt.Errorf("hookstile %s: store %s: %w", h.Provider, storeName(raw), err)
	}
	h.store, h.storeName = st, st.String()
	h.logger.Info("store", zap.String("provider", h.Provider), zap.String("store", h.storeName))
	if resp.SharedCount(u) > 1 {
		return st, nil // the route that opened this client checked it
	}
	if _, err := st.Client().Do("PING"); err != nil {
		// Not fatal: Redis may come up after Caddy. Until it answers,
		// deliveries get 503 and the provider retries.
		h.logger.Warn("store not reachable yet: deliveries are answered 503 until it is",
			zap.String("provider", h.Provider), zap.String("store", h.storeName), zap.Error(err))
	}
	return st, nil
}

// resolveStoreURL replaces the global placeholders ({env.*}, {file.*}) of a
// redis:// or rediss:// URL.
func resolveStoreURL(repl *caddy.Replacer, raw string) (string, error) {
	if isPlaceholder(raw) {
		// The whole URL from one placeholder ({env.REDIS_URL}): taken as
		// it is, its password URL-escaped by whoever wrote it.
		v := strings.TrimSpace(repl.ReplaceKnown(raw, ""))
		if v == "" {
			return "", fmt.Errorf("%s is empty or not set", raw)
		}
		if v == "memory" || (!strings.HasPrefix(v, "redis://") && !strings.HasPrefix(v, "rediss://")) {
			return "", fmt.Errorf("%s: want redis://[user:password@]host:port/db or rediss://...", raw)
		}
		return v, nil
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || (scheme != "redis" && scheme != "rediss") {
		return "", errors.New("want memory, redis://[user:password@]host:port/db or rediss://...")
	}
	userinfo := ""
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		userinfo, rest = rest[:at], rest[at+1:]
	}
	host := repl.ReplaceKnown(rest, "")
	if isPlaceholder(rest) && host == "" {
		return "", fmt.Errorf("%s is empty or not set", rest)
	}
	out := scheme + "://"
	if userinfo != "" {
		rawUser, rawPass, hasPass := strings.Cut(userinfo, ":")
		user, err := userPart(repl, rawUser, false)
		if err != nil {
			return "", err
		}
		out += user
		if hasPass {
			pass, err := userPart(repl, rawPass, true)
			if err != nil {
				return "", err
			}
			if pass == "" {
				return "", errors.New("empty password")
			}
			out += ":" + pass
		} else if user == "" {
			return "", errors.New("empty user information before @")
		}
		out += "@"
	}
	return out + host, nil
}

// queueTarget resolves a queue's directory or Redis URL (placeholders as in
// store) and how to name it in logs and metrics (the password hidden).
func queueTarget(repl *caddy.Replacer, raw string) (target, shown string, err error) {
	raw = strings.TrimSpace(raw)
	if !queue.IsRedis(raw) && !(isPlaceholder(raw) && queue.IsRedis(repl.ReplaceKnown(raw, ""))) {
		d := repl.ReplaceKnown(raw, "")
		return d, d, nil
	}
	u, err := resolveStoreURL(repl, raw)
	if err != nil {
		return "", storeName(raw), err
	}
	return u, resp.Redact(u), nil
}

// userPart resolves the user or password of a store URL. A part written
// literally is kept as written (already URL-escaped); a part with a
// placeholder is replaced, then escaped.
func userPart(repl *caddy.Replacer, raw string, password bool) (string, error) {
	if !strings.Contains(raw, "{") {
		return raw, nil
	}
	v := repl.ReplaceKnown(raw, "")
	if v == "" {
		what := "user"
		if password {
			what = "password"
		}
		return "", fmt.Errorf("%s: %s is empty or not set", what, raw)
	}
	if password {
		return strings.TrimPrefix(url.UserPassword("", v).String(), ":"), nil
	}
	return url.User(v).String(), nil
}

// closeStore gives the shared Redis client back (closed with its last route).
func (h *Handler) closeStore() {
	if h.store != nil {
		h.store.Close()
		h.store = nil
	}
}

// storeFailed records a store failure: one log line (the rejection's, or
// this one after a forward), and caddy_hookstile_store_errors_total.
func (h *Handler) storeFailed(provider string, err error, afterForward bool) {
	if h.storeErrors != nil {
		h.storeErrors.WithLabelValues(provider).Inc()
	}
	if afterForward {
		h.logger.Error("store unavailable after forwarding: the delivery's replay keys stay in flight until their lease ends",
			zap.String("provider", provider), zap.String("store", h.storeName), zap.Error(err))
	}
}

// registerStoreMetrics registers caddy_hookstile_store_errors_total, shared
// by the routes of one config like the requests counter.
func registerStoreMetrics(reg *prometheus.Registry) (*prometheus.CounterVec, error) {
	cv := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "caddy",
		Subsystem: "hookstile",
		Name:      "store_errors_total",
		Help:      "Failures to reach the shared store (Redis), by provider; each rejected delivery was answered 503.",
	}, []string{"provider"})
	return registerCounter(reg, cv)
}
