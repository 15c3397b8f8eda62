package core

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// The fetch budget of remote keys (PayPal, SNS, Plaid), in a form an
// unauthenticated sender cannot spend for everyone. A key name (certificate
// URL, Plaid kid) is chosen by whoever sends the request, before anything
// can be verified, so:
//
//   - a name whose fetch failed is not fetched again for a while (negative
//     cache: remoteBadTTL when the key host said no, remoteRetryTTL when the
//     fetch failed in transit), and one name is fetched once at a time
//     (concurrent requests for it wait for that fetch);
//   - a name whose key has verified a genuine signature is "known": it is
//     remembered in this process (across reloads) and in the route's store
//     (with Redis: across restarts and instances) for remoteKnownTTL, and
//     fetched outside the route's shared budget, at most once a window;
//   - only unknown names count against the shared budget
//     (remoteMaxPerMinute a minute), so bogus names can delay a key the
//     route has never verified with (a rotation, or a restart with the
//     memory store), never one it has;
//   - a known key whose cache entry has expired is still used, for up to
//     remoteStale, while it cannot be fetched again.
const (
	remoteBadTTL   = 10 * time.Minute
	remoteRetryTTL = time.Minute
	remoteMaxBad   = 4096
	remoteKnownTTL = 30 * 24 * time.Hour
	remoteMaxKnown = 1024
	remoteStale    = 7 * 24 * time.Hour
)

// knownNames are the key names that verified a genuine signature in this
// process, by gate kind and name.
type knownNames struct {
	mu sync.Mutex
	m  map[string]time.Time
}

var remoteKnown = &knownNames{m: make(map[string]time.Time)}

// resetRemoteKnown forgets every known name (a test's process restart).
func resetRemoteKnown() {
	remoteKnown.mu.Lock()
	remoteKnown.m = make(map[string]time.Time)
	remoteKnown.mu.Unlock()
}

func (k *knownNames) has(name string, now time.Time) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	until, ok := k.m[name]
	return ok && now.Before(until)
}

func (k *knownNames) add(name string, now time.Time) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.m) >= remoteMaxKnown {
		for n, until := range k.m {
			if !now.Before(until) {
				delete(k.m, n)
			}
		}
		if len(k.m) >= remoteMaxKnown {
			return
		}
	}
	k.m[name] = now.Add(remoteKnownTTL)
}

// keyGate decides, per key name, whether a remote key may be fetched.
type keyGate struct {
	kind   string // namespace of names: "paypal", "sns", "plaid:<client_id>"
	store  Store  // the route's store (nil: this process only)
	source string // the route's CloudEvents source, namespacing store keys

	mu      sync.Mutex
	bad     map[string]time.Time     // name -> not fetched again before
	last    map[string]time.Time     // known name -> last fetch
	pending map[string]chan struct{} // name -> closed when its fetch ends
}

func newKeyGate(kind string, c *Config) *keyGate {
	g := &keyGate{kind: kind, bad: make(map[string]time.Time), last: make(map[string]time.Time), pending: make(map[string]chan struct{})}
	if c != nil {
		g.store, g.source = c.Store, c.Source
	}
	return g
}

// known reports whether name has verified a genuine signature: in this
// process, or according to the route's store. A store failure is "not
// known" (the shared budget applies).
func (g *keyGate) known(name string, now time.Time) bool {
	if remoteKnown.has(g.kind+"|"+name, now) {
		return true
	}
	if g.store == nil {
		return false
	}
	_, ok, err := g.store.Get(StoreKeyName(g.source, "k", g.kind+"|"+name), now)
	return err == nil && ok
}

// verified records that name's key verified a genuine signature.
func (g *keyGate) verified(name string, now time.Time) {
	if g == nil || remoteKnown.has(g.kind+"|"+name, now) {
		return
	}
	remoteKnown.add(g.kind+"|"+name, now)
	if g.store != nil {
		g.store.Set(StoreKeyName(g.source, "k", g.kind+"|"+name), "1", remoteKnownTTL, false, now)
	}
}

// begin admits one fetch of name, or says why not. When another fetch of
// name is under way it waits for it and returns wait=true (the caller
// looks at the cache again). On admission the caller must call end.
func (g *keyGate) begin(f *remoteFetcher, name string, now time.Time) (wait bool, err error) {
	g.mu.Lock()
	if ch, ok := g.pending[name]; ok {
		g.mu.Unlock()
		<-ch
		return true, nil
	}
	if until, ok := g.bad[name]; ok {
		if now.Before(until) {
			g.mu.Unlock()
			return false, fmt.Errorf("%w: key fetch failed recently", ErrRemoteKey)
		}
		delete(g.bad, name)
	}
	g.mu.Unlock()
	known := g.known(name, now)
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.pending[name]; ok {
		return false, fmt.Errorf("%w: key fetch under way", ErrRemoteKey)
	}
	if known {
		if t, ok := g.last[name]; ok && now.Sub(t) < remoteWindow && !now.Before(t) {
			return false, fmt.Errorf("%w: key fetched less than a minute ago", ErrRemoteKey)
		}
		g.last[name] = now
	} else if !f.admit(now) {
		return false, fmt.Errorf("%w: too many key fetches", ErrRemoteKey)
	}
	g.pending[name] = make(chan struct{})
	return false, nil
}

// end closes the fetch of name; failed with status (0: the fetch failed in
// transit) negatively caches it, unless it is known.
func (g *keyGate) end(name string, failed bool, status int, now time.Time) {
	known := failed && g.known(name, now)
	g.mu.Lock()
	defer g.mu.Unlock()
	if ch, ok := g.pending[name]; ok {
		close(ch)
		delete(g.pending, name)
	}
	if !failed || known {
		return
	}
	ttl := remoteBadTTL
	if status == 0 || status == http.StatusTooManyRequests || status >= 500 {
		ttl = remoteRetryTTL
	}
	if len(g.bad) >= remoteMaxBad {
		for n, until := range g.bad {
			if !now.Before(until) {
				delete(g.bad, n)
			}
		}
		if len(g.bad) >= remoteMaxBad {
			return
		}
	}
	g.bad[name] = now.Add(ttl)
}

// keyFor returns the key named name: from the cache, else fetched through
// the gate with get, which returns the key, the key host's status (0 when
// the fetch failed before an answer) and an error. A known key whose entry
// has expired is used while it cannot be fetched again.
func (f *remoteFetcher) keyFor(name string, now time.Time, get func() (*remoteKey, int, error)) (*remoteKey, error) {
	for i := 0; i < 2; i++ {
		if k := f.cached(name, now); k != nil {
			return k, nil
		}
		wait, err := f.gate.begin(f, name, now)
		if wait {
			continue
		}
		if err != nil {
			return f.staleOr(name, now, err)
		}
		k, status, err := get()
		f.gate.end(name, err != nil, status, now)
		if err != nil {
			return f.staleOr(name, now, err)
		}
		f.store(name, k, now)
		return k, nil
	}
	return nil, fmt.Errorf("%w: key fetch failed", ErrRemoteKey)
}

// staleOr returns the expired cache entry of a known name, or err.
func (f *remoteFetcher) staleOr(name string, now time.Time, err error) (*remoteKey, error) {
	f.mu.Lock()
	e, ok := f.cache[name]
	f.mu.Unlock()
	if ok && now.Before(e.until.Add(remoteStale)) && f.gate.known(name, now) {
		return e.key, nil
	}
	return nil, err
}
