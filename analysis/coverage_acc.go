package analysis

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
	"github.com/aclprobe/aclprobe/analysis/input"
)

// maxMalformedExamples is how many malformed lines Coverage quotes.
const maxMalformedExamples = 5

// covAcc accumulates one parser's Coverage. Merging accumulators gives the
// same Coverage whatever the number of workers and the order of chunks.
type covAcc struct {
	records, matched       int64
	legs                   natLegs // when the grouping can add up NAT legs
	noData, skipData, malf int64
	oddWindows             int64 // records with an absurd capture window
	first, last            int64 // Unix seconds, -1 when none
	ifaces                 map[string]struct{}
	lastIface              []byte
	examples               []malformedExample // the smallest (source, line)
	// byFound[i] is true once a format with group field i was read;
	// formats says whether any format was.
	byFound []bool
	formats bool
}

// malformedExample is one malformed line, ordered by source and line.
type malformedExample struct {
	source       int
	line         int64
	name, reason string
	text         string // the line, quoted and shortened
}

func newCovAcc() *covAcc {
	return &covAcc{first: -1, last: -1, ifaces: map[string]struct{}{}}
}

// span widens the time span to a record's [start, end].
func (c *covAcc) span(start, end int64) {
	if start >= 0 && (c.first < 0 || start < c.first) {
		c.first = start
	}
	if end > c.last {
		c.last = end
	}
}

// iface notes an interface id; consecutive records of one interface (the
// common case: one file per interface) cost a byte comparison.
func (c *covAcc) iface(b []byte) {
	if isAbsent(b) || bytes.Equal(b, c.lastIface) {
		return
	}
	c.lastIface = append(c.lastIface[:0], b...)
	if _, ok := c.ifaces[string(b)]; !ok {
		c.ifaces[string(b)] = struct{}{}
	}
}

// malformed counts a malformed line of chunk ch and keeps it as an
// example when it is among the first lines seen so far.
func (c *covAcc) malformed(ch *input.Chunk, line int64, text []byte, reason string) {
	c.malf++
	ex := malformedExample{source: ch.Source, line: line}
	if len(c.examples) == maxMalformedExamples && !exampleBefore(ex, c.examples[len(c.examples)-1]) {
		return
	}
	ex.name, ex.reason, ex.text = ch.Name, reason, quoteLine(text)
	c.examples = insertExample(c.examples, ex)
}

// quoteLine quotes a line for a message, shortened past 120 bytes.
func quoteLine(text []byte) string {
	const maxQuote = 120
	if len(text) > maxQuote {
		text = append(text[:maxQuote:maxQuote], "..."...)
	}
	return strconv.Quote(string(text))
}

// malformedText formats an example: file:line: reason: "line".
func malformedText(name string, line int64, text []byte, reason string) string {
	return fmt.Sprintf("%s:%d: %s: %s", name, line, reason, quoteLine(text))
}

func compareExamples(a, b malformedExample) int {
	return cmp.Or(cmp.Compare(a.source, b.source), cmp.Compare(a.line, b.line))
}

func exampleBefore(a, b malformedExample) bool { return compareExamples(a, b) < 0 }

// insertExample adds ex in order and keeps the first maxMalformedExamples.
func insertExample(list []malformedExample, ex malformedExample) []malformedExample {
	i, _ := slices.BinarySearchFunc(list, ex, compareExamples)
	list = slices.Insert(list, i, ex)
	if len(list) > maxMalformedExamples {
		list = list[:maxMalformedExamples]
	}
	return list
}

// sawFormat notes which group fields a format read has (specs resolved
// for it).
func (c *covAcc) sawFormat(specs []groupSpec) {
	if c.byFound == nil {
		c.byFound = make([]bool, len(specs))
	}
	c.formats = true
	for i, s := range specs {
		c.byFound[i] = c.byFound[i] || s.primary >= 0 || s.fallback >= 0
	}
}

// checkByFound rejects a group field that is not a flow log field when no
// format read had it: a misspelt name would otherwise make one row of "-".
func (c *covAcc) checkByFound(by []string) error {
	if !c.formats {
		return nil
	}
	for i, name := range by {
		if !flowlog.KnownField(name) && !c.byFound[i] {
			near, _ := flowlog.Nearest(name)
			return fmt.Errorf("by %q: not a flow log field, and no input has it (the closest field is %s)", name, near)
		}
	}
	return nil
}

// merge folds o into c.
func (c *covAcc) merge(o *covAcc) {
	for i, f := range o.byFound {
		if c.byFound == nil {
			c.byFound = make([]bool, len(o.byFound))
		}
		c.byFound[i] = c.byFound[i] || f
	}
	c.formats = c.formats || o.formats
	c.records += o.records
	c.matched += o.matched
	c.legs.merge(&o.legs)
	c.noData += o.noData
	c.skipData += o.skipData
	c.malf += o.malf
	c.oddWindows += o.oddWindows
	c.span(o.first, o.last)
	for k := range o.ifaces {
		c.ifaces[k] = struct{}{}
	}
	for _, ex := range o.examples {
		c.examples = insertExample(c.examples, ex)
	}
}

// coverage returns the accumulated Coverage of files sources.
func (c *covAcc) coverage(files int) Coverage {
	cov := Coverage{
		Files: files, Records: c.records, Matched: c.matched,
		NoData: c.noData, SkipData: c.skipData, Malformed: c.malf, OddWindows: c.oddWindows,
		First: unixTime(c.first), Last: unixTime(c.last),
	}
	cov.NATLegs = c.legs.result()
	for _, ex := range c.examples {
		cov.MalformedExamples = append(cov.MalformedExamples, fmt.Sprintf("%s:%d: %s: %s", ex.name, ex.line, ex.reason, ex.text))
	}
	for k := range c.ifaces {
		cov.Interfaces = append(cov.Interfaces, k)
	}
	slices.Sort(cov.Interfaces)
	return cov
}

// maxFormatChangeExamples is how many format changes Coverage names.
const maxFormatChangeExamples = 5

// applyNotes writes what the readers noted into cov.
func applyNotes(cov *Coverage, n input.Summary) {
	cov.FormatChanges = int64(len(n.FormatChanges))
	for _, c := range n.FormatChanges[:min(len(n.FormatChanges), maxFormatChangeExamples)] {
		cov.FormatChangeExamples = append(cov.FormatChangeExamples, fmt.Sprintf("%s:%d: %s", c.Name, c.Line, quoteLine([]byte(c.Text))))
	}
	cov.ControlMessages = n.ControlMessages
	for _, b := range n.BadFiles {
		cov.BadFiles = append(cov.BadFiles, b.Text)
	}
}
