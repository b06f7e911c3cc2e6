package gunzip

import (
	"encoding/binary"
	"io"
)

// huffman decodes the current Huffman block until its end-of-block code
// or until the output passes limit; the state stays stHuff then. This is
// the hot loop: the bit buffer is refilled eight bytes at a time, to at
// least 56 bits, which covers the longest symbol (a 15-bit length code,
// 5 extra bits, a 15-bit distance code and 13 extra bits); a length and
// its extra bits are consumed with one shift; a match at least eight
// bytes back is copied eight bytes at a time.
func (f *inflater) huffman() error {
	lit, dt := f.lit, f.distTab
	in, out := f.in, f.out
	bitbuf, nb, ip, op := f.bits, f.nb, f.ip, f.op
	limit, floor := f.limit(), f.floor
	var err error
	for op <= limit {
		if nb < 48 {
			if ip+8 <= len(in) {
				bitbuf |= binary.LittleEndian.Uint64(in[ip:]) << (nb & 63)
				ip += int((63 - nb) >> 3)
				nb |= 56
			} else {
				if ip-int(nb>>3) > len(in) {
					err = io.ErrUnexpectedEOF
					break
				}
				for nb <= 56 {
					if ip < len(in) {
						bitbuf |= uint64(in[ip]) << (nb & 63)
					}
					ip++
					nb += 8
				}
			}
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
