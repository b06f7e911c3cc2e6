// Package identifytest holds what tests of identify and of its users
// share: an Identifier built from the fixture ranges in identify/testdata
// (an AWS ip-ranges.json excerpt and a Datadog range file), a reverse
// DNS resolver answered from tables, and a local server of the fixture
// range feeds for `ranges update`. It is imported only from _test.go
// files, never by aclprobe itself.
package identifytest

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis/identify"
)

// Identifier labels addresses from the fixture ranges, with reverse DNS
// answered by rdns (none when rdns is nil) within 50ms.
func Identifier(tb testing.TB, rdns identify.Resolver) *identify.Identifier {
	tb.Helper()
	dir := testdata(tb)
	id, err := identify.New(identify.Options{
		IPRangesFile: filepath.Join(dir, "ip-ranges.json"),
		VendorRanges: map[string]string{"datadog": filepath.Join(dir, "datadog.json")},
		RDNS:         rdns != nil,
		RDNSTimeout:  50 * time.Millisecond,
		Resolver:     rdns,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// Resolver answers reverse lookups from Names and counts the lookups per
// address. An address in Errs fails with its error; one in Hang blocks
// until the context ends; any other fails as "no such host". It is safe
// for concurrent use.
type Resolver struct {
	Names map[string][]string
	Errs  map[string]error
	Hang  map[string]bool

	mu    sync.Mutex
	calls map[string]int
}

// LookupAddr implements identify.Resolver.
func (r *Resolver) LookupAddr(ctx context.Context, addr string) ([]string, error) {
	r.mu.Lock()
	if r.calls == nil {
		r.calls = map[string]int{}
	}
	r.calls[addr]++
	r.mu.Unlock()
	if r.Hang[addr] {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if err := r.Errs[addr]; err != nil {
		return nil, err
	}
	if n, ok := r.Names[addr]; ok {
		return n, nil
	}
	return nil, &notFound{addr}
}

// Count returns how many times addr was looked up.
func (r *Resolver) Count(addr string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[addr]
}

type notFound struct{ addr string }

func (e *notFound) Error() string { return "lookup " + e.addr + ": no such host" }
