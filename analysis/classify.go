package analysis

import "encoding/binary"

// classify sets bit j of spaces[i] when data[64*i+j] is ' ' and of
// newlines[i] when it is '\n', for every byte of data; both slices need
// (len(data)+63)/64 words. Whole 64-byte blocks go through classifyBlocks
// (SSE2 on amd64), the tail through classifyTail.
func classify(data []byte, spaces, newlines []uint64) {
	blocks := len(data) / 64
	if blocks > 0 {
		classifyBlocks(data[:blocks*64], spaces[:blocks], newlines[:blocks])
	}
	if blocks*64 < len(data) {
		spaces[blocks], newlines[blocks] = classifyTail(data[blocks*64:])
	}
}

// classifyTail classifies up to 64 bytes one at a time.
func classifyTail(b []byte) (sp, nl uint64) {
	for j, c := range b {
		switch c {
		case ' ':
			sp |= 1 << j
		case '\n':
			nl |= 1 << j
		}
	}
	return sp, nl
}

// classifyBlocksGo is the portable classifyBlocks: 8 bytes at a time, a
// byte equal to c found as a zero byte of w^c (zeroBytes), the 8 flags
// gathered into a byte by one multiplication.
func classifyBlocksGo(data []byte, spaces, newlines []uint64) {
	for i := range spaces {
		var sp, nl uint64
		for j := 0; j < 64; j += 8 {
			w := binary.LittleEndian.Uint64(data[i*64+j:])
			sp |= gatherHigh(zeroBytes(w^spaces8)) << j
			nl |= gatherHigh(zeroBytes(w^newline8)) << j
		}
		spaces[i], newlines[i] = sp, nl
	}
}

// gatherHigh packs the high bit of each byte of m (and only those may be
// set) into the low 8 bits, byte k's into bit k.
func gatherHigh(m uint64) uint64 { return m * 0x0002040810204081 >> 56 }
