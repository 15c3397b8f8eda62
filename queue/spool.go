package queue

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults of a spool.
const (
	DefaultMaxBytes  = 256 << 20 // bytes of records held, dead letters included
	DefaultMaxEvents = 100000    // records held, dead letters included
)

// Subdirectories of a spool. A record is one file; its state is the
// directory it is in, and its name carries what scheduling needs, so a scan
// reads names only:
//
//	tmp/       records being written (w.*), and coalescing holds (c.*)
//	pending/   <seq>.<rnd>.<subject>.<size>.<due ms>.p.json
//	inflight/  <seq>.<rnd>.<subject>.<size>.<lease expiry ms>.<owner>.json
//	dead/      <seq>.<rnd>.<subject>.<size>.<died ms>.d.json
//	bad/       corrupt files set aside, never read again
//
// seq is the queue position (unix nanoseconds, zero-padded, so names sort in
// queue order), rnd makes the name unique, subject is a hash of the event's
// subject ("0" for none). Every change of state is a rename, atomic on one
// file system: a new record is written in tmp/, fsynced, renamed into
// pending/, and the directory fsynced (as Postfix's queue and maildir do); a
// claim is the rename from pending/ to inflight/, which only one process
// wins; a claim's lease is in its name, renewed by renaming; a claim whose
// lease expired (its process died) is renamed back to pending/ by whichever
// process scans first.
const (
	dirTmp      = "tmp"
	dirPending  = "pending"
	dirInFlight = "inflight"
	dirDead     = "dead"
	dirBad      = "bad"
)

// Logger receives the queue's log lines: level is "error", "warn" or "info".
type Logger interface {
	Log(level, msg string)
}

// SpoolOptions bound a spool.
type SpoolOptions struct {
	// MaxBytes bounds the bytes of records held (pending, in flight and
	// dead). Default DefaultMaxBytes. A record larger than this is refused
	// with ErrTooLarge.
	MaxBytes int64
	// MaxEvents bounds the records held. Default DefaultMaxEvents.
	MaxEvents int
	// Logger gets one line per corrupt file set aside. Nil: no log.
	Logger Logger
	// Existing opens a spool that must already exist, without creating or
	// writing anything (the hookstile command's ls and show).
	Existing bool
	// Name is the queue's name in a Redis (a route's DirName); a URL's
	// queue= option overrides it. Default "default". Not used by a spool.
	Name string
}

// Spool is a Backend on a directory of the local file system.
type Spool struct {
	dir       string
	owner     string
	maxBytes  int64
	maxEvents int
	log       Logger

	mu      sync.Mutex
	events  int   // records held at the last scan, plus those added since
	bytes   int64 // their bytes
	inEv    int   // reserved by an Add whose file is not in pending/ yet
	inBytes int64
	lastSeq int64
	badSeen map[string]bool

	stripes [32]sync.Mutex // serialize coalescing per subject within the process
}

// OpenSpool opens (creating it if needed) the spool in dir.
func OpenSpool(dir string, opts SpoolOptions) (*Spool, error) {
	if strings.TrimSpace(dir) == "" {
		return nil, fmt.Errorf("queue: no spool directory")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("queue: spool directory %s: %v", dir, err)
	}
	s := &Spool{dir: abs, owner: randHex(4), maxBytes: opts.MaxBytes, maxEvents: opts.MaxEvents, log: opts.Logger, badSeen: map[string]bool{}}
	if s.maxBytes <= 0 {
		s.maxBytes = DefaultMaxBytes
	}
	if s.maxEvents <= 0 {
		s.maxEvents = DefaultMaxEvents
	}
	if opts.Existing {
		for _, d := range []string{dirPending, dirInFlight, dirDead} {
			if fi, err := os.Stat(filepath.Join(abs, d)); err != nil || !fi.IsDir() {
				return nil, fmt.Errorf("queue: %s is not a spool directory (no %s/)", abs, d)
			}
		}
		return s, nil
	}
	for _, d := range []string{dirTmp, dirPending, dirInFlight, dirDead, dirBad} {
		if err := os.MkdirAll(filepath.Join(abs, d), 0o700); err != nil {
			return nil, fmt.Errorf("queue: spool directory %s: %w: %v", abs, ErrUnavailable, err)
		}
	}
	// Check now that records can be written, so a read-only directory is a
	// configuration error rather than a surprise at the first delivery.
	probe, err := s.writeTmp([]byte("probe"), time.Now())
	if err != nil {
		return nil, fmt.Errorf("queue: spool directory %s: %w", abs, err)
	}
	os.Remove(probe)
	if _, err := s.Stats(time.Now()); err != nil {
		return nil, err
	}
	s.account(time.Now())
	return s, nil
}

// Dir is the spool's absolute directory.
func (s *Spool) Dir() string { return s.dir }

// Close does nothing: a spool holds nothing open.
func (s *Spool) Close() error { return nil }

// fname is a parsed record file name.
type fname struct {
	seq  int64
	rnd  string
	subj string
	size int64
	t    int64 // due, lease expiry or death, unix milliseconds
	tag  string
}

func (n fname) key() string { return fmt.Sprintf("%019d.%s", n.seq, n.rnd) }

func (n fname) String() string {
	return n.key() + "." + n.subj + "." + strconv.FormatInt(n.size, 10) + "." + strconv.FormatInt(n.t, 10) + "." + n.tag + ".json"
}

func parseName(s string) (fname, bool) {
	var n fname
	p := strings.Split(s, ".")
	if len(p) != 7 || p[6] != "json" || len(p[0]) != 19 || len(p[1]) != 8 || p[5] == "" {
		return n, false
	}
	var err error
	if n.seq, err = strconv.ParseInt(p[0], 10, 64); err != nil || n.seq < 0 {
		return n, false
	}
	if n.size, err = strconv.ParseInt(p[3], 10, 64); err != nil || n.size < 0 {
		return n, false
	}
	if n.t, err = strconv.ParseInt(p[4], 10, 64); err != nil {
		return n, false
	}
	if strings.Trim(p[1], "0123456789abcdef") != "" || strings.Trim(p[5], "0123456789abcdefhpd") != "" {
		return n, false
	}
	if p[2] != "0" && (len(p[2]) != 16 || strings.Trim(p[2], "0123456789abcdef") != "") {
		return n, false
	}
	n.rnd = p[1]
	n.subj = p[2]
	n.tag = p[5]
	return n, true
}

func subjectHash(subject string) string {
	if subject == "" {
		return "0"
	}
	h := sha256.Sum256([]byte(subject))
	return hex.EncodeToString(h[:8])
}

func randHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return strconv.FormatInt(time.Now().UnixNano()%(1<<31), 16)
	}
	return hex.EncodeToString(b)
}

func ms(t time.Time) int64 { return t.UnixNano() / int64(time.Millisecond) }

func fromMS(m int64) time.Time { return time.Unix(0, m*int64(time.Millisecond)) }

func (s *Spool) path(d, name string) string { return filepath.Join(s.dir, d, name) }

// nextSeq returns a queue position for t, strictly after every position this
// process handed out before.
func (s *Spool) nextSeq(t time.Time) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	seq := t.UnixNano()
	if seq <= s.lastSeq {
		seq = s.lastSeq + 1
	}
	s.lastSeq = seq
	return seq
}

// writeTmp writes data to a new file in tmp/ and fsyncs it.
func (s *Spool) writeTmp(data []byte, now time.Time) (string, error) {
	p := s.path(dirTmp, "w."+strconv.FormatInt(ms(now), 10)+"."+randHex(8))
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(p)
		return "", fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return p, nil
}

// syncDir makes the renames into d durable.
func (s *Spool) syncDir(d string) error {
	f, err := os.Open(filepath.Join(s.dir, d))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	err = f.Sync()
	f.Close()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return nil
}

// Add stores recs durably; see Backend.
func (s *Spool) Add(recs []*Record, coalesce bool, now time.Time) error {
	var added []string
	for _, rec := range recs {
		data, err := rec.Encode()
		if err != nil {
			return fmt.Errorf("%w: encoding: %v", ErrUnavailable, err)
		}
		if int64(len(data)) > s.maxBytes {
			return fmt.Errorf("%w: %d bytes, the queue holds at most %d", ErrTooLarge, len(data), s.maxBytes)
		}
		subj := subjectHash(rec.Subject)
		if coalesce && subj != "0" {
			merged, err := s.coalesce(rec, subj, now)
			if err != nil {
				return err
			}
			if merged {
				continue
			}
			data, err = rec.Encode()
			if err != nil {
				return fmt.Errorf("%w: encoding: %v", ErrUnavailable, err)
			}
		}
		if err := s.reserve(int64(len(data))); err != nil {
			return err
		}
		n := fname{seq: s.nextSeq(rec.Queued), rnd: randHex(4), subj: subj, size: int64(len(data)), t: ms(rec.Next), tag: "p"}
		tmp, err := s.writeTmp(data, now)
		if err == nil {
			if rerr := os.Rename(tmp, s.path(dirPending, n.String())); rerr != nil {
				os.Remove(tmp)
				err = fmt.Errorf("%w: %v", ErrUnavailable, rerr)
			}
		}
		s.unreserve(int64(len(data)), err == nil)
		if err != nil {
			return err
		}
		added = append(added, n.String())
	}
	if len(added) > 0 {
		return s.syncDir(dirPending)
	}
	return nil
}

// reserve counts a new record against the bounds.
func (s *Spool) reserve(size int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.events+1 > s.maxEvents {
		return fmt.Errorf("%w: %d events held", ErrFull, s.events)
	}
	if s.bytes+size > s.maxBytes {
		return fmt.Errorf("%w: %d bytes held", ErrFull, s.bytes)
	}
	s.events++
	s.bytes += size
	s.inEv++
	s.inBytes += size
	return nil
}

// unreserve ends a reservation: the record was stored (a scan now sees
// it) or it failed (it is given back).
func (s *Spool) unreserve(size int64, stored bool) {
	s.mu.Lock()
	s.inEv--
	s.inBytes -= size
	if !stored {
		s.events--
		s.bytes -= size
	}
	s.mu.Unlock()
}

// coalesce merges rec into the newest pending record of its subject, if
// there is one. The old record is first taken out of pending/ by a rename
// into tmp/ (so no worker claims it meanwhile); if that rename loses to a
// claim, the subject's record is in flight and rec is added as a new record,
// delivered after it. A hold left by a crash is put back by recoverTmp.
func (s *Spool) coalesce(rec *Record, subj string, now time.Time) (bool, error) {
	st := &s.stripes[int(subj[0])%len(s.stripes)]
	st.Lock()
	defer st.Unlock()
	names, err := s.names(dirPending)
	if err != nil {
		return false, err
	}
	var old fname
	found := false
	for _, n := range names {
		if n.subj == subj && n.tag == "p" {
			old, found = n, true // names are in queue order: keep the last
		}
	}
	if !found {
		return false, nil
	}
	hold := s.path(dirTmp, "c."+strconv.FormatInt(ms(now), 10)+"."+old.String())
	if err := os.Rename(s.path(dirPending, old.String()), hold); err != nil {
		if os.IsNotExist(err) {
			return false, nil
		}
		return false, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	prev, err := s.readRecord(hold)
	if err != nil {
		s.setAside(hold, old.String(), err)
		return false, nil
	}
	if prev.Subject != rec.Subject {
		// A hash collision: not the same subject after all.
		return false, s.restore(hold, old)
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
		return false, s.restore(hold, old)
	}
	if int64(len(data)) > s.maxBytes {
		s.restore(hold, old)
		return false, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(data))
	}
	n := fname{seq: old.seq, rnd: randHex(4), subj: subj, size: int64(len(data)), t: old.t, tag: "p"}
	tmp, err := s.writeTmp(data, now)
	if err == nil {
		if rerr := os.Rename(tmp, s.path(dirPending, n.String())); rerr != nil {
			os.Remove(tmp)
			err = fmt.Errorf("%w: %v", ErrUnavailable, rerr)
		}
	}
	if err == nil {
		err = s.syncDir(dirPending)
	}
	if err != nil {
		s.restore(hold, old)
		return false, err
	}
	os.Remove(hold)
	s.mu.Lock()
	s.bytes += n.size - old.size
	s.mu.Unlock()
	return true, nil
}

// restore puts a coalescing hold back where it was.
func (s *Spool) restore(hold string, old fname) error {
	if err := os.Rename(hold, s.path(dirPending, old.String())); err != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return nil
}

// names lists the record files of d in queue order. A name that is not a
// record's is set aside.
func (s *Spool) names(d string) ([]fname, error) {
	ents, err := os.ReadDir(filepath.Join(s.dir, d))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	out := make([]fname, 0, len(ents))
	for _, e := range ents {
		n, ok := parseName(e.Name())
		if !ok {
			s.setAside(s.path(d, e.Name()), e.Name(), fmt.Errorf("%w: not a record file name", ErrCorrupt))
			continue
		}
		out = append(out, n)
	}
	return out, nil
}

// readRecord reads and checks one record file.
func (s *Spool) readRecord(p string) (*Record, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return DecodeRecord(b)
}

// setAside moves a corrupt file to bad/ with one log line.
func (s *Spool) setAside(p, name string, why error) {
	dst := s.path(dirBad, name+"."+strconv.FormatInt(ms(time.Now()), 10))
	err := os.Rename(p, dst)
	if os.IsNotExist(err) {
		return
	}
	s.mu.Lock()
	seen := s.badSeen[p]
	s.badSeen[p] = true
	s.mu.Unlock()
	if err != nil {
		if !seen && s.log != nil {
			s.log.Log("error", fmt.Sprintf("queue %s: corrupt record %s cannot be set aside: %v (%v)", s.dir, name, err, why))
		}
		return
	}
	if s.log != nil {
		s.log.Log("error", fmt.Sprintf("queue %s: corrupt record %s set aside in bad/: %v", s.dir, name, why))
	}
}

// recoverTmp removes abandoned partial writes (never acknowledged) and puts
// back coalescing holds left by a crash.
func (s *Spool) recoverTmp(now time.Time) {
	ents, err := os.ReadDir(filepath.Join(s.dir, dirTmp))
	if err != nil {
		return
	}
	for _, e := range ents {
		p := strings.SplitN(e.Name(), ".", 3)
		if len(p) != 3 {
			continue
		}
		t, err := strconv.ParseInt(p[1], 10, 64)
		if err != nil {
			continue
		}
		age := now.Sub(fromMS(t))
		switch {
		case p[0] == "w" && age > time.Hour:
			os.Remove(s.path(dirTmp, e.Name()))
		case p[0] == "c" && age > time.Minute:
			if _, ok := parseName(p[2]); ok {
				os.Rename(s.path(dirTmp, e.Name()), s.path(dirPending, p[2]))
			}
		}
	}
}

// Claim leases due records; see Backend.
func (s *Spool) Claim(max, perSubject int, now time.Time, lease time.Duration) ([]*Claim, time.Time, error) {
	var next time.Time
	s.recoverTmp(now)
	nowMS := ms(now)
	infl, err := s.names(dirInFlight)
	if err != nil {
		return nil, next, err
	}
	pend, err := s.names(dirPending)
	if err != nil {
		return nil, next, err
	}
	busy := map[string]int{}
	reaped := false
	for _, n := range infl {
		if n.t >= nowMS {
			busy[n.subj]++
			continue
		}
		// The claimer did not renew: it died. Pending again, due now.
		back := n
		back.t = nowMS
		back.tag = "p"
		if err := os.Rename(s.path(dirInFlight, n.String()), s.path(dirPending, back.String())); err == nil {
			pend = append(pend, back)
			reaped = true
		}
	}
	if reaped {
		sort.Slice(pend, func(i, j int) bool { return pend[i].key() < pend[j].key() })
		s.syncDir(dirPending)
	}
	s.account(now)

	var claims []*Claim
	blocked := map[string]bool{}
	for _, n := range pend {
		limited := perSubject > 0 && n.subj != "0"
		if limited && (blocked[n.subj] || busy[n.subj] >= perSubject) {
			blocked[n.subj] = true
			continue
		}
		if n.t > nowMS {
			if t := fromMS(n.t); next.IsZero() || t.Before(next) {
				next = t
			}
			if limited {
				blocked[n.subj] = true // keep the subject's order
			}
			continue
		}
		if len(claims) >= max {
			if next.IsZero() || now.Before(next) {
				next = now
			}
			break
		}
		c, err := s.claimOne(n, perSubject, limited, now, lease)
		if err != nil {
			return claims, next, err
		}
		if c == nil {
			if limited {
				blocked[n.subj] = true
			}
			continue
		}
		busy[n.subj]++
		claims = append(claims, c)
	}
	return claims, next, nil
}

// claimOne renames one pending record into inflight/. With a per-subject
// limit it then counts the subject's claims: a process that sees more than
// the limit backs off. Every claimer lists after its own claim is visible,
// so of two racing claimers the later lister always sees both: at most the
// limit proceed.
func (s *Spool) claimOne(n fname, perSubject int, limited bool, now time.Time, lease time.Duration) (*Claim, error) {
	until := now.Add(lease)
	c := n
	c.t = ms(until)
	c.tag = s.owner
	if err := os.Rename(s.path(dirPending, n.String()), s.path(dirInFlight, c.String())); err != nil {
		if os.IsNotExist(err) {
			return nil, nil // another process took it
		}
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	if limited {
		infl, err := s.names(dirInFlight)
		if err != nil {
			return nil, err
		}
		count := 0
		nowMS := ms(now)
		for _, o := range infl {
			if o.subj == n.subj && o.t >= nowMS {
				count++
			}
		}
		if count > perSubject {
			if err := os.Rename(s.path(dirInFlight, c.String()), s.path(dirPending, n.String())); err != nil && !os.IsNotExist(err) {
				return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
			}
			return nil, nil
		}
	}
	rec, err := s.readRecord(s.path(dirInFlight, c.String()))
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		s.setAside(s.path(dirInFlight, c.String()), n.String(), err)
		return nil, nil
	}
	return &Claim{Record: rec, Key: n.key(), Token: c.String(), Until: until}, nil
}

// account recounts what the spool holds from the file names.
func (s *Spool) account(now time.Time) {
	st, err := s.Stats(now)
	if err != nil {
		return
	}
	s.mu.Lock()
	// Records being added are not in the scan yet (or just are: counted
	// twice for a moment, which only errs on the side of "full").
	s.events = st.Pending + st.InFlight + st.Dead + s.inEv
	s.bytes = st.Bytes + s.inBytes
	s.mu.Unlock()
}

// Renew extends a claim's lease by renaming its file.
func (s *Spool) Renew(c *Claim, now time.Time, lease time.Duration) error {
	n, ok := parseName(c.Token)
	if !ok {
		return ErrLost
	}
	until := now.Add(lease)
	n.t = ms(until)
	if err := os.Rename(s.path(dirInFlight, c.Token), s.path(dirInFlight, n.String())); err != nil {
		if os.IsNotExist(err) {
			return ErrLost
		}
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	c.Token = n.String()
	c.Until = until
	return nil
}

// Done removes a delivered record.
func (s *Spool) Done(c *Claim) error {
	n, _ := parseName(c.Token)
	if err := os.Remove(s.path(dirInFlight, c.Token)); err != nil {
		if os.IsNotExist(err) {
			return ErrLost
		}
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	s.mu.Lock()
	s.events--
	s.bytes -= n.size
	s.mu.Unlock()
	return s.syncDir(dirInFlight)
}

// Retry stores the updated record and makes it pending at c.Record.Next.
func (s *Spool) Retry(c *Claim, now time.Time) error {
	return s.settle(c, now, dirPending, ms(c.Record.Next), "p")
}

// Bury stores the updated record as a dead letter.
func (s *Spool) Bury(c *Claim, now time.Time) error {
	return s.settle(c, now, dirDead, ms(now), "d")
}

// settle rewrites a claimed record and moves it out of inflight/: the claim
// is renewed first (proving it is still ours, for a minute), the new content
// replaces the claim file by a rename, and that file is renamed into place.
// At every moment the record is in exactly one file.
func (s *Spool) settle(c *Claim, now time.Time, d string, t int64, tag string) error {
	data, err := c.Record.Encode()
	if err != nil {
		return fmt.Errorf("%w: encoding: %v", ErrUnavailable, err)
	}
	tmp, err := s.writeTmp(data, now)
	if err != nil {
		return err
	}
	old, _ := parseName(c.Token)
	if err := s.Renew(c, now, time.Minute); err != nil {
		os.Remove(tmp)
		return err
	}
	n, _ := parseName(c.Token)
	claimPath := s.path(dirInFlight, c.Token)
	if err := os.Rename(tmp, claimPath); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	n.size = int64(len(data))
	n.t = t
	n.tag = tag
	if err := os.Rename(claimPath, s.path(d, n.String())); err != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	s.mu.Lock()
	s.bytes += n.size - old.size
	s.mu.Unlock()
	if err := s.syncDir(dirInFlight); err != nil {
		return err
	}
	return s.syncDir(d)
}

// Release makes a claim pending again, due now, with nothing recorded.
func (s *Spool) Release(c *Claim, now time.Time) error {
	n, ok := parseName(c.Token)
	if !ok {
		return ErrLost
	}
	n.t = ms(now)
	n.tag = "p"
	if err := os.Rename(s.path(dirInFlight, c.Token), s.path(dirPending, n.String())); err != nil {
		if os.IsNotExist(err) {
			return ErrLost
		}
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return s.syncDir(dirPending)
}

// Stats counts the records by state, from their names. Records move
// between directories while they are listed (a claim, a retry), so pending/
// and inflight/ are listed twice and each record counted once, in the state
// it was seen in last: one that moved during the scan is not missed.
func (s *Spool) Stats(now time.Time) (Stats, error) {
	var st Stats
	seen := map[string]fname{}
	state := map[string]string{}
	for _, d := range []string{dirPending, dirInFlight, dirDead, dirPending, dirInFlight} {
		names, err := s.names(d)
		if err != nil {
			return st, err
		}
		for _, n := range names {
			seen[n.key()] = n
			state[n.key()] = d
		}
	}
	oldest := int64(0)
	for k, n := range seen {
		st.Bytes += n.size
		switch state[k] {
		case dirPending:
			st.Pending++
		case dirInFlight:
			st.InFlight++
		default:
			st.Dead++
			continue
		}
		if oldest == 0 || n.seq < oldest {
			oldest = n.seq
		}
	}
	if oldest != 0 {
		st.Oldest = time.Unix(0, oldest)
	}
	return st, nil
}

// List returns every record with its state, in queue order.
func (s *Spool) List(now time.Time) ([]Entry, error) {
	var out []Entry
	for _, d := range []string{dirPending, dirInFlight, dirDead} {
		names, err := s.names(d)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			e := Entry{Key: n.key()}
			switch d {
			case dirPending:
				e.State = StatePending
			case dirInFlight:
				e.State = StateInFlight
				e.Until = fromMS(n.t)
			default:
				e.State = StateDead
			}
			rec, err := s.readRecord(s.path(d, n.String()))
			if err != nil {
				if os.IsNotExist(err) {
					continue // moved on while listing
				}
				e.Err = err
			}
			e.Record = rec
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// matches reports whether a record (or its key) is named by ids.
func matches(ids []string, key string, rec *Record) bool {
	for _, id := range ids {
		if id == key || rec != nil && rec.ID == id {
			return true
		}
	}
	return false
}

// Replay makes dead letters pending again; see Backend. Each one is first
// renamed to a name of its own within dead/ (only one replayer wins it), its
// new content replaces that file, and the file is renamed into pending/:
// a crash in between leaves it a dead letter, never lost, never doubled.
func (s *Spool) Replay(ids []string, all bool, now time.Time) (int, error) {
	names, err := s.names(dirDead)
	if err != nil {
		return 0, err
	}
	count := 0
	for _, n := range names {
		p := s.path(dirDead, n.String())
		if !all {
			rec, err := s.readRecord(p)
			if err != nil && !os.IsNotExist(err) {
				s.setAside(p, n.String(), err)
			}
			if !matches(ids, n.key(), rec) {
				continue
			}
		}
		held := n
		held.tag = "h" + randHex(4)
		hp := s.path(dirDead, held.String())
		if err := os.Rename(p, hp); err != nil {
			if os.IsNotExist(err) {
				continue
			}
			return count, fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
		rec, err := s.readRecord(hp)
		if err != nil {
			s.setAside(hp, held.String(), err)
			continue
		}
		rec.Attempts = 0
		rec.Next = now.UTC()
		rec.Queued = now.UTC()
		rec.Died = time.Time{}
		data, err := rec.Encode()
		if err != nil {
			return count, fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
		tmp, err := s.writeTmp(data, now)
		if err != nil {
			return count, err
		}
		if err := os.Rename(tmp, hp); err != nil {
			os.Remove(tmp)
			return count, fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
		pn := fname{seq: s.nextSeq(now), rnd: n.rnd, subj: n.subj, size: int64(len(data)), t: ms(now), tag: "p"}
		if err := os.Rename(hp, s.path(dirPending, pn.String())); err != nil {
			return count, fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
		count++
	}
	if count > 0 {
		if err := s.syncDir(dirDead); err != nil {
			return count, err
		}
		if err := s.syncDir(dirPending); err != nil {
			return count, err
		}
	}
	if count == 0 && !all && len(ids) > 0 {
		return 0, fmt.Errorf("%w: no dead letter %s", ErrNotFound, strings.Join(ids, ", "))
	}
	return count, nil
}

// Drop deletes pending or dead events; see Backend.
func (s *Spool) Drop(ids []string, all bool, now time.Time) (int, error) {
	dirs := []string{dirDead}
	if !all {
		dirs = []string{dirPending, dirDead}
	}
	count := 0
	for _, d := range dirs {
		names, err := s.names(d)
		if err != nil {
			return count, err
		}
		for _, n := range names {
			p := s.path(d, n.String())
			if !all {
				rec, err := s.readRecord(p)
				if err != nil && !os.IsNotExist(err) {
					// A corrupt record can still be dropped by its key.
					rec = nil
				}
				if !matches(ids, n.key(), rec) {
					continue
				}
			}
			if err := os.Remove(p); err != nil {
				if os.IsNotExist(err) {
					continue
				}
				return count, fmt.Errorf("%w: %v", ErrUnavailable, err)
			}
			count++
		}
		if count > 0 {
			s.syncDir(d)
		}
	}
	s.account(now)
	if count == 0 && !all && len(ids) > 0 {
		return 0, fmt.Errorf("%w: no pending or dead event %s (events in flight cannot be dropped)", ErrNotFound, strings.Join(ids, ", "))
	}
	return count, nil
}

// Interface guard
var _ Backend = (*Spool)(nil)
