package dnslog

import (
	"fmt"
	"io"
	"time"

	"github.com/aclprobe/aclprobe/internal/humanize"
)

// WriteCoverage writes, for people (stderr), what the query logs covered
// and how much of the traffic got a name.
func WriteCoverage(w io.Writer, s Stats, c Coverage) {
	fmt.Fprintf(w, "dns: %d %s, %d queries (%d with addresses)", s.Files, plural(s.Files, "file", "files"), s.Queries, s.Answered)
	if !s.First.IsZero() {
		fmt.Fprintf(w, ", %s to %s", s.First.Format(time.RFC3339), s.Last.Format(time.RFC3339))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "dns: named %d of %d destinations, %s of %s flows (%s), %s of %s (%s)\n",
		c.NamedDestinations, c.Destinations, humanize.Count(c.NamedFlows), humanize.Count(c.Flows), percent(c.NamedFlows, c.Flows),
		humanize.Bytes(c.NamedBytes), humanize.Bytes(c.Bytes), percent(c.NamedBytes, c.Bytes))
	if s.Malformed > 0 {
		fmt.Fprintf(w, "dns: %d malformed %s skipped\n", s.Malformed, plural(int(min(s.Malformed, 2)), "line", "lines"))
		for _, ex := range s.MalformedExamples {
			fmt.Fprintf(w, "dns:   %s\n", ex)
		}
	}
	if s.ControlMessages > 0 {
		fmt.Fprintf(w, "dns: %d CloudWatch Logs control messages (no queries)\n", s.ControlMessages)
	}
	for _, b := range s.BadFiles {
		fmt.Fprintf(w, "warning: dns: could not read to the end: %s\n", b)
	}
	if s.Queries > 0 && c.Destinations > 0 && c.NamedDestinations == 0 {
		fmt.Fprintln(w, "warning: dns: no query matched a flow: are the query logs from the same VPC and days, and the flows' sources the clients that asked?")
	}
}

func percent(part, whole int64) string {
	if whole == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(part)/float64(whole))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
