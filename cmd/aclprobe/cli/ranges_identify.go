package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/analysis/identify"
)

// reportFeeds writes to w which cached feeds --identify uses and how old
// they are, and warns about stale ones. An empty cache is an error, unless
// names can come from elsewhere (--rdns, --dns-logs): then a warning.
func (o *analysisOptions) reportFeeds(w io.Writer, dir string, feeds []identify.FeedMeta, now time.Time) error {
	if len(feeds) == 0 {
		msg := fmt.Sprintf("--identify: no range feeds cached in %s: run `aclprobe ranges update` (it needs HTTPS to the feeds' sites), or give --ip-ranges/--vendor-ranges", dir)
		if !o.RDNS && !o.DNS.enabled() {
			return fmt.Errorf("%s", msg)
		}
		fmt.Fprintf(w, "warning: %s; labelling from names only\n", msg)
		return nil
	}
	parts := make([]string, len(feeds))
	for i, m := range feeds {
		parts[i] = fmt.Sprintf("%s (%s old)", m.Name, age(m.Age(now)))
	}
	fmt.Fprintf(w, "ranges: %d cached feeds from %s: %s\n", len(feeds), dir, strings.Join(parts, ", "))
	writeStaleWarnings(w, feeds, now)
	return nil
}
