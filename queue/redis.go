package queue

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hookstile/hookstile/resp"
)

// RedisQueue is a Backend on one Redis server, so that any gateway instance
// (Caddy or Traefik) delivers what any instance accepted.
//
// Not Streams: a stream and a consumer group give at-least-once hand-out
// and lease take-back (XAUTOCLAIM), but this contract also schedules each
// record (retries with backoff), orders and limits each subject's records
// across instances (per_subject), replaces a pending record in place
// (coalesce) and replays or drops dead letters by webhook-id, none of which
// a stream does. So a queue is a few plain structures, and every change of
// state is one Lua script (atomic; with AOF and appendfsync always it is on
// disk before Redis answers, which is when Add returns):
//
//	<p>r:<key>    the record's JSON (the spool's file content, the same format)
//	<p>pending    sorted set of pending keys by queue position
//	<p>due        sorted set of pending keys by due time (ms)
//	<p>inflight   sorted set of claimed keys by lease expiry (ms)
//	<p>tok        hash: claimed key -> claim token
//	<p>dead       sorted set of dead letters by queue position
//	<p>subj       hash: key -> subject hash ("0": none)
//	<p>size       hash: key -> bytes;  <p>bytes: their sum
//	<p>s:<subj>   sorted set of a subject's pending keys by queue position
//	<p>last       the last queue position handed out
//
// <p> is hookstile:queue:<name>: with name from the URL's queue= option or
// the route (its CloudEvents source, as the spool's directory name). A key
// is the zero-padded queue position: microseconds of the record's queued
// time, made unique and increasing by the script. Due times and leases are
// the instances' clocks (as with a spool shared over a network file
// system): keep them in step (NTP) well within a lease.
type RedisQueue struct {
	c         *resp.Client
	url       string // the shared client's URL
	prefix    string
	name      string
	maxBytes  int64
	maxEvents int
}

// OpenRedis opens the queue name on the Redis of rawURL (see resp.ParseURL;
// a queue=NAME option overrides name). Routes naming the same URL share one
// connection pool.
func OpenRedis(rawURL, name string, opts SpoolOptions) (*RedisQueue, error) {
	u, qname, err := splitQueueName(rawURL)
	if err != nil {
		return nil, err
	}
	if qname == "" {
		qname = name
	}
	if qname == "" {
		qname = "default"
	}
	if DirName("/hookstile/"+qname) != qname {
		return nil, fmt.Errorf("queue: name %q: want letters, digits, '.', '_' or '-'", clipName(qname))
	}
	c, err := resp.Shared(u)
	if err != nil {
		return nil, fmt.Errorf("queue %s: %v", resp.Redact(u), err)
	}
	q := &RedisQueue{c: c, url: u, prefix: "hookstile:queue:" + qname + ":", name: qname,
		maxBytes: opts.MaxBytes, maxEvents: opts.MaxEvents}
	if q.maxBytes <= 0 {
		q.maxBytes = DefaultMaxBytes
	}
	if q.maxEvents <= 0 {
		q.maxEvents = DefaultMaxEvents
	}
	return q, nil
}

// splitQueueName takes the queue= option out of a Redis URL.
func splitQueueName(rawURL string) (string, string, error) {
	i := strings.Index(rawURL, "?")
	if i < 0 {
		return rawURL, "", nil
	}
	vals, err := url.ParseQuery(rawURL[i+1:])
	if err != nil {
		return "", "", fmt.Errorf("queue %s: bad options", resp.Redact(rawURL[:i]))
	}
	name := vals.Get("queue")
	vals.Del("queue")
	rest := rawURL[:i]
	if enc := vals.Encode(); enc != "" {
		rest += "?" + enc
	}
	return rest, name, nil
}

func clipName(s string) string {
	if len(s) > 64 {
		return s[:64]
	}
	return s
}

// String names the queue with the Redis password hidden.
func (q *RedisQueue) String() string { return q.c.String() + " queue " + q.name }

// Close gives the shared client back.
func (q *RedisQueue) Close() error {
	if q.url != "" {
		resp.Release(q.url)
		q.url = ""
	}
	return nil
}

func (q *RedisQueue) unavailable(err error) error {
	return fmt.Errorf("queue %s: %w: %v", q.name, ErrUnavailable, err) // err names the server
}

// run runs a script with the queue's prefix as ARGV[1].
func (q *RedisQueue) run(s *resp.Script, args []string) (resp.Reply, error) {
	r, err := q.c.Run(s, nil, append([]string{q.prefix}, args...))
	if err != nil {
		return r, q.unavailable(err)
	}
	return r, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// addScript stores one record: ARGV prefix, json, subj, size, queued us,
// due ms, maxEvents, maxBytes. Returns the key, or FULL.
var addScript = resp.NewScript(`
local p = ARGV[1]
local n = redis.call('ZCARD', p..'pending') + redis.call('ZCARD', p..'inflight') + redis.call('ZCARD', p..'dead')
local bytes = tonumber(redis.call('GET', p..'bytes') or '0')
local size = tonumber(ARGV[4])
if n + 1 > tonumber(ARGV[7]) or bytes + size > tonumber(ARGV[8]) then
	return {'FULL', tostring(n), tostring(bytes)}
end
local seq = tonumber(ARGV[5])
local last = tonumber(redis.call('GET', p..'last') or '0')
if seq <= last then seq = last + 1 end
redis.call('SET', p..'last', string.format('%d', seq))
local key = string.format('%019d', seq)
redis.call('SET', p..'r:'..key, ARGV[2])
redis.call('HSET', p..'subj', key, ARGV[3])
redis.call('HSET', p..'size', key, ARGV[4])
redis.call('INCRBY', p..'bytes', ARGV[4])
redis.call('ZADD', p..'pending', seq, key)
redis.call('ZADD', p..'due', ARGV[6], key)
if ARGV[3] ~= '0' then redis.call('ZADD', p..'s:'..ARGV[3], seq, key) end
return {'OK', key}
`)

// newestPendingScript returns the key and JSON of the newest pending record
// of a subject: ARGV prefix, subj.
var newestPendingScript = resp.NewScript(`
local p = ARGV[1]
local ks = redis.call('ZREVRANGE', p..'s:'..ARGV[2], 0, 0)
if #ks == 0 then return false end
return {ks[1], redis.call('GET', p..'r:'..ks[1])}
`)

// replacePendingScript replaces a pending record's JSON if it is still
// pending and unchanged: ARGV prefix, key, old json, new json, new size,
// maxBytes. Returns 1, 0 (not pending any more, or changed) or FULL.
var replacePendingScript = resp.NewScript(`
local p = ARGV[1]
local k = ARGV[2]
if not redis.call('ZSCORE', p..'pending', k) then return 0 end
if redis.call('GET', p..'r:'..k) ~= ARGV[3] then return 0 end
local old = tonumber(redis.call('HGET', p..'size', k) or '0')
local bytes = tonumber(redis.call('GET', p..'bytes') or '0')
if bytes - old + tonumber(ARGV[5]) > tonumber(ARGV[6]) then return 'FULL' end
redis.call('SET', p..'r:'..k, ARGV[4])
redis.call('HSET', p..'size', k, ARGV[5])
redis.call('INCRBY', p..'bytes', tonumber(ARGV[5]) - old)
return 1
`)

// Add stores records; see Backend.
func (q *RedisQueue) Add(recs []*Record, coalesce bool, now time.Time) error {
	for _, rec := range recs {
		data, err := rec.Encode()
		if err != nil {
			return fmt.Errorf("%w: encoding: %v", ErrUnavailable, err)
		}
		if int64(len(data)) > q.maxBytes || len(data) > resp.MaxBulk {
			return fmt.Errorf("%w: %d bytes, the queue holds at most %d", ErrTooLarge, len(data), q.maxBytes)
		}
		subj := subjectHash(rec.Subject)
		if coalesce && subj != "0" {
			merged, err := q.coalesce(rec, subj)
			if err != nil {
				return err
			}
			if merged {
				continue
			}
		}
		r, err := q.run(addScript, []string{string(data), subj, itoa(int64(len(data))),
			itoa(rec.Queued.UnixNano() / 1000), itoa(ms(rec.Next)), strconv.Itoa(q.maxEvents), itoa(q.maxBytes)})
		if err != nil {
			return err
		}
		if len(r.Array) > 0 && r.Array[0].Str == "FULL" {
			return fmt.Errorf("%w: %s events, %s bytes held", ErrFull, r.Array[1].Str, r.Array[2].Str)
		}
		if len(r.Array) != 2 || r.Array[0].Str != "OK" {
			return q.unavailable(errors.New("unexpected reply to the add script"))
		}
	}
	return nil
}

// coalesce merges rec into the newest pending record of its subject: the
// merge is computed here (the record format is Go's) and stored only if
// that record is still pending and unchanged, else rec is added on its own
// (delivered after the one now in flight).
func (q *RedisQueue) coalesce(rec *Record, subj string) (bool, error) {
	for try := 0; try < 3; try++ {
		r, err := q.run(newestPendingScript, []string{subj})
		if err != nil {
			return false, err
		}
		if r.Nil || len(r.Array) != 2 || r.Array[1].Nil {
			return false, nil
		}
		key, oldJSON := r.Array[0].Str, r.Array[1].Str
		prev, err := DecodeRecord([]byte(oldJSON))
		if err != nil || prev.Subject != rec.Subject {
			return false, nil // corrupt, or a hash collision: add rec alone
		}
		m := *rec
		m.Queued = prev.Queued
		m.Merged = prev.Merged + rec.Merged + 1
		m.Attempts = prev.Attempts
		m.Next = prev.Next
		m.LastAttempt = prev.LastAttempt
		m.LastStatus = prev.LastStatus
		m.LastError = prev.LastError
		data, err := m.Encode()
		if err != nil {
			return false, fmt.Errorf("%w: encoding: %v", ErrUnavailable, err)
		}
		if int64(len(data)) > q.maxBytes {
			return false, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(data))
		}
		res, err := q.run(replacePendingScript, []string{key, oldJSON, string(data), itoa(int64(len(data))), itoa(q.maxBytes)})
		if err != nil {
			return false, err
		}
		if res.Kind == resp.KindBulk && res.Str == "FULL" {
			return false, fmt.Errorf("%w: merging would pass %d bytes", ErrFull, q.maxBytes)
		}
		if res.Int == 1 {
			return true, nil
		}
	}
	return false, nil
}

// claimScript: ARGV prefix, now ms, lease ms, max, perSubject, token.
// Reaps expired claims, then claims due records in queue order, at most
// perSubject in flight per subject (counting every instance), a subject's
// records in order. Returns {next due ms or -1, key, token, json, until, ...}.
var claimScript = resp.NewScript(`
local p = ARGV[1]
local now = tonumber(ARGV[2])
local leaseEnd = now + tonumber(ARGV[3])
local max = tonumber(ARGV[4])
local per = tonumber(ARGV[5])
for _, k in ipairs(redis.call('ZRANGEBYSCORE', p..'inflight', '-inf', '('..now)) do
	redis.call('ZREM', p..'inflight', k)
	redis.call('HDEL', p..'tok', k)
	local seq = tonumber(k)
	redis.call('ZADD', p..'pending', seq, k)
	redis.call('ZADD', p..'due', now, k)
	local s = redis.call('HGET', p..'subj', k)
	if s and s ~= '0' then redis.call('ZADD', p..'s:'..s, seq, k) end
end
local busy = {}
if per > 0 then
	for _, k in ipairs(redis.call('ZRANGE', p..'inflight', 0, -1)) do
		local s = redis.call('HGET', p..'subj', k) or '0'
		busy[s] = (busy[s] or 0) + 1
	end
end
local cand = redis.call('ZRANGEBYSCORE', p..'due', '-inf', now, 'LIMIT', 0, 4 * max + 1024)
table.sort(cand)
local out = {'-1'}
local claimed = 0
local full = false
local seen = {}
local function take(k)
	redis.call('ZREM', p..'pending', k)
	redis.call('ZREM', p..'due', k)
	redis.call('ZADD', p..'inflight', leaseEnd, k)
	local tok = ARGV[6]..':'..claimed
	redis.call('HSET', p..'tok', k, tok)
	local s = redis.call('HGET', p..'subj', k)
	if s and s ~= '0' then redis.call('ZREM', p..'s:'..s, k) end
	out[#out + 1] = k
	out[#out + 1] = tok
	out[#out + 1] = redis.call('GET', p..'r:'..k) or ''
	claimed = claimed + 1
end
for _, k in ipairs(cand) do
	if claimed >= max then full = true break end
	local s = redis.call('HGET', p..'subj', k) or '0'
	if per > 0 and s ~= '0' then
		if not seen[s] then
			seen[s] = true
			local free = per - (busy[s] or 0)
			if free > 0 then
				for _, sk in ipairs(redis.call('ZRANGE', p..'s:'..s, 0, free - 1)) do
					if claimed >= max then full = true break end
					local d = redis.call('ZSCORE', p..'due', sk)
					if not d or tonumber(d) > now then break end
					take(sk)
				end
			end
		end
	elseif redis.call('ZSCORE', p..'pending', k) then
		take(k)
	end
end
if full then
	out[1] = tostring(now)
else
	local nx = redis.call('ZRANGEBYSCORE', p..'due', '('..now, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
	if #nx == 2 then out[1] = nx[2] end
end
return out
`)

// Claim leases due records; see Backend.
func (q *RedisQueue) Claim(max, perSubject int, now time.Time, lease time.Duration) ([]*Claim, time.Time, error) {
	var next time.Time
	if max <= 0 {
		return nil, next, nil
	}
	until := now.Add(lease)
	r, err := q.run(claimScript, []string{itoa(ms(now)), itoa(lease.Milliseconds()), strconv.Itoa(max), strconv.Itoa(perSubject), randToken()})
	if err != nil {
		return nil, next, err
	}
	if len(r.Array) < 1 || (len(r.Array)-1)%3 != 0 {
		return nil, next, q.unavailable(errors.New("unexpected reply to the claim script"))
	}
	if n, err := strconv.ParseInt(r.Array[0].Str, 10, 64); err == nil && n >= 0 {
		next = fromMS(n)
	} else if f, err := strconv.ParseFloat(r.Array[0].Str, 64); err == nil && f >= 0 {
		next = fromMS(int64(f))
	}
	var claims []*Claim
	for i := 1; i+2 < len(r.Array); i += 3 {
		key, tok, data := r.Array[i].Str, r.Array[i+1].Str, r.Array[i+2].Str
		rec, err := DecodeRecord([]byte(data))
		if err != nil {
			// Corrupt: a dead letter with the reason, never delivered,
			// never lost (hookstile queue show/drop reach it).
			q.buryCorrupt(key, tok, now)
			continue
		}
		claims = append(claims, &Claim{Record: rec, Key: key, Token: tok, Until: until})
	}
	return claims, next, nil
}

func randToken() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	return hex.EncodeToString(b)
}

// settleScript ends a claim if it is still ours: ARGV prefix, key, token,
// mode (done, retry, bury, release), json ("" keeps it), due ms.
// Returns 1, or 0 when the claim was lost.
var settleScript = resp.NewScript(`
local p = ARGV[1]
local k = ARGV[2]
if redis.call('HGET', p..'tok', k) ~= ARGV[3] then return 0 end
redis.call('HDEL', p..'tok', k)
redis.call('ZREM', p..'inflight', k)
local mode = ARGV[4]
if mode == 'done' then
	local size = tonumber(redis.call('HGET', p..'size', k) or '0')
	redis.call('INCRBY', p..'bytes', -size)
	redis.call('DEL', p..'r:'..k)
	redis.call('HDEL', p..'size', k)
	redis.call('HDEL', p..'subj', k)
	return 1
end
if ARGV[5] ~= '' then
	local old = tonumber(redis.call('HGET', p..'size', k) or '0')
	redis.call('SET', p..'r:'..k, ARGV[5])
	redis.call('HSET', p..'size', k, string.len(ARGV[5]))
	redis.call('INCRBY', p..'bytes', string.len(ARGV[5]) - old)
end
local seq = tonumber(k)
if mode == 'bury' then
	redis.call('ZADD', p..'dead', seq, k)
	return 1
end
redis.call('ZADD', p..'pending', seq, k)
redis.call('ZADD', p..'due', ARGV[6], k)
local s = redis.call('HGET', p..'subj', k)
if s and s ~= '0' then redis.call('ZADD', p..'s:'..s, seq, k) end
return 1
`)

func (q *RedisQueue) settle(c *Claim, mode string, rec *Record, due time.Time) error {
	data := ""
	if rec != nil {
		b, err := rec.Encode()
		if err != nil {
			return fmt.Errorf("%w: encoding: %v", ErrUnavailable, err)
		}
		data = string(b)
	}
	r, err := q.run(settleScript, []string{c.Key, c.Token, mode, data, itoa(ms(due))})
	if err != nil {
		return err
	}
	if r.Int != 1 {
		return ErrLost
	}
	return nil
}

// renewScript: ARGV prefix, key, token, until ms.
var renewScript = resp.NewScript(`
local p = ARGV[1]
if redis.call('HGET', p..'tok', ARGV[2]) ~= ARGV[3] then return 0 end
redis.call('ZADD', p..'inflight', ARGV[4], ARGV[2])
return 1
`)

// Renew extends a claim's lease.
func (q *RedisQueue) Renew(c *Claim, now time.Time, lease time.Duration) error {
	until := now.Add(lease)
	r, err := q.run(renewScript, []string{c.Key, c.Token, itoa(ms(until))})
	if err != nil {
		return err
	}
	if r.Int != 1 {
		return ErrLost
	}
	c.Until = until
	return nil
}

// Done removes a delivered record.
func (q *RedisQueue) Done(c *Claim) error { return q.settle(c, "done", nil, time.Time{}) }

// Retry stores the updated record, pending at c.Record.Next.
func (q *RedisQueue) Retry(c *Claim, now time.Time) error {
	return q.settle(c, "retry", c.Record, c.Record.Next)
}

// Bury stores the updated record as a dead letter.
func (q *RedisQueue) Bury(c *Claim, now time.Time) error {
	return q.settle(c, "bury", c.Record, now)
}

// Release makes a claim pending again, due now, nothing recorded.
func (q *RedisQueue) Release(c *Claim, now time.Time) error {
	return q.settle(c, "release", nil, now)
}

// buryCorrupt makes an unreadable claimed record a dead letter.
func (q *RedisQueue) buryCorrupt(key, tok string, now time.Time) {
	q.run(settleScript, []string{key, tok, "bury", "", itoa(ms(now))})
}

// listScript returns every key with its state and JSON, and the lease of
// claimed ones: ARGV prefix. {key, state, until, json, ...}
var listScript = resp.NewScript(`
local p = ARGV[1]
local out = {}
for _, set in ipairs({'pending', 'inflight', 'dead'}) do
	local ks = redis.call('ZRANGE', p..set, 0, -1, 'WITHSCORES')
	for i = 1, #ks, 2 do
		out[#out + 1] = ks[i]
		out[#out + 1] = set
		out[#out + 1] = ks[i + 1]
		out[#out + 1] = redis.call('GET', p..'r:'..ks[i]) or ''
	end
end
return out
`)

// List returns every record with its state, in queue order.
func (q *RedisQueue) List(now time.Time) ([]Entry, error) {
	entries, _, err := q.list()
	return entries, err
}

// list returns the entries and each one's stored JSON.
func (q *RedisQueue) list() ([]Entry, []string, error) {
	r, err := q.run(listScript, nil)
	if err != nil {
		return nil, nil, err
	}
	type item struct {
		e   Entry
		raw string
	}
	items := make([]item, 0, len(r.Array)/4)
	for i := 0; i+3 < len(r.Array); i += 4 {
		e := Entry{Key: r.Array[i].Str}
		switch r.Array[i+1].Str {
		case "pending":
			e.State = StatePending
		case "inflight":
			e.State = StateInFlight
			if f, err := strconv.ParseFloat(r.Array[i+2].Str, 64); err == nil {
				e.Until = fromMS(int64(f))
			}
		default:
			e.State = StateDead
		}
		e.Record, e.Err = DecodeRecord([]byte(r.Array[i+3].Str))
		if e.Err != nil {
			e.Record = nil
		}
		items = append(items, item{e: e, raw: r.Array[i+3].Str})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].e.Key < items[j].e.Key })
	entries := make([]Entry, len(items))
	raws := make([]string, len(items))
	for i := range items {
		entries[i], raws[i] = items[i].e, items[i].raw
	}
	return entries, raws, nil
}

// replayScript makes one dead letter pending again under a new queue
// position: ARGV prefix, key, old json, new json, now us, now ms.
// Returns 1, or 0 when it is not that dead letter any more.
var replayScript = resp.NewScript(`
local p = ARGV[1]
local k = ARGV[2]
if not redis.call('ZSCORE', p..'dead', k) then return 0 end
if (redis.call('GET', p..'r:'..k) or '') ~= ARGV[3] then return 0 end
local seq = tonumber(ARGV[5])
local last = tonumber(redis.call('GET', p..'last') or '0')
if seq <= last then seq = last + 1 end
redis.call('SET', p..'last', string.format('%d', seq))
local nk = string.format('%019d', seq)
local s = redis.call('HGET', p..'subj', k) or '0'
local old = tonumber(redis.call('HGET', p..'size', k) or '0')
redis.call('ZREM', p..'dead', k)
redis.call('DEL', p..'r:'..k)
redis.call('HDEL', p..'subj', k)
redis.call('HDEL', p..'size', k)
redis.call('SET', p..'r:'..nk, ARGV[4])
redis.call('HSET', p..'subj', nk, s)
redis.call('HSET', p..'size', nk, string.len(ARGV[4]))
redis.call('INCRBY', p..'bytes', string.len(ARGV[4]) - old)
redis.call('ZADD', p..'pending', seq, nk)
redis.call('ZADD', p..'due', ARGV[6], nk)
if s ~= '0' then redis.call('ZADD', p..'s:'..s, seq, nk) end
return 1
`)

// Replay makes dead letters pending again; see Backend. Each is moved by
// one script, only if it is still the dead letter that was read.
func (q *RedisQueue) Replay(ids []string, all bool, now time.Time) (int, error) {
	entries, raws, err := q.list()
	if err != nil {
		return 0, err
	}
	count := 0
	for i, e := range entries {
		if e.State != StateDead || e.Record == nil || (!all && !matches(ids, e.Key, e.Record)) {
			continue
		}
		rec := e.Record
		rec.Attempts = 0
		rec.Next = now.UTC()
		rec.Queued = now.UTC()
		rec.Died = time.Time{}
		data, err := rec.Encode()
		if err != nil {
			return count, fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
		r, err := q.run(replayScript, []string{e.Key, raws[i], string(data), itoa(now.UnixNano() / 1000), itoa(ms(now))})
		if err != nil {
			return count, err
		}
		if r.Int == 1 {
			count++
		}
	}
	if count == 0 && !all && len(ids) > 0 {
		return 0, fmt.Errorf("%w: no dead letter %s", ErrNotFound, strings.Join(ids, ", "))
	}
	return count, nil
}

// dropScript deletes one pending or dead record (never one in flight):
// ARGV prefix, key, allowPending ("1"/"0"). Returns 1 or 0.
var dropScript = resp.NewScript(`
local p = ARGV[1]
local k = ARGV[2]
local inPending = redis.call('ZSCORE', p..'pending', k)
local inDead = redis.call('ZSCORE', p..'dead', k)
if not inDead and not (inPending and ARGV[3] == '1') then return 0 end
local s = redis.call('HGET', p..'subj', k) or '0'
local size = tonumber(redis.call('HGET', p..'size', k) or '0')
redis.call('ZREM', p..'pending', k)
redis.call('ZREM', p..'due', k)
redis.call('ZREM', p..'dead', k)
if s ~= '0' then redis.call('ZREM', p..'s:'..s, k) end
redis.call('DEL', p..'r:'..k)
redis.call('HDEL', p..'subj', k)
redis.call('HDEL', p..'size', k)
redis.call('INCRBY', p..'bytes', -size)
return 1
`)

// Drop deletes the named pending or dead events, or every dead letter.
func (q *RedisQueue) Drop(ids []string, all bool, now time.Time) (int, error) {
	entries, err := q.List(now)
	if err != nil {
		return 0, err
	}
	count := 0
	for _, e := range entries {
		if e.State == StateInFlight || (all && e.State != StateDead) || (!all && !matches(ids, e.Key, e.Record)) {
			continue
		}
		pending := "0"
		if !all {
			pending = "1"
		}
		r, err := q.run(dropScript, []string{e.Key, pending})
		if err != nil {
			return count, err
		}
		if r.Int == 1 {
			count++
		}
	}
	if count == 0 && !all && len(ids) > 0 {
		return 0, fmt.Errorf("%w: no pending or dead event %s (events in flight cannot be dropped)", ErrNotFound, strings.Join(ids, ", "))
	}
	return count, nil
}

// statsScript: ARGV prefix. {pending, inflight, dead, bytes, oldest key}
var statsScript = resp.NewScript(`
local p = ARGV[1]
local oldest = ''
local a = redis.call('ZRANGE', p..'pending', 0, 0)
if #a == 1 then oldest = a[1] end
for _, k in ipairs(redis.call('ZRANGE', p..'inflight', 0, -1)) do
	if oldest == '' or k < oldest then oldest = k end
end
return {redis.call('ZCARD', p..'pending'), redis.call('ZCARD', p..'inflight'), redis.call('ZCARD', p..'dead'),
	tonumber(redis.call('GET', p..'bytes') or '0'), oldest}
`)

// Stats counts the records by state.
func (q *RedisQueue) Stats(now time.Time) (Stats, error) {
	var st Stats
	r, err := q.run(statsScript, nil)
	if err != nil {
		return st, err
	}
	if len(r.Array) != 5 {
		return st, q.unavailable(errors.New("unexpected reply to the stats script"))
	}
	st.Pending, st.InFlight, st.Dead = int(r.Array[0].Int), int(r.Array[1].Int), int(r.Array[2].Int)
	st.Bytes = r.Array[3].Int
	if us, err := strconv.ParseInt(r.Array[4].Str, 10, 64); err == nil && us > 0 {
		st.Oldest = time.Unix(0, us*1000)
	}
	return st, nil
}
