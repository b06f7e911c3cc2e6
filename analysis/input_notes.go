package analysis

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
)

// maxFormatChangeExamples is how many format changes Coverage names.
const maxFormatChangeExamples = 5

// inputNotes collects what the readers notice about whole sources, as
// opposed to single records: a format that changes inside a source,
// CloudWatch Logs control messages, and sources that could not be read.
// Readers run in parallel, so it is locked; notes are rare.
type inputNotes struct {
	mu              sync.Mutex
	formatChanges   []sourceNote
	controlMessages int64
	badFiles        []sourceNote
}

// sourceNote is one note about a source: where, and what.
type sourceNote struct {
	source int
	name   string
	line   int64
	text   string
}

func compareNotes(a, b sourceNote) int {
	return cmp.Or(cmp.Compare(a.source, b.source), cmp.Compare(a.line, b.line))
}

// formatChange notes that header switched the format of source idx at
// line.
func (n *inputNotes) formatChange(idx int, name string, line int64, header string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.formatChanges = append(n.formatChanges, sourceNote{source: idx, name: name, line: line, text: header})
}

// controlMessage counts CloudWatch Logs control messages.
func (n *inputNotes) controlMessage() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.controlMessages++
}

// badFile notes a source that could not be read to its end.
func (n *inputNotes) badFile(idx int, name string, err error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.badFiles = append(n.badFiles, sourceNote{source: idx, name: name, text: err.Error()})
}

// apply writes the notes into cov, in source and line order.
func (n *inputNotes) apply(cov *Coverage) {
	n.mu.Lock()
	defer n.mu.Unlock()
	slices.SortFunc(n.formatChanges, compareNotes)
	slices.SortFunc(n.badFiles, compareNotes)
	cov.FormatChanges = int64(len(n.formatChanges))
	for _, c := range n.formatChanges[:min(len(n.formatChanges), maxFormatChangeExamples)] {
		cov.FormatChangeExamples = append(cov.FormatChangeExamples, fmt.Sprintf("%s:%d: %s", c.name, c.line, quoteLine([]byte(c.text))))
	}
	cov.ControlMessages = n.controlMessages
	for _, b := range n.badFiles {
		cov.BadFiles = append(cov.BadFiles, b.text)
	}
}
