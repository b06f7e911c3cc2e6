package analysis

import "encoding/binary"

// classify sets bit j of spaces[i] when data[64*i+j] is ' ', of
// newlines[i] when it is '\n' and of digits[i] when it is '0' to '9' or
// ' ' (the bytes a run of numeric fields may hold), for
// every byte of data; the slices need (len(data)+63)/64 words. Whole
// 64-byte blocks go through classifyBlocks (SSE2 on amd64), the tail
// through classifyTail.
func classify(data []byte, spaces, newlines, digits []uint64) {
	blocks := len(data) / 64
	if blocks > 0 {
		classifyBlocks(data[:blocks*64], spaces[:blocks], newlines[:blocks], digits[:blocks])
	}
	if blocks*64 < len(data) {
		spaces[blocks], newlines[blocks], digits[blocks] = classifyTail(data[blocks*64:])
	}
}

// classifyTail classifies up to 64 bytes one at a time.
func classifyTail(b []byte) (sp, nl, dg uint64) {
	for j, c := range b {
		switch {
		case c == ' ':
			sp |= 1 << j
		case c == '\n':
			nl |= 1 << j
		case c >= '0' && c <= '9':
			dg |= 1 << j
		}
	}
	return sp, nl, dg | sp
}

// classifyBlocksGo is the portable classifyBlocks: 8 bytes at a time, a
// byte equal to c found as a zero byte of w^c (zeroBytes), the 8 flags
// gathered into a byte by one multiplication.
func classifyBlocksGo(data []byte, spaces, newlines, digits []uint64) {
	for i := range spaces {
		var sp, nl, dg uint64
		for j := 0; j < 64; j += 8 {
			w := binary.LittleEndian.Uint64(data[i*64+j:])
			sp |= gatherHigh(zeroBytes(w^spaces8)) << j
			nl |= gatherHigh(zeroBytes(w^newline8)) << j
			dg |= gatherHigh(digitBytes(w)) << j
		}
		spaces[i], newlines[i], digits[i] = sp, nl, dg|sp
	}
}

// digitBytes sets the high bit of every byte of w that is an ASCII digit.
// Each byte is tested on its own (masking the high bits stops carries).
func digitBytes(w uint64) uint64 {
	low := w & lo7
	ge0 := low + (0x80-0x30)*0x0101010101010101 // high bit: low7 >= 0x30
	le9 := (0x39+0x80)*0x0101010101010101 - low // high bit: low7 <= 0x39
	return ge0 & le9 & ^w & high8
}

// gatherHigh packs the high bit of each byte of m (and only those may be
// set) into the low 8 bits, byte k's into bit k.
func gatherHigh(m uint64) uint64 { return m * 0x0002040810204081 >> 56 }
