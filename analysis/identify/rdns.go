package identify

import (
	"context"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// rdnsWorkers bounds concurrent reverse DNS lookups.
const rdnsWorkers = 16

// rdnsCache resolves addresses to names once each: concurrent callers of
// the same address wait for one lookup; failures and timeouts are cached
// as "no name" too, so a dead resolver costs one timeout per address.
type rdnsCache struct {
	resolver Resolver
	timeout  time.Duration

	mu      sync.Mutex
	entries map[netip.Addr]*rdnsEntry
}

type rdnsEntry struct {
	done chan struct{}
	name string
}

func newRDNSCache(r Resolver, timeout time.Duration) *rdnsCache {
	if r == nil {
		r = defaultResolver
	}
	if timeout <= 0 {
		timeout = DefaultRDNSTimeout
	}
	return &rdnsCache{resolver: r, timeout: timeout, entries: map[netip.Addr]*rdnsEntry{}}
}

// lookup returns addr's first name without the trailing dot, or "".
func (c *rdnsCache) lookup(ctx context.Context, addr netip.Addr) string {
	c.mu.Lock()
	e, ok := c.entries[addr]
	if !ok {
		e = &rdnsEntry{done: make(chan struct{})}
		c.entries[addr] = e
	}
	c.mu.Unlock()
	if ok {
		select {
		case <-e.done:
			return e.name
		case <-ctx.Done():
			return ""
		}
	}
	lctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	names, err := c.resolver.LookupAddr(lctx, addr.String())
	if err == nil && len(names) > 0 {
		e.name = strings.TrimSuffix(names[0], ".")
	}
	close(e.done)
	return e.name
}

// prefetch resolves addrs with up to rdnsWorkers lookups at a time.
func (c *rdnsCache) prefetch(ctx context.Context, addrs []netip.Addr) {
	work := make(chan netip.Addr)
	var wg sync.WaitGroup
	for range min(rdnsWorkers, len(addrs)) {
		wg.Go(func() {
			for a := range work {
				c.lookup(ctx, a)
			}
		})
	}
	for _, a := range addrs {
		select {
		case work <- a:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
}
