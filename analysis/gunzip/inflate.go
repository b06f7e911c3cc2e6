package gunzip

import (
	"encoding/binary"
	"errors"
	"io"
)

// ErrCorrupt is returned for a DEFLATE stream that breaks RFC 1951.
var ErrCorrupt = errors.New("gunzip: corrupt deflate data")

// windowSize is how far back a DEFLATE match may reach.
const windowSize = 32 << 10

// maxMatch is the longest match; matchSlack the bytes a match copy may
// write past its end (it copies eight bytes at a time).
const (
	maxMatch   = 258
	matchSlack = 8
)

// inflater decodes one raw DEFLATE stream from in into out, which keeps
// the last windowSize bytes of output in front of the new ones. It stops
// between two symbols when out is nearly full, so the caller can drain
// the output and slide the window, and resumes from there.
type inflater struct {
	in   []byte
	ip   int    // next byte of in to load; may pass len(in) (zeros are loaded then)
	bits uint64 // bit buffer: the stream's next nb bits, least significant first
	nb   uint

	out   []byte
	op    int // next byte of out to write
	floor int // out[floor:] belongs to this stream: no match reaches below it

	state   int
	final   bool                  // the current block is the last
	stored  int                   // bytes left in the current stored block
	lit     *[litTableSize]uint32 // the current block's tables
	distTab *[distTableSize]uint32
	dynLit  [litTableSize]uint32 // a dynamic block's tables
	dynDist [distTableSize]uint32
	lens    [286 + 30]uint8
}

const (
	stBlock  = iota // at a block header
	stHuff          // inside a Huffman block
	stStored        // inside a stored block
	stEnd           // after the final block
)

// reset starts a new DEFLATE stream at in[ip:].
func (f *inflater) reset(in []byte, ip int) {
	f.in, f.ip, f.bits, f.nb = in, ip, 0, 0
	f.floor = f.op
	f.state, f.final = stBlock, false
}

// refill tops the bit buffer up to at least 56 bits. Near the end of the
// input it loads zero bytes past it; overrun tells whether any of them
// was consumed.
func (f *inflater) refill() {
	if f.ip+8 <= len(f.in) {
		f.bits |= binary.LittleEndian.Uint64(f.in[f.ip:]) << f.nb
		f.ip += int((63 - f.nb) >> 3)
		f.nb |= 56
		return
	}
	for f.nb <= 56 {
		if f.ip < len(f.in) {
			f.bits |= uint64(f.in[f.ip]) << f.nb
		}
		f.ip++
		f.nb += 8
	}
}

// need makes sure the bit buffer holds n (at most 56) bits.
func (f *inflater) need(n uint) {
	if f.nb < n {
		f.refill()
	}
}

func (f *inflater) take(n uint) uint32 {
	v := uint32(f.bits & (1<<n - 1))
	f.bits >>= n
	f.nb -= n
	return v
}

// align drops the bits up to the next byte boundary, empties the bit
// buffer and returns the offset in in of the next byte. It fails when the
// stream used bytes past the end of the input.
func (f *inflater) align() (int, error) {
	f.take(f.nb & 7)
	pos := f.ip - int(f.nb>>3)
	f.bits, f.nb, f.ip = 0, 0, pos
	if pos > len(f.in) {
		return 0, io.ErrUnexpectedEOF
	}
	return pos, nil
}

// overrun reports whether the decoder consumed bits past the input's end.
func (f *inflater) overrun() bool {
	return f.ip-int(f.nb>>3) > len(f.in)
}

// limit is the last position in out at which a whole symbol (a maximal
// match and its copy slack) still fits.
func (f *inflater) limit() int { return len(f.out) - maxMatch - matchSlack }

// slide moves the last windowSize bytes of output (all of it, when
// shorter) to the front of out, making room for more.
func (f *inflater) slide() {
	keep := min(f.op, windowSize)
	copy(f.out, f.out[f.op-keep:f.op])
	f.floor = max(f.floor-(f.op-keep), 0)
	f.op = keep
}

// run decodes until the output reaches limit, the final block ends, or an
// error.
func (f *inflater) run() error {
	for {
		switch f.state {
		case stEnd:
			return nil
		case stBlock:
			if f.final {
				f.state = stEnd
				return nil
			}
			if err := f.blockHeader(); err != nil {
				return err
			}
		case stStored:
			if err := f.copyStored(); err != nil || f.state == stStored {
				return err
			}
		case stHuff:
			if err := f.huffman(); err != nil || f.state == stHuff {
				return err
			}
		}
	}
}

// blockHeader reads a block's header (and a dynamic block's code
// lengths). An error found after the decoder read past the input's end
// is io.ErrUnexpectedEOF: the input is truncated, not corrupt.
func (f *inflater) blockHeader() error {
	err := f.readBlockHeader()
	if f.overrun() {
		return io.ErrUnexpectedEOF
	}
	return err
}

func (f *inflater) readBlockHeader() error {
	f.need(3)
	f.final = f.take(1) == 1
	switch f.take(2) {
	case 0:
		pos, err := f.align()
		if err != nil {
			return err
		}
		if pos+4 > len(f.in) {
			return io.ErrUnexpectedEOF
		}
		n, nn := binary.LittleEndian.Uint16(f.in[pos:]), binary.LittleEndian.Uint16(f.in[pos+2:])
		if n != ^nn {
			return ErrCorrupt
		}
		f.ip, f.stored, f.state = pos+4, int(n), stStored
	case 1:
		f.lit, f.distTab, f.state = fixedLit, fixedDist, stHuff
	case 2:
		if err := f.dynamicHeader(); err != nil {
			return err
		}
		f.lit, f.distTab, f.state = &f.dynLit, &f.dynDist, stHuff
	default:
		return ErrCorrupt
	}
	return nil
}

// copyStored copies the stored block's bytes, as many as fit.
func (f *inflater) copyStored() error {
	n := min(f.stored, f.limit()-f.op+maxMatch, len(f.in)-f.ip)
	copy(f.out[f.op:], f.in[f.ip:f.ip+n])
	f.op, f.ip, f.stored = f.op+n, f.ip+n, f.stored-n
	switch {
	case f.stored == 0:
		f.state = stBlock
	case f.ip == len(f.in):
		return io.ErrUnexpectedEOF
	}
	return nil
}

// codeLengthOrder is the order of the code length code's lengths.
var codeLengthOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// dynamicHeader reads a dynamic block's code lengths and builds its
// tables, with compress/flate's limits (at most 286 literal/length and 30
// distance codes, and an end-of-block code).
func (f *inflater) dynamicHeader() error {
	f.need(14)
	nlit, ndist, nclen := int(f.take(5))+257, int(f.take(5))+1, int(f.take(4))+4
	if nlit > 286 || ndist > 30 {
		return ErrCorrupt
	}
	var clens [19]uint8
	for i := range nclen {
		f.need(3)
		clens[codeLengthOrder[i]] = uint8(f.take(3))
	}
	var pre [preTableSize]uint32
	if !build(pre[:], preRootBits, clens[:], preTemplates[:]) {
		return ErrCorrupt
	}
	lens := f.lens[:nlit+ndist]
	for i := 0; i < len(lens); {
		f.need(14)
		e := pre[f.bits&(preTableSize-1)]
		if e&invalidFlag != 0 {
			return ErrCorrupt
		}
		f.take(uint(e & 63))
		sym := e >> 16
		if sym < 16 {
			lens[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var v uint8
		switch sym {
		case 16:
			if i == 0 {
				return ErrCorrupt
			}
			rep, v = 3+int(f.take(2)), lens[i-1]
		case 17:
			rep = 3 + int(f.take(3))
		default:
			rep = 11 + int(f.take(7))
		}
		if i+rep > len(lens) {
			return ErrCorrupt
		}
		for range rep {
			lens[i] = v
			i++
		}
	}
	if lens[256] == 0 {
		return ErrCorrupt
	}
	if !build(f.dynLit[:], litRootBits, lens[:nlit], litTemplates[:]) ||
		!build(f.dynDist[:], distRootBits, lens[nlit:], distTemplates[:]) {
		return ErrCorrupt
	}
	return nil
}
