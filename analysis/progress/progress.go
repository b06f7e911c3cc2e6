// Package progress owns the progress line that analyze prints on a
// terminal's stderr while it reads flow logs: bytes read of the known
// total and sources finished, once a second. It reads the counters the
// engine keeps; it imports only package source.
package progress

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aclprobe/aclprobe/analysis/source"
)

// Start prints "read X of Y MiB, n/m sources" to w every second
// until the returned stop is called, which clears the line.
func Start(w io.Writer, sources []source.Source, read, done *atomic.Int64) (stop func()) {
	var total int64
	for _, s := range sources {
		if s.Size > 0 {
			total += s.Size
		}
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		started := time.Now()
		for {
			select {
			case <-quit:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-t.C:
				fmt.Fprintf(w, "\r\033[Kreading flow logs: %s, %d/%d sources, %s",
					progressBytes(read.Load(), total), done.Load(), len(sources), time.Since(started).Round(time.Second))
			}
		}
	})
	return func() { close(quit); wg.Wait() }
}

func progressBytes(read, total int64) string {
	const mib = 1 << 20
	if total <= 0 {
		return fmt.Sprintf("%.1f MiB", float64(read)/mib)
	}
	return fmt.Sprintf("%.1f of %.1f MiB (%d%%)", float64(read)/mib, float64(total)/mib, read*100/total)
}
