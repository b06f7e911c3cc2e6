package input

import (
	"cmp"
	"slices"
	"sync"
)

// Notes collects what the readers notice about whole sources, as
// opposed to single records: a format that changes inside a source,
// CloudWatch Logs control messages, and sources that could not be read.
// Readers run in parallel, so it is locked; notes are rare.
type Notes struct {
	mu              sync.Mutex
	formatChanges   []Note
	controlMessages int64
	badFiles        []Note
}

// Note is one note about a source: where, and what.
type Note struct {
	Source int    // index of the source, for ordering
	Name   string // the source's name
	Line   int64  // the line noted; 0 for the whole source
	Text   string // the header that changed the format, or why the source failed
}

func compareNotes(a, b Note) int {
	return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Line, b.Line))
}

// FormatChange notes that header switched the format of source idx at
// line.
func (n *Notes) FormatChange(idx int, name string, line int64, header string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.formatChanges = append(n.formatChanges, Note{Source: idx, Name: name, Line: line, Text: header})
}

// ControlMessage counts CloudWatch Logs control messages.
func (n *Notes) ControlMessage() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.controlMessages++
}

// BadFile notes a source that could not be read to its end.
func (n *Notes) BadFile(idx int, name string, err error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.badFiles = append(n.badFiles, Note{Source: idx, Name: name, Text: err.Error()})
}

// Summary is what the readers noted, in source and line order.
type Summary struct {
	FormatChanges   []Note // headers that switched the format inside a source
	ControlMessages int64  // CloudWatch Logs control messages skipped
	BadFiles        []Note // sources that could not be read to their end
}

// Summary returns the notes so far, sorted by source and line.
func (n *Notes) Summary() Summary {
	n.mu.Lock()
	defer n.mu.Unlock()
	slices.SortFunc(n.formatChanges, compareNotes)
	slices.SortFunc(n.badFiles, compareNotes)
	return Summary{
		FormatChanges:   slices.Clone(n.formatChanges),
		ControlMessages: n.controlMessages,
		BadFiles:        slices.Clone(n.badFiles),
	}
}
