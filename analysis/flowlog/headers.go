package flowlog

import (
	"bytes"
)

// HeaderHit is what FindHeader found in a chunk: the header line of a
// format other than the current one at data[off:past], or none (format
// nil, off = len(data)). lines counts the lines before off.
type HeaderHit struct {
	Off, Past int
	Lines     int64
	Layout    *Layout
	Text      string // the header line, for the coverage note
}

// FindHeader looks for the first line of data (whole lines, each ending
// with '\n') that is the header of a format other than cur (see Switch).
// A record costs a newline search and a look at its first byte.
func FindHeader(data []byte, cur *Layout) HeaderHit {
	for i := 0; i < len(data); {
		if !HeaderStart(data[i]) {
			k := nextLineStart(data[i:])
			if k < 0 {
				break
			}
			i += k + 1
		}
		e := i + bytes.IndexByte(data[i:], '\n')
		if f := Switch(data[i:e], cur); f != nil {
			return HeaderHit{Off: i, Past: e + 1, Lines: int64(bytes.Count(data[:i], newline)), Layout: f, Text: string(bytes.TrimRight(data[i:e], "\r"))}
		}
		i = e + 1
	}
	return HeaderHit{Off: len(data), Past: len(data), Lines: int64(bytes.Count(data, newline))}
}

// Switch returns the format that line (without its '\n'; trailing '\r's
// do not count) declares when it is the header of a format other than
// cur, or nil. A repeat of cur's own header is not a switch: the parser
// skips it. Only a line that starts like a header and holds nothing but
// field name characters is parsed, so a record costs a look at its first
// bytes.
func Switch(line []byte, cur *Layout) *Layout {
	l := bytes.TrimRight(line, "\r")
	if !MayBeHeader(l) || string(l) == cur.header {
		return nil
	}
	if f, ok := ParseHeader(l); ok && f.header != cur.header {
		return f
	}
	return nil
}

var newline = []byte{'\n'}

// MayBeHeader reports whether a line can be a header at all: it starts
// (after blanks) with a lower-case letter and holds nothing but the
// characters of field names and blanks. A record never qualifies: it
// holds an address, a number first or an upper-case word.
func MayBeHeader(l []byte) bool {
	i := 0
	for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
		i++
	}
	if i == len(l) || l[i] < 'a' || l[i] > 'z' {
		return false
	}
	for _, c := range l[i:] {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == ' ' || c == '\t') {
			return false
		}
	}
	return true
}

// SkipPreamble drops the blank lines and "#" comment lines at the start
// of a text source, before its header or first record. It returns the
// rest, the number of lines dropped, and whether the whole of data was
// preamble (so the next chunk may still start with some).
func SkipPreamble(data []byte) (rest []byte, skipped int64, more bool) {
	for len(data) > 0 {
		nl := bytes.IndexByte(data, '\n')
		l := bytes.TrimLeft(data[:nl], " \t\r")
		if len(l) > 0 && l[0] != '#' {
			return data, skipped, false
		}
		data, skipped = data[nl+1:], skipped+1
	}
	return data, skipped, true
}

// BOM is the byte order mark some editors and Windows tools put in
// front of text; it is not part of the first line.
var BOM = []byte{0xef, 0xbb, 0xbf}

// nextLineStart returns the offset of the first '\n' in data followed by
// a byte that can start a header line (a lower-case letter, ' ' or
// '\t'), or -1.
func nextLineStart(data []byte) int {
	for i := 0; ; {
		k := bytes.IndexByte(data[i:], '\n')
		if k < 0 || i+k+1 >= len(data) {
			return -1
		}
		if HeaderStart(data[i+k+1]) {
			return i + k
		}
		i += k + 1
	}
}

// HeaderStart reports whether a line starting with c may be a header.
func HeaderStart(c byte) bool { return c >= 'a' && c <= 'z' || c == ' ' || c == '\t' }
