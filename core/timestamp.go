package core

import (
	"strconv"
	"strings"
	"time"
)

// Timestamp units a provider may send.
const (
	unitSeconds = "unix"
	unitMillis  = "unix_ms"
	unitRFC3339 = "rfc3339"
	unitAuto    = "unix_auto"  // seconds, or milliseconds above 1e11 (year 5138 in seconds)
	unitFloat   = "unix_float" // seconds with an optional fraction ("1521472262.908181")
)

// parseTime parses a provider timestamp in the given unit. An empty value is
// ErrMissingTimestamp, anything unparsable ErrMalformedTimestamp. Fractions
// of unitFloat are kept to the microsecond.
func parseTime(s, unit string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ErrMissingTimestamp
	}
	switch unit {
	case unitRFC3339:
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, ErrMalformedTimestamp
		}
		return t, nil
	case unitMillis:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return time.Time{}, ErrMalformedTimestamp
		}
		return time.UnixMilli(n), nil
	case unitAuto:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 || n > 1<<50 {
			return time.Time{}, ErrMalformedTimestamp
		}
		if n > 1e11 {
			return time.UnixMilli(n), nil
		}
		return time.Unix(n, 0), nil
	case unitFloat:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || !(f > 0 && f <= 1<<40) {
			return time.Time{}, ErrMalformedTimestamp
		}
		sec := int64(f)
		return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC().Truncate(time.Microsecond), nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > 1<<40 {
		return time.Time{}, ErrMalformedTimestamp
	}
	return time.Unix(n, 0), nil
}

// layoutTime parses s with the first matching layout (UTC when the layout
// has no zone); zero time when none matches.
func layoutTime(s string, layouts ...string) time.Time {
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// parseLocalUTC parses an ISO 8601 date-time with or without an offset; one
// without is UTC. An empty value is ErrMissingTimestamp, anything else
// unparsable ErrMalformedTimestamp.
func parseLocalUTC(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ErrMissingTimestamp
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation("2006-01-02T15:04:05.999999999", s, time.UTC)
	if err != nil {
		return time.Time{}, ErrMalformedTimestamp
	}
	return t, nil
}

// checkWindow rejects t when it is more than tol before or after now.
// A zero tolerance disables the check (only for providers whose timestamps
// are not meant for replay protection).
func checkWindow(t, now time.Time, tol time.Duration) error {
	if tol <= 0 {
		return nil
	}
	d := now.Sub(t)
	if d > tol {
		return ErrStaleTimestamp
	}
	if d < -tol {
		return ErrFutureTimestamp
	}
	return nil
}

// parseDuration accepts Go durations ("5m", "90s") and a bare number of seconds.
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Duration(n) * time.Second, nil
	}
	return time.ParseDuration(s)
}

// ParseDuration parses a duration as the adapters accept it: a Go duration
// ("10m", "1h30m") or a whole number of seconds. Negative values are errors.
func ParseDuration(s string) (time.Duration, error) {
	d, err := parseDuration(s)
	if err != nil || d < 0 {
		return 0, ErrBadConfig
	}
	return d, nil
}

// ParseSize parses a byte size: a plain number of bytes or a number with one of
// the suffixes B, KB, KiB, MB, MiB, GB, GiB (case-insensitive).
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrBadConfig
	}
	mult := int64(1)
	lower := strings.ToLower(s)
	suffixes := []struct {
		s string
		m int64
	}{
		{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
		{"kb", 1000}, {"mb", 1000 * 1000}, {"gb", 1000 * 1000 * 1000},
		{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1},
	}
	for _, sf := range suffixes {
		if strings.HasSuffix(lower, sf.s) {
			mult = sf.m
			lower = strings.TrimSpace(lower[:len(lower)-len(sf.s)])
			break
		}
	}
	n, err := strconv.ParseInt(lower, 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, ErrBadConfig
	}
	return n * mult, nil
}
