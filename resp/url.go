package resp

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults of the options a URL does not set.
const (
	DefaultDialTimeout  = 2 * time.Second
	DefaultReadTimeout  = 2 * time.Second
	DefaultWriteTimeout = 2 * time.Second
	DefaultPoolSize     = 16
	DefaultPoolTimeout  = 2 * time.Second
	maxPoolSize         = 1024
)

// ErrBadURL is returned for a URL this client does not accept.
var ErrBadURL = errors.New("bad redis URL")

// Options say where a Redis server is and how to talk to it.
type Options struct {
	Addr     string // host:port
	Username string // ACL user (Redis 6+); empty: AUTH with the password only
	Password string // never printed: see String
	DB       int
	TLS      bool   // rediss://
	CAFile   string // PEM roots for TLS; empty: the system roots

	DialTimeout  time.Duration // TCP connect and TLS handshake, AUTH and SELECT
	ReadTimeout  time.Duration // per reply
	WriteTimeout time.Duration // per command
	PoolSize     int           // connections at most
	PoolTimeout  time.Duration // how long a call waits for a free connection
}

// ParseURL reads redis://[[user]:password@]host[:port][/db][?options] or
// rediss:// (TLS). Options: dial_timeout, read_timeout, write_timeout,
// timeout (all three), pool_size, pool_timeout (Go durations), ca_file
// (rediss only). There is deliberately no way to skip certificate
// verification. Errors never repeat the password.
func ParseURL(raw string) (*Options, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse quotes the whole input, password included.
		return nil, fmt.Errorf("%w: cannot parse it (want redis://[user:password@]host:port/db)", ErrBadURL)
	}
	o := &Options{
		DialTimeout:  DefaultDialTimeout,
		ReadTimeout:  DefaultReadTimeout,
		WriteTimeout: DefaultWriteTimeout,
		PoolSize:     DefaultPoolSize,
		PoolTimeout:  DefaultPoolTimeout,
	}
	switch u.Scheme {
	case "redis":
	case "rediss":
		o.TLS = true
	default:
		return nil, fmt.Errorf("%w: scheme %q (want redis or rediss)", ErrBadURL, safe(u.Scheme))
	}
	if u.Opaque != "" || u.Host == "" {
		return nil, fmt.Errorf("%w: no host (want redis://host:port)", ErrBadURL)
	}
	if u.User != nil {
		o.Username = u.User.Username()
		if p, ok := u.User.Password(); ok {
			o.Password = p
		} else {
			// redis://secret@host: the only userinfo is the password
			// (the form most Redis clients accept).
			o.Password, o.Username = o.Username, ""
		}
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return nil, fmt.Errorf("%w: no host", ErrBadURL)
	}
	if port == "" {
		port = "6379"
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return nil, fmt.Errorf("%w: port %q", ErrBadURL, safe(port))
	}
	o.Addr = net.JoinHostPort(host, port)
	if p := strings.Trim(u.Path, "/"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 1<<20 {
			return nil, fmt.Errorf("%w: database %q (want a number)", ErrBadURL, safe(p))
		}
		o.DB = n
	}
	for k, vs := range u.Query() {
		v := ""
		if len(vs) > 0 {
			v = vs[len(vs)-1]
		}
		switch k {
		case "dial_timeout", "read_timeout", "write_timeout", "timeout", "pool_timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return nil, fmt.Errorf("%w: %s=%q (want a positive duration such as 500ms)", ErrBadURL, k, safe(v))
			}
			switch k {
			case "dial_timeout":
				o.DialTimeout = d
			case "read_timeout":
				o.ReadTimeout = d
			case "write_timeout":
				o.WriteTimeout = d
			case "pool_timeout":
				o.PoolTimeout = d
			default:
				o.DialTimeout, o.ReadTimeout, o.WriteTimeout = d, d, d
			}
		case "pool_size":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxPoolSize {
				return nil, fmt.Errorf("%w: pool_size=%q (want 1 to %d)", ErrBadURL, safe(v), maxPoolSize)
			}
			o.PoolSize = n
		case "ca_file":
			if !o.TLS {
				return nil, fmt.Errorf("%w: ca_file needs rediss://", ErrBadURL)
			}
			o.CAFile = v
		default:
			return nil, fmt.Errorf("%w: unknown option %q (known: dial_timeout, read_timeout, write_timeout, timeout, pool_size, pool_timeout, ca_file)", ErrBadURL, safe(k))
		}
	}
	return o, nil
}

// String is the URL with the password replaced by "xxxxx": safe to log.
func (o *Options) String() string {
	s := "redis://"
	if o.TLS {
		s = "rediss://"
	}
	if o.Username != "" || o.Password != "" {
		s += url.PathEscape(o.Username)
		if o.Password != "" {
			s += ":xxxxx"
		}
		s += "@"
	}
	return s + o.Addr + "/" + strconv.Itoa(o.DB)
}

// Redact returns raw with any password replaced by "xxxxx", for log lines
// and error messages about a URL that may not even parse.
func Redact(raw string) string {
	o, err := ParseURL(raw)
	if err != nil {
		if i := strings.LastIndex(raw, "@"); i >= 0 {
			if j := strings.Index(raw, "://"); j >= 0 && j+3 <= i {
				return raw[:j+3] + "xxxxx" + raw[i:]
			}
			return "xxxxx" + raw[i:]
		}
		return raw
	}
	return o.String()
}

// safe bounds and cleans a value quoted in an error.
func safe(s string) string {
	if len(s) > 64 {
		s = s[:64]
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}
