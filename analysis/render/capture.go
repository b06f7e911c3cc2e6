package render

import (
	"fmt"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
)

// flowLogsEpoch is when VPC Flow Logs began (June 2015, rounded down): a
// record that starts before it has a wrong time, or a field order mix-up.
var flowLogsEpoch = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)

// maxFuture is how far past now a record may end before its time is
// clearly wrong (clock skew is seconds, delivery is late, never early).
const maxFuture = 24 * time.Hour

// captureWarnings returns what is clearly wrong with the time span of c,
// at now: records before VPC Flow Logs existed, records ending in the
// future, records with absurd capture windows.
func captureWarnings(c analysis.Coverage, now time.Time) []string {
	var out []string
	if !c.First.IsZero() && c.First.Before(flowLogsEpoch) {
		out = append(out, fmt.Sprintf("records start as early as %s, before VPC Flow Logs existed (2015): wrong times, or the start field holds something else (check the header or --fields)",
			c.First.UTC().Format(time.RFC3339)))
	}
	if !c.Last.IsZero() && c.Last.After(now.Add(maxFuture)) {
		out = append(out, fmt.Sprintf("records end as late as %s, in the future: wrong times, or the end field holds something else (milliseconds? check the header or --fields)",
			c.Last.UTC().Format(time.RFC3339)))
	}
	if c.OddWindows > 0 {
		out = append(out, fmt.Sprintf("%d %s a capture window that ends before it starts or spans more than an hour (flow logs aggregate over at most 10 minutes)",
			c.OddWindows, pluralWord(int(min(c.OddWindows, 2)), "record has", "records have")))
	}
	return out
}
