package queue

import (
	"regexp"
	"strings"
)

// IsRedis reports whether target names a Redis server rather than a
// directory.
func IsRedis(target string) bool {
	t := strings.TrimSpace(target)
	return strings.HasPrefix(t, "redis://") || strings.HasPrefix(t, "rediss://")
}

// Open opens the backend a queue target names: a spool directory, or a
// redis:// or rediss:// URL (RedisQueue). The hookstile command and both adapters open
// queues through it.
func Open(target string, opts SpoolOptions) (Backend, error) {
	if IsRedis(target) {
		q, err := OpenRedis(strings.TrimSpace(target), opts.Name, opts)
		if err != nil {
			return nil, err // never a typed nil in the interface
		}
		return q, nil
	}
	return OpenSpool(target, opts)
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// DirName is the default spool directory name of a route, from its
// CloudEvents source: /hookstile/dropbox is "dropbox", /acme/hooks is
// "acme_hooks".
func DirName(source string) string {
	s := strings.TrimPrefix(source, "/hookstile/")
	s = strings.Trim(unsafeName.ReplaceAllString(s, "_"), "_.")
	if s == "" {
		return "default"
	}
	if len(s) > 100 {
		s = s[:100]
	}
	return s
}
