package resp

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Kinds of RESP2 replies.
const (
	KindString  = '+' // simple string
	KindError   = '-' // error reply (also returned as an error wrapping ErrReply)
	KindInteger = ':'
	KindBulk    = '$'
	KindArray   = '*'
)

// Bounds on what a server may send: a hostile or broken server cannot make
// the client allocate without limit.
const (
	maxBulk  = MaxBulk
	maxArray = 1 << 20
	maxDepth = 8
)

// MaxBulk is the largest bulk string this client reads (a value stored
// larger could not be read back).
const MaxBulk = 64 << 20

var (
	// ErrReply wraps an error reply of the server ("-ERR ...", "-NOSCRIPT
	// ..."): the connection stays usable.
	ErrReply = errors.New("redis error reply")
	// ErrConn wraps every failure to talk to the server (dial, TLS, timeout,
	// I/O, protocol, pool exhausted, closed client): the connection, if
	// any, is discarded.
	ErrConn = errors.New("redis connection")
	// ErrProtocol wraps a reply that is not RESP2; it is also an ErrConn.
	ErrProtocol = errors.New("redis protocol error")
)

// Reply is one RESP2 reply. Nil is true for a nil bulk string or a nil
// array; Str holds a simple string, an error text or a bulk string.
type Reply struct {
	Kind  byte
	Str   string
	Int   int64
	Array []Reply
	Nil   bool
}

// appendCommand appends a command as a RESP array of bulk strings.
func appendCommand(b []byte, args []string) []byte {
	b = append(b, '*')
	b = strconv.AppendInt(b, int64(len(args)), 10)
	b = append(b, '\r', '\n')
	for _, a := range args {
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(len(a)), 10)
		b = append(b, '\r', '\n')
		b = append(b, a...)
		b = append(b, '\r', '\n')
	}
	return b
}

// readLine reads one CRLF-terminated line without the CRLF.
func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return "", fmt.Errorf("%w: line longer than %d bytes", ErrProtocol, r.Size())
	}
	if err != nil {
		return "", err
	}
	n := len(line)
	if n < 2 || line[n-2] != '\r' {
		return "", fmt.Errorf("%w: line not ended by CRLF", ErrProtocol)
	}
	return string(line[:n-2]), nil
}

// readReply reads one reply. An error reply is returned as a Reply of
// KindError (not as an error): errors here are I/O or protocol failures.
func readReply(r *bufio.Reader, depth int) (Reply, error) {
	line, err := readLine(r)
	if err != nil {
		return Reply{}, err
	}
	if line == "" {
		return Reply{}, fmt.Errorf("%w: empty line", ErrProtocol)
	}
	kind, rest := line[0], line[1:]
	switch kind {
	case KindString, KindError:
		return Reply{Kind: kind, Str: rest}, nil
	case KindInteger:
		n, err := strconv.ParseInt(rest, 10, 64)
		if err != nil {
			return Reply{}, fmt.Errorf("%w: bad integer", ErrProtocol)
		}
		return Reply{Kind: kind, Int: n}, nil
	case KindBulk:
		n, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || n < -1 || n > maxBulk {
			return Reply{}, fmt.Errorf("%w: bad bulk length", ErrProtocol)
		}
		if n == -1 {
			return Reply{Kind: kind, Nil: true}, nil
		}
		buf := make([]byte, int(n)+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return Reply{}, err
		}
		if buf[n] != '\r' || buf[n+1] != '\n' {
			return Reply{}, fmt.Errorf("%w: bulk not ended by CRLF", ErrProtocol)
		}
		return Reply{Kind: kind, Str: string(buf[:n])}, nil
	case KindArray:
		n, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || n < -1 || n > maxArray {
			return Reply{}, fmt.Errorf("%w: bad array length", ErrProtocol)
		}
		if n == -1 {
			return Reply{Kind: kind, Nil: true}, nil
		}
		if depth >= maxDepth {
			return Reply{}, fmt.Errorf("%w: arrays nested deeper than %d", ErrProtocol, maxDepth)
		}
		a := make([]Reply, int(n))
		for i := range a {
			e, err := readReply(r, depth+1)
			if err != nil {
				return Reply{}, err
			}
			a[i] = e
		}
		return Reply{Kind: kind, Array: a}, nil
	}
	return Reply{}, fmt.Errorf("%w: unknown reply type %q", ErrProtocol, string(kind))
}

// Err is the reply as an error when it is an error reply, else nil.
func (r Reply) Err() error {
	if r.Kind == KindError {
		return fmt.Errorf("%w: %s", ErrReply, safe(r.Str))
	}
	return nil
}

// IsError reports an error reply whose code (its first word) is code,
// for example "NOSCRIPT".
func (r Reply) IsError(code string) bool {
	return r.Kind == KindError && (r.Str == code || strings.HasPrefix(r.Str, code+" "))
}

// Text is the string of a simple string or a non-nil bulk string.
func (r Reply) Text() (string, bool) {
	if (r.Kind == KindString || r.Kind == KindBulk) && !r.Nil {
		return r.Str, true
	}
	return "", false
}
