package core

import (
	"strconv"
	"strings"
	"time"
)

// Helpers shared by the group-D providers (names end in D so the groups never collide) (ngrok ids that providers.md does
// not cover). Everything cryptographic goes through crypto.go (macOf, anyMAC,
// equalToken); these only describe presets and pick fields.

// parseUnixAutoD parses a unix timestamp sent in seconds or milliseconds
// (values above 1e11 are milliseconds: year 5138 in seconds).
func parseUnixAutoD(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ErrMissingTimestamp
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > 1<<50 {
		return time.Time{}, ErrMalformedTimestamp
	}
	if n > 1e11 {
		return time.UnixMilli(n), nil
	}
	return time.Unix(n, 0), nil
}
