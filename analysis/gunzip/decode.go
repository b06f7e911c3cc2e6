package gunzip

import (
	"encoding/binary"
	"io"
)

// huffman decodes the current Huffman block until its end-of-block code
// or until the output passes limit; the state stays stHuff then. The
// fast loop runs while the bit buffer holds only real input (a refill
// near the end pads it with zero bytes, counted in ip) and eight whole
// input bytes remain at each refill; the last symbols before the input's
// end go through huffmanTail.
func (f *inflater) huffman() error {
	if f.ip <= len(f.in) {
		if err := f.huffmanFast(); err != nil || f.state != stHuff || f.op > f.limit() {
			return err
		}
	}
	return f.huffmanTail()
}

// huffmanFast is the hot loop: the bit buffer is refilled eight bytes at
// a time, to at least 56 bits, which covers the longest symbol (a 15-bit
// length code, 5 extra bits, a 15-bit distance code and 13 extra bits); a
// length and its extra bits are consumed with one shift; a match at least
// eight bytes back is copied eight bytes at a time. It returns, state
// stHuff, when fewer than eight input bytes are left to load: every bit
// it decodes is real input.
func (f *inflater) huffmanFast() error {
	lit, dt := f.lit, f.distTab
	in, out := f.in, f.out
	bitbuf, nb, ip, op := f.bits, f.nb, f.ip, f.op
	limit, floor := f.limit(), f.floor
	var err error
	for op <= limit {
		if nb < 48 {
			if ip+8 > len(in) {
				break
			}
			bitbuf |= binary.LittleEndian.Uint64(in[ip:]) << (nb & 63)
			ip += int((63 - nb) >> 3)
			nb |= 56
		}
		e := lit[bitbuf&(1<<litRootBits-1)]
		if e&subFlag != 0 {
			bitbuf >>= litRootBits
			nb -= litRootBits
			e = lit[(e>>16+uint32(bitbuf)&(1<<(e&63)-1))&(litTableSize-1)]
		}
		if int32(e) < 0 {
			// A literal. With at least 48 bits, two more literal codes
			// (15 bits at most) fit before the next refill.
			bitbuf >>= e & 63
			nb -= uint(e & 63)
			out[op] = byte(e >> 16)
			op++
			if e = lit[bitbuf&(1<<litRootBits-1)]; int32(e) < 0 {
				bitbuf >>= e & 63
				nb -= uint(e & 63)
				out[op] = byte(e >> 16)
				op++
				if e = lit[bitbuf&(1<<litRootBits-1)]; int32(e) < 0 {
					bitbuf >>= e & 63
					nb -= uint(e & 63)
					out[op] = byte(e >> 16)
					op++
				}
			}
			continue
		}
		if e&(eobFlag|invalidFlag) != 0 {
			if e&invalidFlag != 0 {
				err = ErrCorrupt
				break
			}
			bitbuf >>= e & 63
			nb -= uint(e & 63)
			f.state = stBlock
			break
		}
		saved := bitbuf
		bitbuf >>= e & 63
		nb -= uint(e & 63)
		length := int(e>>16) + int((saved&(1<<(e&63)-1))>>((e>>8)&15))

		e = dt[bitbuf&(1<<distRootBits-1)]
		if e&subFlag != 0 {
			bitbuf >>= distRootBits
			nb -= distRootBits
			e = dt[(e>>16+uint32(bitbuf)&(1<<(e&63)-1))&(distTableSize-1)]
		}
		if e&invalidFlag != 0 {
			err = ErrCorrupt
			break
		}
		saved = bitbuf
		bitbuf >>= e & 63
		nb -= uint(e & 63)
		dist := int(e>>16) + int((saved&(1<<(e&63)-1))>>((e>>8)&15))
		if dist > op-floor {
			err = ErrCorrupt
			break
		}
		src, end := op-dist, op+length
		switch {
		case dist >= 8:
			// Two words unconditionally (most matches are short), then
			// the rest; limit leaves room for the overshoot.
			binary.LittleEndian.PutUint64(out[op:], binary.LittleEndian.Uint64(out[src:]))
			binary.LittleEndian.PutUint64(out[op+8:], binary.LittleEndian.Uint64(out[src+8:]))
			for op, src = op+16, src+16; op < end; op, src = op+8, src+8 {
				binary.LittleEndian.PutUint64(out[op:], binary.LittleEndian.Uint64(out[src:]))
			}
		case dist == 1:
			b := out[src]
			for ; op < end; op++ {
				out[op] = b
			}
		default:
			for ; op < end; op, src = op+1, src+1 {
				out[op] = out[src]
			}
		}
		op = end
	}
	f.bits, f.nb, f.ip, f.op = bitbuf, nb, ip, op
	return err
}

// huffmanTail decodes symbols one at a time, the careful way, near the
// end of the input, where refill loads zero bytes past it. A symbol that
// used any of them means the input is truncated: that is found before
// the symbol's output is written, so no byte made of padding is ever
// produced.
func (f *inflater) huffmanTail() error {
	for f.op <= f.limit() {
		f.refill()
		e := f.entry(f.lit[:], litRootBits)
		if e&invalidFlag != 0 {
			return f.invalidCode()
		}
		v := f.value(e)
		if f.overrun() {
			return io.ErrUnexpectedEOF
		}
		switch {
		case int32(e) < 0:
			f.out[f.op] = byte(v)
			f.op++
			continue
		case e&eobFlag != 0:
			f.state = stBlock
			return nil
		}
		e = f.entry(f.distTab[:], distRootBits)
		if e&invalidFlag != 0 {
			return f.invalidCode()
		}
		length, dist := int(v), int(f.value(e))
		if f.overrun() {
			return io.ErrUnexpectedEOF
		}
		if dist > f.op-f.floor {
			return ErrCorrupt
		}
		for i := range length {
			f.out[f.op+i] = f.out[f.op-dist+i]
		}
		f.op += length
	}
	return nil
}

// entry looks up the next code in a decode table, following a subtable
// pointer (whose root bits it consumes).
func (f *inflater) entry(tab []uint32, rootBits uint) uint32 {
	e := tab[f.bits&(1<<rootBits-1)]
	if e&subFlag != 0 {
		f.take(rootBits)
		e = tab[e>>16+uint32(f.bits)&(1<<(e&63)-1)]
	}
	return e
}

// value consumes entry e's code and extra bits and returns its value:
// a literal byte, a length or a distance.
func (f *inflater) value(e uint32) uint32 {
	saved := f.bits
	f.take(uint(e & 63))
	return e>>16&0x7fff + uint32(saved&(1<<(e&63)-1))>>((e>>8)&15)
}

// invalidCode is the error for a bit pattern no code matches: the input
// is truncated when the pattern was partly made of the padding past its
// end (fewer real bits left than the longest code), corrupt otherwise.
func (f *inflater) invalidCode() error {
	if realBits := int(f.nb) - 8*max(f.ip-len(f.in), 0); realBits < maxCodeLen {
		return io.ErrUnexpectedEOF
	}
	return ErrCorrupt
}
