package render

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
)

// coverageInterfaces is how many interface ids WriteCoverage names.
const coverageInterfaces = 5

// WriteCoverage writes what the evidence covers, for people (stderr):
// sources, records read and matched, time span, interfaces, NODATA and
// SKIPDATA counts with a warning when AWS lost records, and the malformed
// lines with their first examples (file:line).
func WriteCoverage(w io.Writer, c analysis.Coverage) {
	fmt.Fprintf(w, "coverage: %d %s, %d records, %d matched\n",
		c.Files, pluralWord(c.Files, "file", "files"), c.Records, c.Matched)
	if !c.First.IsZero() {
		fmt.Fprintf(w, "coverage: %s to %s (%s)\n", c.First.UTC().Format(time.RFC3339),
			c.Last.UTC().Format(time.RFC3339), c.Last.Sub(c.First).Round(time.Second))
	}
	if n := len(c.Interfaces); n > 0 {
		list := c.Interfaces
		more := ""
		if n > coverageInterfaces {
			list, more = list[:coverageInterfaces], fmt.Sprintf(" and %d more", n-coverageInterfaces)
		}
		fmt.Fprintf(w, "coverage: %d %s: %s%s\n", n, pluralWord(n, "interface", "interfaces"), strings.Join(list, ", "), more)
	}
	for _, ex := range c.FormatChangeExamples {
		fmt.Fprintf(w, "coverage: format changed at %s\n", ex)
	}
	if more := c.FormatChanges - int64(len(c.FormatChangeExamples)); more > 0 {
		fmt.Fprintf(w, "coverage: and %d more format %s\n", more, pluralWord(int(min(more, 2)), "change", "changes"))
	}
	if c.ControlMessages > 0 {
		fmt.Fprintf(w, "coverage: %d CloudWatch Logs control %s skipped (health checks, no records)\n",
			c.ControlMessages, pluralWord(int(min(c.ControlMessages, 2)), "message", "messages"))
	}
	writeCaptureWarnings(w, c, time.Now())
	if c.ScannedBytes > 0 {
		fmt.Fprintf(w, "coverage: Athena scanned %.1f MiB\n", float64(c.ScannedBytes)/(1<<20))
	}
	if c.NoData > 0 || c.SkipData > 0 {
		fmt.Fprintf(w, "coverage: %d NODATA (no traffic in the window), %d SKIPDATA\n", c.NoData, c.SkipData)
	}
	if c.SkipData > 0 {
		fmt.Fprintf(w, "warning: %d SKIPDATA %s: AWS lost records during those capture windows, so the counts are lower bounds\n",
			c.SkipData, pluralWord(int(min(c.SkipData, 2)), "record", "records"))
	}
	writeBadFiles(w, c)
	if l := c.NATLegs; l != nil {
		natIP := "<the NAT gateway's private IP>"
		if len(l.Addrs) > 0 {
			natIP = strings.Join(l.Addrs, ",")
		}
		fmt.Fprintf(w, "warning: NAT gateway legs: a NAT gateway logs each connection twice, once per leg, and these rows add both up:"+
			" %d matched records are private legs (pkt-srcaddr/pkt-dstaddr differ from srcaddr/dstaddr) and at least %d are public legs"+
			" (untranslated, from or to the NAT gateway's address). Count the private leg only with --nat-ip %s"+
			" (the destination is then pkt-dstaddr or dst-endpoint), or add srcaddr or dstaddr to --by to see the legs apart\n",
			l.Private, l.Public, natIP)
	}
	if c.Malformed > 0 {
		fmt.Fprintf(w, "warning: %d malformed %s skipped (use --strict to fail instead); first:\n",
			c.Malformed, pluralWord(int(min(c.Malformed, 2)), "line", "lines"))
		for _, ex := range c.MalformedExamples {
			fmt.Fprintf(w, "  %s\n", ex)
		}
	}
}

// WriteInputWarnings writes the warnings about input that was misread or
// not read at all: records with impossible times or capture windows, and
// files that could not be read to their end. Commands that print their own
// evidence summary (impact, plan generate) write these so that no input
// problem goes without a word; WriteCoverage includes them.
func WriteInputWarnings(w io.Writer, c analysis.Coverage, now time.Time) {
	writeCaptureWarnings(w, c, now)
	writeBadFiles(w, c)
}

func writeCaptureWarnings(w io.Writer, c analysis.Coverage, now time.Time) {
	for _, warn := range captureWarnings(c, now) {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
}

func writeBadFiles(w io.Writer, c analysis.Coverage) {
	if n := len(c.BadFiles); n > 0 {
		fmt.Fprintf(w, "warning: %d %s could not be read to the end (records before the error are counted; --strict makes this fatal):\n",
			n, pluralWord(n, "file", "files"))
		for _, b := range c.BadFiles {
			fmt.Fprintf(w, "  %s\n", b)
		}
	}
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
