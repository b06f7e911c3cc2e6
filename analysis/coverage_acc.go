package analysis

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
)

// maxMalformedExamples is how many malformed lines Coverage quotes.
const maxMalformedExamples = 5

// covAcc accumulates one parser's Coverage. Merging accumulators gives the
// same Coverage whatever the number of workers and the order of chunks.
type covAcc struct {
	records, matched       int64
	noData, skipData, malf int64
	first, last            int64 // Unix seconds, -1 when none
	ifaces                 map[string]struct{}
	lastIface              []byte
	examples               []malformedExample // the smallest (source, line)
}

// malformedExample is one malformed line, ordered by source then line.
type malformedExample struct {
	source int
	line   int64
	text   string
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

// malformed counts a malformed line and keeps it as an example when it is
// among the first lines seen so far.
func (c *covAcc) malformed(source int, name string, line int64, text []byte, reason string) {
	c.malf++
	ex := malformedExample{source: source, line: line}
	if len(c.examples) == maxMalformedExamples && !exampleBefore(ex, c.examples[len(c.examples)-1]) {
		return
	}
	ex.text = malformedText(name, line, text, reason)
	c.examples = insertExample(c.examples, ex)
}

// malformedText formats an example: file:line: reason: "line".
func malformedText(name string, line int64, text []byte, reason string) string {
	const maxQuote = 120
	if len(text) > maxQuote {
		text = append(text[:maxQuote:maxQuote], "..."...)
	}
	return fmt.Sprintf("%s:%d: %s: %q", name, line, reason, text)
}

func exampleBefore(a, b malformedExample) bool {
	return cmp.Or(cmp.Compare(a.source, b.source), cmp.Compare(a.line, b.line)) < 0
}

// insertExample adds ex in order and keeps the first maxMalformedExamples.
func insertExample(list []malformedExample, ex malformedExample) []malformedExample {
	i, _ := slices.BinarySearchFunc(list, ex, func(a, b malformedExample) int {
		return cmp.Or(cmp.Compare(a.source, b.source), cmp.Compare(a.line, b.line))
	})
	list = slices.Insert(list, i, ex)
	if len(list) > maxMalformedExamples {
		list = list[:maxMalformedExamples]
	}
	return list
}

// merge folds o into c.
func (c *covAcc) merge(o *covAcc) {
	c.records += o.records
	c.matched += o.matched
	c.noData += o.noData
	c.skipData += o.skipData
	c.malf += o.malf
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
		NoData: c.noData, SkipData: c.skipData, Malformed: c.malf,
		First: unixTime(c.first), Last: unixTime(c.last),
	}
	for _, ex := range c.examples {
		cov.MalformedExamples = append(cov.MalformedExamples, ex.text)
	}
	for k := range c.ifaces {
		cov.Interfaces = append(cov.Interfaces, k)
	}
	slices.Sort(cov.Interfaces)
	return cov
}
