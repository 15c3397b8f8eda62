// Package redisstore keeps what a hookstile route remembers (replay keys,
// single-use values, learned secrets: core.Store) in Redis, so that every
// gateway instance sharing the Redis shares it. It uses the standard-library
// client of package resp and runs under Yaegi (the Traefik plugin).
//
// Every operation is one atomic command or one Lua script: there is no
// read-then-write race between instances. Expiry is Redis's own (PX), so
// the clocks of the instances do not matter; the now arguments of
// core.Store are not used. A Redis Cluster is not supported (the replay
// keys of one delivery would have to share a hash slot); use one primary,
// with replicas or Sentinel for failover.
package redisstore

import (
	"fmt"
	"strconv"
	"time"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/resp"
)

// Values of a replay key.
const (
	valInFlight  = "f"
	valDelivered = "d"
)

// reserveScript: if any key is delivered, 2; else if any is in flight, 1;
// else every key is set in flight for ARGV[1] ms, its value 'f' followed by
// its reservation's owner (ARGV[1+i]), and 0 is returned.
var reserveScript = resp.NewScript(`
local inflight = false
for i = 1, #KEYS do
	local v = redis.call('GET', KEYS[i])
	if v == 'd' then return 2 end
	if v then inflight = true end
end
if inflight then return 1 end
for i = 1, #KEYS do
	redis.call('SET', KEYS[i], 'f' .. (ARGV[1 + i] or ''), 'PX', ARGV[1])
end
return 0
`)

// deliveredScript sets every key delivered, KEYS[i] for ARGV[i] ms (0: no
// expiry), in one step.
var deliveredScript = resp.NewScript(`
for i = 1, #KEYS do
	local ms = tonumber(ARGV[i])
	if ms > 0 then
		redis.call('SET', KEYS[i], 'd', 'PX', ms)
	else
		redis.call('SET', KEYS[i], 'd')
	end
end
return 0
`)

// releaseScript deletes the keys still in flight under the releasing
// reservation (ARGV[i] is its owner): a delivered key, or one another
// request reserved after this one's lease ran out, is never forgotten by
// this failure.
var releaseScript = resp.NewScript(`
local n = 0
for i = 1, #KEYS do
	if redis.call('GET', KEYS[i]) == 'f' .. (ARGV[i] or '') then
		redis.call('DEL', KEYS[i])
		n = n + 1
	end
end
return n
`)

// Store is a core.Store on one Redis. It is safe for concurrent use.
type Store struct {
	c   *resp.Client
	url string // set when the client is the shared one of this URL
}

// Open returns a Store on the shared client of rawURL (routes naming the
// same URL share one pool); Close gives the client back.
func Open(rawURL string) (*Store, error) {
	c, err := resp.Shared(rawURL)
	if err != nil {
		return nil, err
	}
	return &Store{c: c, url: rawURL}, nil
}

// New returns a Store on c, which the caller owns.
func New(c *resp.Client) *Store { return &Store{c: c} }

// Close releases the shared client (closed with its last user). A Store
// built with New leaves its client open.
func (s *Store) Close() error {
	if s.url != "" {
		resp.Release(s.url)
		s.url = ""
	}
	return nil
}

// String names the Redis with the password hidden: safe to log.
func (s *Store) String() string { return s.c.String() }

// Client is the Redis client the store uses.
func (s *Store) Client() *resp.Client { return s.c }

func ms(d time.Duration) int64 {
	n := int64(d / time.Millisecond)
	if d > 0 && n == 0 {
		n = 1
	}
	return n
}

func unavailable(err error) error {
	return fmt.Errorf("%w: %v", core.ErrStoreUnavailable, err)
}

func keyNames(keys []core.StoreKey) []string {
	names := make([]string, len(keys))
	for i := range keys {
		names[i] = keys[i].Key
	}
	return names
}

// owners lists each key's reservation owner.
func owners(keys []core.StoreKey) []string {
	out := make([]string, len(keys))
	for i := range keys {
		out[i] = keys[i].Owner
	}
	return out
}

// Reserve implements core.Store in one script: atomic over all keys.
func (s *Store) Reserve(keys []core.StoreKey, lease time.Duration, now time.Time) (int, error) {
	if len(keys) == 0 {
		return core.KeyNew, nil
	}
	l := ms(lease)
	if l <= 0 {
		l = 1
	}
	args := make([]string, 1, 1+len(keys))
	args[0] = strconv.FormatInt(l, 10)
	r, err := s.c.Run(reserveScript, keyNames(keys), append(args, owners(keys)...))
	if err != nil {
		return 0, unavailable(err)
	}
	if r.Kind != resp.KindInteger || r.Int < 0 || r.Int > 2 {
		return 0, unavailable(fmt.Errorf("unexpected reply to the reserve script"))
	}
	switch r.Int {
	case 2:
		return core.KeyDelivered, nil
	case 1:
		return core.KeyInFlight, nil
	}
	return core.KeyNew, nil
}

// Finish implements core.Store in one script.
func (s *Store) Finish(keys []core.StoreKey, delivered bool, now time.Time) error {
	if len(keys) == 0 {
		return nil
	}
	var err error
	if delivered {
		ttls := make([]string, len(keys))
		for i := range keys {
			t := ms(keys[i].TTL)
			if t < 0 {
				t = 0
			}
			ttls[i] = strconv.FormatInt(t, 10)
		}
		_, err = s.c.Run(deliveredScript, keyNames(keys), ttls)
	} else {
		_, err = s.c.Run(releaseScript, keyNames(keys), owners(keys))
	}
	if err != nil {
		return unavailable(err)
	}
	return nil
}

// Get implements core.Store.
func (s *Store) Get(key string, now time.Time) (string, bool, error) {
	r, err := s.c.Do("GET", key)
	if err != nil {
		return "", false, unavailable(err)
	}
	if r.Kind != resp.KindBulk {
		return "", false, unavailable(fmt.Errorf("unexpected reply to GET"))
	}
	if r.Nil {
		return "", false, nil
	}
	return r.Str, true, nil
}

// Set implements core.Store with one SET (PX when ttl > 0, NX when
// onlyIfAbsent).
func (s *Store) Set(key, value string, ttl time.Duration, onlyIfAbsent bool, now time.Time) (bool, error) {
	cmd := []string{"SET", key, value}
	if t := ms(ttl); t > 0 {
		cmd = append(cmd, "PX", strconv.FormatInt(t, 10))
	}
	if onlyIfAbsent {
		cmd = append(cmd, "NX")
	}
	r, err := s.c.Do(cmd...)
	if err != nil {
		return false, unavailable(err)
	}
	if r.Kind == resp.KindString && r.Str == "OK" {
		return true, nil
	}
	if onlyIfAbsent && r.Nil {
		return false, nil
	}
	return false, unavailable(fmt.Errorf("unexpected reply to SET"))
}
