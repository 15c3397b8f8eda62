package resp

import (
	"crypto/sha1"
	"encoding/hex"
	"strconv"
)

// Script is a Lua script run with EVALSHA, falling back to EVAL when the
// server does not know it yet (NOSCRIPT: a restarted or flushed server).
type Script struct {
	src string
	sha string
}

// NewScript prepares src; nothing is sent until Run.
func NewScript(src string) *Script {
	h := sha1.Sum([]byte(src))
	return &Script{src: src, sha: hex.EncodeToString(h[:])}
}

// SHA is the script's SHA1, as Redis names it.
func (s *Script) SHA() string { return s.sha }

// Run runs the script with keys and args. The error wraps ErrReply for an
// error the script raised, ErrConn for a connection failure.
func (c *Client) Run(s *Script, keys []string, args []string) (Reply, error) {
	cmd := make([]string, 0, 3+len(keys)+len(args))
	cmd = append(cmd, "EVALSHA", s.sha, strconv.Itoa(len(keys)))
	cmd = append(cmd, keys...)
	cmd = append(cmd, args...)
	r, err := c.Do(cmd...)
	if err == nil || !r.IsError("NOSCRIPT") {
		return r, err
	}
	cmd[0], cmd[1] = "EVAL", s.src
	return c.Do(cmd...)
}
