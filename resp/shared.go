package resp

import "sync"

// The registry of shared clients: every route that names the same URL
// shares one pool. A client is closed when its last user releases it.
var (
	sharedMu sync.Mutex
	shared   = map[string]*sharedClient{}
)

type sharedClient struct {
	c    *Client
	refs int
}

// Shared is the client of rawURL, built on first use and shared by every
// caller naming the same URL; call Release(rawURL) once per successful
// Shared when done with it.
func Shared(rawURL string) (*Client, error) {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if s, ok := shared[rawURL]; ok {
		s.refs++
		return s.c, nil
	}
	c, err := Dial(rawURL)
	if err != nil {
		return nil, err
	}
	shared[rawURL] = &sharedClient{c: c, refs: 1}
	return c, nil
}

// Release gives back one use of the shared client of rawURL, closing it
// when it was the last.
func Release(rawURL string) {
	sharedMu.Lock()
	s, ok := shared[rawURL]
	if ok {
		s.refs--
		if s.refs <= 0 {
			delete(shared, rawURL)
		} else {
			ok = false
		}
	}
	sharedMu.Unlock()
	if ok {
		s.c.Close()
	}
}

// SharedCount is how many users the shared client of rawURL has (0: none).
func SharedCount(rawURL string) int {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if s, ok := shared[rawURL]; ok {
		return s.refs
	}
	return 0
}
