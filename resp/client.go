package resp

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"time"
)

// conn is one connection. A connection that saw any I/O or protocol error
// is closed and never goes back to the pool.
type conn struct {
	nc  net.Conn
	br  *bufio.Reader
	buf []byte
}

// Client is a bounded pool of connections to one Redis server. It is safe
// for concurrent use. A broken connection is discarded; the next call dials
// a new one, so the client reconnects by itself when the server is back.
type Client struct {
	opt  Options
	tls  *tls.Config
	name string // redacted URL, for errors

	mu      sync.Mutex
	idle    []*conn
	open    int // connections dialled and not closed, idle or in use (or being dialled)
	waiters []*waiter
	closed  bool
}

// waiter is a call waiting for a connection slot. It is woken through its
// channel (buffered, one value) by put, or by its own timer: no select, so
// the pool behaves the same under Yaegi.
type waiter struct {
	ch   chan *conn // nil conn: a free slot to dial into
	done bool       // already handed a value or timed out; under Client.mu
	err  bool       // timed out
}

// NewClient builds a client; it does not connect until the first call.
func NewClient(o Options) (*Client, error) {
	if o.Addr == "" {
		return nil, fmt.Errorf("%w: no address", ErrBadURL)
	}
	if o.DialTimeout <= 0 {
		o.DialTimeout = DefaultDialTimeout
	}
	if o.ReadTimeout <= 0 {
		o.ReadTimeout = DefaultReadTimeout
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = DefaultWriteTimeout
	}
	if o.PoolSize <= 0 {
		o.PoolSize = DefaultPoolSize
	}
	if o.PoolTimeout <= 0 {
		o.PoolTimeout = DefaultPoolTimeout
	}
	c := &Client{opt: o, name: o.String()}
	if o.TLS {
		host, _, err := net.SplitHostPort(o.Addr)
		if err != nil {
			return nil, fmt.Errorf("%w: address %q", ErrBadURL, safe(o.Addr))
		}
		c.tls = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
		if o.CAFile != "" {
			pem, err := os.ReadFile(o.CAFile)
			if err != nil {
				return nil, fmt.Errorf("%w: ca_file: cannot read it", ErrBadURL)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("%w: ca_file: no PEM certificate in it", ErrBadURL)
			}
			c.tls.RootCAs = pool
		}
	}
	return c, nil
}

// Dial parses a URL (see ParseURL) and builds a client for it.
func Dial(rawURL string) (*Client, error) {
	o, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	return NewClient(*o)
}

// String names the server with the password hidden.
func (c *Client) String() string { return c.name }

// Options returns the client's options (the password included: do not log them).
func (c *Client) Options() Options { return c.opt }

// Open is the number of connections currently open (idle or in use).
func (c *Client) Open() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.open
}

// Close closes the idle connections and makes every later call fail; a
// connection in use is closed when it is given back.
func (c *Client) Close() error {
	c.mu.Lock()
	idle := c.idle
	c.idle = nil
	c.open -= len(idle)
	c.closed = true
	ws := c.waiters
	c.waiters = nil
	for _, w := range ws {
		w.done, w.err = true, true
		w.ch <- nil
	}
	c.mu.Unlock()
	for _, cn := range idle {
		cn.nc.Close()
	}
	return nil
}

var errClosed = errors.New("client closed")

// get returns an idle connection, or dials a new one when fewer than
// PoolSize are open, or waits up to PoolTimeout for one to be given back.
func (c *Client) get() (*conn, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, c.wrap(errClosed)
	}
	if n := len(c.idle); n > 0 {
		cn := c.idle[n-1]
		c.idle[n-1] = nil
		c.idle = c.idle[:n-1]
		c.mu.Unlock()
		return cn, nil
	}
	if c.open < c.opt.PoolSize {
		c.open++
		c.mu.Unlock()
		return c.dialSlot()
	}
	w := &waiter{ch: make(chan *conn, 1)}
	c.waiters = append(c.waiters, w)
	c.mu.Unlock()
	t := time.AfterFunc(c.opt.PoolTimeout, func() { c.expire(w) })
	cn := <-w.ch
	t.Stop()
	if w.err {
		if cn != nil {
			c.put(cn, false)
		}
		if c.isClosed() {
			return nil, c.wrap(errClosed)
		}
		return nil, c.wrap(fmt.Errorf("no free connection within %v (pool_size %d)", c.opt.PoolTimeout, c.opt.PoolSize))
	}
	if cn == nil {
		return c.dialSlot()
	}
	return cn, nil
}

func (c *Client) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// expire wakes w with a timeout unless it was served meanwhile.
func (c *Client) expire(w *waiter) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if w.done {
		return
	}
	for i, x := range c.waiters {
		if x == w {
			copy(c.waiters[i:], c.waiters[i+1:])
			c.waiters[len(c.waiters)-1] = nil
			c.waiters = c.waiters[:len(c.waiters)-1]
			break
		}
	}
	w.done, w.err = true, true
	w.ch <- nil
}

// dialSlot dials into a slot already counted in c.open, giving the slot
// back when the dial fails.
func (c *Client) dialSlot() (*conn, error) {
	cn, err := c.dial()
	if err != nil {
		c.release()
		return nil, err
	}
	return cn, nil
}

// put gives a connection back: to a waiter, to the idle list, or, when it
// is broken (or the client closed), closes it and frees its slot.
func (c *Client) put(cn *conn, ok bool) {
	if !ok {
		cn.nc.Close()
		c.release()
		return
	}
	c.mu.Lock()
	if c.closed {
		c.open--
		c.mu.Unlock()
		cn.nc.Close()
		return
	}
	if len(c.waiters) > 0 {
		w := c.waiters[0]
		copy(c.waiters, c.waiters[1:])
		c.waiters[len(c.waiters)-1] = nil
		c.waiters = c.waiters[:len(c.waiters)-1]
		w.done = true
		w.ch <- cn
		c.mu.Unlock()
		return
	}
	c.idle = append(c.idle, cn)
	c.mu.Unlock()
}

// dropIdle closes every idle connection.
func (c *Client) dropIdle() {
	c.mu.Lock()
	idle := c.idle
	c.idle = nil
	c.mu.Unlock()
	for _, cn := range idle {
		cn.nc.Close()
		c.release()
	}
}

// release frees the slot of a closed connection (or of a failed dial):
// the first waiter gets it to dial into.
func (c *Client) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.waiters) > 0 && !c.closed {
		w := c.waiters[0]
		copy(c.waiters, c.waiters[1:])
		c.waiters[len(c.waiters)-1] = nil
		c.waiters = c.waiters[:len(c.waiters)-1]
		w.done = true
		w.ch <- nil // the slot stays counted in c.open: w dials into it
		return
	}
	c.open--
}

// dial connects, shakes hands (TLS), authenticates and selects the
// database, all within DialTimeout.
func (c *Client) dial() (*conn, error) {
	d := net.Dialer{Timeout: c.opt.DialTimeout}
	nc, err := d.Dial("tcp", c.opt.Addr)
	if err != nil {
		return nil, c.wrap(err)
	}
	deadline := time.Now().Add(c.opt.DialTimeout)
	nc.SetDeadline(deadline)
	if c.tls != nil {
		tc := tls.Client(nc, c.tls)
		if err := tc.Handshake(); err != nil {
			nc.Close()
			return nil, c.wrap(fmt.Errorf("TLS: %v", err))
		}
		nc = tc
	}
	cn := &conn{nc: nc, br: bufio.NewReaderSize(nc, 16<<10)}
	var setup [][]string
	if c.opt.Password != "" {
		if c.opt.Username != "" {
			setup = append(setup, []string{"AUTH", c.opt.Username, c.opt.Password})
		} else {
			setup = append(setup, []string{"AUTH", c.opt.Password})
		}
	}
	if c.opt.DB != 0 {
		setup = append(setup, []string{"SELECT", strconv.Itoa(c.opt.DB)})
	}
	if len(setup) > 0 {
		replies, err := cn.roundTrip(setup, deadline, deadline)
		if err != nil {
			nc.Close()
			return nil, c.wrap(err)
		}
		for i, r := range replies {
			if r.Kind == KindError {
				nc.Close()
				// The server's text never holds the password (WRONGPASS,
				// NOAUTH, ERR invalid DB index ...); the command does.
				return nil, c.wrap(fmt.Errorf("%s refused: %s", setup[i][0], safe(r.Str)))
			}
		}
	}
	nc.SetDeadline(time.Time{})
	return cn, nil
}

// roundTrip writes the commands in one write (a pipeline) and reads one
// reply per command.
func (cn *conn) roundTrip(cmds [][]string, wdl, rdl time.Time) ([]Reply, error) {
	b := cn.buf[:0]
	for _, a := range cmds {
		b = appendCommand(b, a)
	}
	if cap(b) <= 64<<10 {
		cn.buf = b
	}
	cn.nc.SetWriteDeadline(wdl)
	if _, err := cn.nc.Write(b); err != nil {
		return nil, err
	}
	cn.nc.SetReadDeadline(rdl)
	out := make([]Reply, len(cmds))
	for i := range out {
		r, err := readReply(cn.br, 0)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

// Pipeline sends the commands in one write and returns one reply per
// command. Error replies are returned as replies (Kind KindError), not as
// the error: the error is a connection failure (wrapping ErrConn), after
// which the connection is discarded.
func (c *Client) Pipeline(cmds [][]string) ([]Reply, error) {
	if len(cmds) == 0 {
		return nil, nil
	}
	cn, err := c.get()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	replies, err := cn.roundTrip(cmds, now.Add(c.opt.WriteTimeout), now.Add(c.opt.ReadTimeout))
	if err != nil {
		c.put(cn, false)
		// The idle connections most likely lead to the same dead server
		// (a restart): drop them too, so that one call fails, not one per
		// pooled connection.
		c.dropIdle()
		return nil, c.wrap(err)
	}
	c.put(cn, true)
	return replies, nil
}

// Do sends one command. An error reply comes back as an error wrapping
// ErrReply (the reply is returned too); a connection failure as an error
// wrapping ErrConn.
func (c *Client) Do(args ...string) (Reply, error) {
	replies, err := c.Pipeline([][]string{args})
	if err != nil {
		return Reply{}, err
	}
	r := replies[0]
	return r, r.Err()
}

// wrap makes err an ErrConn naming the server (never its password).
func (c *Client) wrap(err error) error {
	if errors.Is(err, ErrProtocol) {
		return fmt.Errorf("%w: %s: %w", ErrConn, c.name, err)
	}
	return fmt.Errorf("%w: %s: %v", ErrConn, c.name, err)
}
