package analysis

import (
	"bytes"
	"encoding/binary"
	"math/bits"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// lineRecord is one line of a chunk split into fields without copying:
// field k is data[ends[k]+1 : ends[k+1]], where ends[0] is the line's
// start minus one and ends[k+1] the offset of the separator after field k.
type lineRecord struct {
	data []byte
	n    int // fields found; more than maxFields means "too many"
	ends [endsLen]int32
}

// endsLen is a power of two above maxFields+1, so an index masked with
// endsLen-1 needs no bounds check.
const endsLen = 256

var absentField = []byte(Absent)

// field returns field k, or "-" when k < 0 (the format lacks the field).
// k must be below r.n, which the parser checks once per line.
func (r *lineRecord) field(k int) []byte {
	if k < 0 {
		return absentField
	}
	return r.data[r.ends[k&(endsLen-1)]+1 : r.ends[(k+1)&(endsLen-1)]]
}

// SWAR constants: a byte equal to c in a word w is found as a zero byte of
// w ^ c*0x01..01, flagged in its high bit without false positives.
const (
	lo7      = 0x7f7f7f7f7f7f7f7f
	spaces8  = 0x2020202020202020
	newline8 = 0x0a0a0a0a0a0a0a0a
)

// zeroBytes sets the high bit of every zero byte of x, and only those.
func zeroBytes(x uint64) uint64 {
	t := (x & lo7) + lo7
	return ^(t | x | lo7)
}

// scan splits data, which ends with '\n', into lines and fields and hands
// each line to p.line; line numbers count from first. It returns the
// number of lines. classify marks the
// spaces and newlines of the whole chunk first (16 bytes per instruction
// on amd64), so this loop only visits separators. Every space separates
// here; a line with an empty field (a space next to a space or at either
// end of the line) is flagged lenient and re-split by p.line. A '\r'
// before the '\n' is dropped. With p.stopAtHeader, a line that is the
// header of another format ends the scan and is noted in p.hit.
func (p *parser) scan(data []byte, first int64) int64 {
	words := (len(data) + 63) / 64
	if cap(p.spaces) < words {
		p.spaces, p.newlines, p.digits = make([]uint64, words), make([]uint64, words), make([]uint64, words)
	}
	spaces, newlines := p.spaces[:words], p.newlines[:words]
	classify(data, spaces, newlines, p.digits[:words])
	r := &p.rec
	r.data = data
	r.ends[0] = -1
	n, lineStart, line := 0, 0, first
	lenient, carry := false, uint64(1) // the chunk's start counts as a separator
	for b, nl := range newlines {
		m := spaces[b] | nl
		adj := m & (m<<1 | carry)
		carry = m >> 63
		for m != 0 {
			t := bits.TrailingZeros64(m)
			m &= m - 1
			pos := b*64 + t
			n++
			r.ends[n&(endsLen-1)] = int32(pos)
			if adj != 0 && adj>>t&1 != 0 {
				lenient = true
			}
			if nl>>t&1 == 0 {
				continue
			}
			end := pos
			if end > lineStart && data[end-1] == '\r' {
				end--
				r.ends[n&(endsLen-1)] = int32(end)
				// " \r\n": the space before the '\r' now ends the line
				lenient = lenient || end > lineStart && data[end-1] == ' '
			}
			text := data[lineStart:end]
			if p.stopAtHeader && end > lineStart && flowlog.HeaderStart(text[0]) {
				if f := flowlog.Switch(text, p.c.Layout); f != nil {
					p.hit = flowlog.HeaderHit{Off: lineStart, Past: pos + 1, Lines: line - first, Layout: f, Text: string(bytes.TrimRight(text, "\r"))}
					return line - first
				}
			}
			r.n = n
			p.line(r, line, text, lenient || end == lineStart)
			n, lineStart, lenient = 0, pos+1, false
			r.ends[0] = int32(pos)
			line++
		}
	}
	return line - first
}

// resplit splits a line again the lenient way: runs of spaces separate
// fields, leading and trailing spaces are dropped. The fields
// are copied, one space apart, into scratch, which r then points into
// until the caller restores r.data. It returns the new scratch buffer.
func (r *lineRecord) resplit(text, scratch []byte) []byte {
	scratch = scratch[:0]
	r.ends[0] = -1
	n := 0
	for i := 0; i < len(text); {
		for i < len(text) && isBlank(text[i]) {
			i++
		}
		if i == len(text) {
			break
		}
		start := i
		for i < len(text) && !isBlank(text[i]) {
			i++
		}
		if n > 0 {
			scratch = append(scratch, ' ')
		}
		scratch = append(scratch, text[start:i]...)
		n++
		if n < endsLen {
			r.ends[n] = int32(len(scratch))
		}
	}
	r.data, r.n = scratch, n
	return scratch
}

func isBlank(c byte) bool { return c == ' ' }

// SWAR digit test: a byte b of w is an ASCII digit exactly when the high
// bits of b+0x46, b-0x30 and b are all clear. Carries and borrows start
// only at bytes that already fail, so the test is exact.
const (
	zeros8 = 0x3030303030303030
	add46  = 0x4646464646464646
	high8  = 0x8080808080808080
)

// badNumber returns the first of the fields ks that is neither a decimal
// number nor "-" (see numericOK), or -1. Fields of up to 16 bytes are
// tested 8 bytes at a time.
func (r *lineRecord) badNumber(ks []int) int {
	data, ends := r.data, &r.ends
	for _, k := range ks {
		s, e := int(ends[k&(endsLen-1)])+1, int(ends[(k+1)&(endsLen-1)])
		if s+16 <= len(data) && e > s {
			w := binary.LittleEndian.Uint64(data[s:])
			n := uint(e - s)
			if n <= 8 {
				keep := ^uint64(0) >> (64 - 8*n)
				if w = w&keep | zeros8&^keep; ((w+add46)|(w-zeros8)|w)&high8 == 0 {
					continue
				}
			} else if n <= 16 && ((w+add46)|(w-zeros8)|w)&high8 == 0 {
				keep := ^uint64(0) >> (128 - 8*n)
				if w = binary.LittleEndian.Uint64(data[s+8:])&keep | zeros8&^keep; ((w+add46)|(w-zeros8)|w)&high8 == 0 {
					continue
				}
			}
		}
		if !numericOK(data[s:e]) {
			return k
		}
	}
	return -1
}

// badNumberBits is badNumber for a line of the chunk that classify
// marked. runs holds pairs (first field, last field + 1) of consecutive
// numeric fields; a run is valid at once when the digits-or-spaces bitmap
// ds has every bit of its bytes (one window of two words for runs of up
// to 63 bytes). A run holding anything else ("-", most often) is checked
// field by field.
func (r *lineRecord) badNumberBits(runs []int32, ds []uint64) int {
	ends := &r.ends
	for i := 0; i+1 < len(runs); i += 2 {
		first, past := runs[i], runs[i+1]
		s, e := uint(ends[first&(endsLen-1)]+1), uint(ends[past&(endsLen-1)])
		if n := e - s; n-1 < 63 {
			w, sh := s>>6, s&63
			got := ds[w] >> sh
			if sh+n > 64 {
				got |= ds[w+1] << (64 - sh)
			}
			if want := uint64(1)<<n - 1; got&want == want {
				continue
			}
		}
		for k := int(first); k < int(past); k++ {
			s, e := int(ends[k&(endsLen-1)])+1, int(ends[(k+1)&(endsLen-1)])
			if !allSet(ds, s, e) && !numericOK(r.data[s:e]) {
				return k
			}
		}
	}
	return -1
}

// allSet reports whether bits [s, e) of bm are all set: ranges of 1 to
// 63 bits in one window of two words, longer ones 32 bits at a time.
// (Shift counts are masked with 63 so the compiler emits plain shifts.)
func allSet(bm []uint64, s, e int) bool {
	n := uint(e - s)
	if n-1 >= 63 {
		return n == 0 || allSetLong(bm, s, e)
	}
	w, sh := uint(s)>>6, uint(s)&63
	got := bm[w] >> sh
	if sh+n > 64 {
		got |= bm[w+1] << ((64 - sh) & 63)
	}
	want := uint64(1)<<(n&63) - 1
	return got&want == want
}

func allSetLong(bm []uint64, s, e int) bool {
	for ; s < e; s += 32 {
		if !allSet(bm, s, min(s+32, e)) {
			return false
		}
	}
	return true
}
