package analysis

import (
	"fmt"
	"strings"
)

// maxFields bounds the fields of one record; the widest real format (every
// field of versions 2 to 8) has about 60.
const maxFields = 128

// Format is the field layout of one input: the header line's field names,
// or the default format for files without one.
type Format struct {
	// Names are the field names in record order, hyphenated.
	Names   []string
	header  string // Names as a header line: one space between names
	index   map[string]int
	numeric []int   // indices of fields that must be numeric or "-"
	runs    []int32 // numeric as runs of consecutive fields: first, last+1, ...

	// indices of the fields the engine reads itself; -1 when absent
	srcaddr, dstaddr, pktSrc, pktDst  int
	iface, start, end, action, status int
	packets, bytes                    int
}

// NewFormat builds a Format from field names (any case, hyphens or
// underscores). Unknown names are kept; a repeated name is an error.
func NewFormat(names []string) (*Format, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("format: no fields")
	}
	if len(names) > maxFields {
		return nil, fmt.Errorf("format: %d fields, at most %d", len(names), maxFields)
	}
	f := &Format{Names: make([]string, len(names)), index: make(map[string]int, len(names))}
	for i, n := range names {
		n = NormalizeField(n)
		if !validFieldName(n) {
			return nil, fmt.Errorf("format: field %q: want a flow log field name such as pkt-srcaddr", names[i])
		}
		if _, dup := f.index[n]; dup {
			return nil, fmt.Errorf("format: field %q appears twice", n)
		}
		f.Names[i] = n
		f.index[n] = i
		if numericFields[n] {
			f.numeric = append(f.numeric, i)
		}
	}
	f.header = strings.Join(f.Names, " ")
	for _, k := range f.numeric {
		if n := len(f.runs); n > 0 && f.runs[n-1] == int32(k) {
			f.runs[n-1] = int32(k + 1)
		} else {
			f.runs = append(f.runs, int32(k), int32(k+1))
		}
	}
	f.srcaddr, f.dstaddr = f.Index("srcaddr"), f.Index("dstaddr")
	f.pktSrc, f.pktDst = f.Index("pkt-srcaddr"), f.Index("pkt-dstaddr")
	f.iface, f.start, f.end = f.Index("interface-id"), f.Index("start"), f.Index("end")
	f.action, f.status = f.Index("action"), f.Index("log-status")
	f.packets, f.bytes = f.Index("packets"), f.Index("bytes")
	return f, nil
}

// Index returns the position of field name in a record, or -1 when the
// format does not have it.
func (f *Format) Index(name string) int {
	if i, ok := f.index[name]; ok {
		return i
	}
	return -1
}

// String returns the format as a header line.
func (f *Format) String() string { return f.header }

// defaultFormat is the version 2 default format.
var defaultFormat = mustFormat(DefaultFields)

func mustFormat(names []string) *Format {
	f, err := NewFormat(names)
	if err != nil {
		panic(err)
	}
	return f
}

// parseHeader returns the Format a header line declares, or false when the
// line is a record. A header is a line whose every word is a field name
// and at least one word is a known flow log field: records always hold an
// address, a number or an upper-case word, so they never qualify.
func parseHeader(line []byte) (*Format, bool) {
	words := strings.FieldsFunc(string(line), func(r rune) bool { return r == ' ' || r == '\t' })
	if len(words) == 0 || len(words) > maxFields {
		return nil, false
	}
	known := false
	for i, w := range words {
		if !validFieldName(w) {
			return nil, false
		}
		words[i] = NormalizeField(w)
		known = known || knownFieldSet[words[i]]
	}
	if !known {
		return nil, false
	}
	f, err := NewFormat(words)
	if err != nil {
		return nil, false
	}
	return f, true
}
