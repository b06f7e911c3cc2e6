package flowlog

import (
	"fmt"
	"strings"
)

// MaxFields bounds the fields of one record; the widest real format (every
// field of versions 2 to 8) has about 60.
const MaxFields = 128

// Layout is the field layout of one input: the header line's field names,
// or the default format for files without one.
type Layout struct {
	// Names are the field names in record order, hyphenated.
	Names  []string
	header string // Names as a header line: one space between names
	index  map[string]int
	// Numeric holds the indices of the fields that must be numeric or
	// "-"; Runs holds them as runs of consecutive fields: first, last+1,
	// ... (the parser checks a run at a time).
	Numeric []int
	Runs    []int32

	// The indices of the fields the engine reads itself; -1 when absent.
	// Fields, not methods, because the parser reads them for every record.
	SrcAddr, DstAddr, PktSrc, PktDst  int
	Iface, Start, End, Action, Status int
	Packets, Bytes                    int
}

// NewLayout builds a Layout from field names (any case, hyphens or
// underscores). Unknown names are kept; a repeated name is an error.
func NewLayout(names []string) (*Layout, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("format: no fields")
	}
	if len(names) > MaxFields {
		return nil, fmt.Errorf("format: %d fields, at most %d", len(names), MaxFields)
	}
	f := &Layout{Names: make([]string, len(names)), index: make(map[string]int, len(names))}
	for i, n := range names {
		n = NormalizeField(n)
		if !ValidName(n) {
			return nil, fmt.Errorf("format: field %q: want a flow log field name such as pkt-srcaddr", names[i])
		}
		if _, dup := f.index[n]; dup {
			return nil, fmt.Errorf("format: field %q appears twice", n)
		}
		f.Names[i] = n
		f.index[n] = i
		if numericFields[n] {
			f.Numeric = append(f.Numeric, i)
		}
	}
	f.header = strings.Join(f.Names, " ")
	for _, k := range f.Numeric {
		if n := len(f.Runs); n > 0 && f.Runs[n-1] == int32(k) {
			f.Runs[n-1] = int32(k + 1)
		} else {
			f.Runs = append(f.Runs, int32(k), int32(k+1))
		}
	}
	f.SrcAddr, f.DstAddr = f.Index("srcaddr"), f.Index("dstaddr")
	f.PktSrc, f.PktDst = f.Index("pkt-srcaddr"), f.Index("pkt-dstaddr")
	f.Iface, f.Start, f.End = f.Index("interface-id"), f.Index("start"), f.Index("end")
	f.Action, f.Status = f.Index("action"), f.Index("log-status")
	f.Packets, f.Bytes = f.Index("packets"), f.Index("bytes")
	return f, nil
}

// Index returns the position of field name in a record, or -1 when the
// format does not have it.
func (f *Layout) Index(name string) int {
	if i, ok := f.index[name]; ok {
		return i
	}
	return -1
}

// String returns the format as a header line.
func (f *Layout) String() string { return f.header }

// Default is the layout of the version 2 default format. It is shared:
// read it, never change it.
var Default = mustLayout(DefaultFields)

func mustLayout(names []string) *Layout {
	f, err := NewLayout(names)
	if err != nil {
		panic(err)
	}
	return f
}

// ParseHeader returns the Layout a header line declares, or false when the
// line is a record. A header is a line whose every word is a field name
// and at least one word is a known flow log field: records always hold an
// address, a number or an upper-case word, so they never qualify.
func ParseHeader(line []byte) (*Layout, bool) {
	words := strings.FieldsFunc(string(line), func(r rune) bool { return r == ' ' || r == '\t' })
	if len(words) == 0 || len(words) > MaxFields {
		return nil, false
	}
	known := false
	for i, w := range words {
		if !ValidName(w) {
			return nil, false
		}
		words[i] = NormalizeField(w)
		known = known || knownFieldSet[words[i]]
	}
	if !known {
		return nil, false
	}
	f, err := NewLayout(words)
	if err != nil {
		return nil, false
	}
	return f, true
}
