package gunzip

import "math/bits"

// A decode table maps the next rootBits bits of the stream (least
// significant bit first, as DEFLATE packs Huffman codes) to an entry. A
// code longer than rootBits has a root entry that points to a subtable,
// indexed by the code's remaining bits. Each entry is a uint32:
//
//	bits  0-7   bits to consume: the code's length plus its extra bits
//	            (a subtable pointer: the subtable's index bits)
//	bits  8-11  the code's length alone (extra bits follow it)
//	bit  12     invalid: no code, or a symbol DEFLATE forbids
//	bit  13     end of block
//	bit  14     subtable pointer
//	bits 16-30  value: a literal byte, a length or distance base, or a
//	            subtable's offset
//	bit  31     literal
//
// Putting length and extra bits together lets the decoder consume both
// with one shift and pull the extra bits out of the saved bit buffer.
const (
	invalidFlag = 1 << 12
	eobFlag     = 1 << 13
	subFlag     = 1 << 14
	litFlag     = 1 << 31

	litRootBits  = 11 // root bits of the literal/length table
	distRootBits = 8  // of the distance table
	preRootBits  = 7  // of the code length code: its codes are at most 7 bits

	// Table sizes: the root table and room for every subtable a
	// complete code can need (at most 2342 entries for literal/length
	// codes with 11 root bits, 402 for distance codes with 8), rounded
	// up to a power of two so a masked index needs no bounds check.
	litTableSize  = 4096
	distTableSize = 512
	preTableSize  = 1 << preRootBits

	maxCodeLen = 15
)

var (
	lengthBase  = [29]uint32{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint32{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint32{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint32{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// Entry templates per symbol, without the code length, which build adds.
var litTemplates, distTemplates, preTemplates = func() (lit [288]uint32, dist [32]uint32, pre [19]uint32) {
	for s := range lit {
		switch {
		case s < 256:
			lit[s] = litFlag | uint32(s)<<16
		case s == 256:
			lit[s] = eobFlag
		case s < 286:
			lit[s] = lengthBase[s-257]<<16 | lengthExtra[s-257]
		default:
			lit[s] = invalidFlag
		}
	}
	for s := range dist {
		if s < 30 {
			dist[s] = distBase[s]<<16 | distExtra[s]
		} else {
			dist[s] = invalidFlag
		}
	}
	for s := range pre {
		pre[s] = uint32(s) << 16
	}
	return
}()

// The fixed Huffman codes of block type 1 (RFC 1951, 3.2.6).
var fixedLit, fixedDist = func() (*[litTableSize]uint32, *[distTableSize]uint32) {
	var lens [288]uint8
	for s := range lens {
		switch {
		case s < 144:
			lens[s] = 8
		case s < 256:
			lens[s] = 9
		case s < 280:
			lens[s] = 7
		default:
			lens[s] = 8
		}
	}
	lit, dist := new([litTableSize]uint32), new([distTableSize]uint32)
	var dlens [32]uint8
	for s := range dlens {
		dlens[s] = 5
	}
	if !build(lit[:], litRootBits, lens[:], litTemplates[:]) || !build(dist[:], distRootBits, dlens[:], distTemplates[:]) {
		panic("gunzip: fixed Huffman codes do not build")
	}
	return lit, dist
}()

// build fills tab with the decode table of the canonical Huffman code
// whose symbol s has code length lens[s] (0: unused) and entry template
// tmpl[s]. It reports false for a code that is over-subscribed or
// incomplete, except the two incomplete codes zlib and Go's compress/flate
// accept: no codes at all, and a single code of length 1. Bit patterns no
// code matches decode to an invalid entry.
func build(tab []uint32, rootBits uint, lens []uint8, tmpl []uint32) bool {
	var count [maxCodeLen + 1]int
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	left, maxLen, used := 1, 0, 0
	for l := 1; l <= maxCodeLen; l++ {
		left = left<<1 - count[l]
		if left < 0 {
			return false // over-subscribed
		}
		if count[l] > 0 {
			maxLen = l
		}
		used += count[l]
	}
	rootSize := 1 << rootBits
	if left != 0 {
		if used > 1 || (used == 1 && count[1] != 1) {
			return false // incomplete
		}
		for i := range tab[:rootSize] {
			tab[i] = invalidFlag
		}
		if used == 0 {
			return true
		}
	}
	// Symbols sorted by code length, then by value: canonical order.
	var offs [maxCodeLen + 2]int
	for l := 1; l <= maxCodeLen; l++ {
		offs[l+1] = offs[l] + count[l]
	}
	var sorted [288]uint16
	for s, l := range lens {
		if l != 0 {
			sorted[offs[l]] = uint16(s)
			offs[l]++
		}
	}
	code, next := 0, rootSize // next free subtable entry
	subPrefix, subBits := -1, uint(0)
	subStart := 0
	for i := range used {
		s := sorted[i]
		l := uint(lens[s])
		rev := int(bits.Reverse16(uint16(code)) >> (16 - l))
		if l <= rootBits {
			e := tmpl[s] + uint32(l) | uint32(l)<<8
			for j := rev; j < rootSize; j += 1 << l {
				tab[j] = e
			}
		} else {
			if prefix := rev & (rootSize - 1); prefix != subPrefix {
				// A new subtable, big enough for every remaining code
				// that shares this prefix.
				subPrefix, subStart = prefix, next
				subBits = subtableBits(count[:], l, rootBits, maxLen)
				next += 1 << subBits
				if next > len(tab) {
					return false // cannot happen for a complete code
				}
				tab[prefix] = subFlag | uint32(subStart)<<16 | uint32(subBits)
			}
			sl := l - rootBits
			e := tmpl[s] + uint32(sl) | uint32(sl)<<8
			for j := rev >> rootBits; j < 1<<subBits; j += 1 << sl {
				tab[subStart+j] = e
			}
		}
		count[l]--
		code++
		// The next code: shift left to the next symbol's length.
		if i+1 < used {
			code <<= uint(lens[sorted[i+1]]) - l
		}
	}
	return true
}

// subtableBits returns the index bits of the subtable that starts with a
// code of length l, given the counts of the codes not placed yet: enough
// for every code under the same root prefix (zlib's inflate_table rule).
func subtableBits(count []int, l, rootBits uint, maxLen int) uint {
	cur := l - rootBits
	left := 1 << cur
	for int(cur+rootBits) < maxLen {
		left -= count[cur+rootBits]
		if left <= 0 {
			break
		}
		cur++
		left <<= 1
	}
	return cur
}
