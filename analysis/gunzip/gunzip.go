// Package gunzip decompresses gzip files held whole in memory (a mapped
// file) faster than a streaming decoder can: the DEFLATE decoder reads its
// input eight bytes at a time and decodes straight into a large output
// buffer that keeps the 32 KiB window in front, so matches copy within
// one slice. Output is still produced in bounded pieces (streamed), and
// every member's CRC-32 and length are checked.
//
// It accepts what Go's compress/gzip accepts, in multistream mode:
// concatenated members, optional header fields, a header CRC.
package gunzip

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
)

// ErrHeader is returned for data that is not a gzip member where one must
// start; ErrChecksum for a member whose CRC-32 or length does not match.
var (
	ErrHeader   = errors.New("gunzip: invalid header")
	ErrChecksum = errors.New("gunzip: invalid checksum")
)

// bufSize is the output decoded between two reads of it, after the window.
const bufSize = 512 << 10

// Reader is an io.Reader of the decompressed bytes of a gzip stream.
type Reader struct {
	f    inflater
	rp   int    // next byte of f.out to return
	crc  uint32 // of the current member's output so far
	size uint32 // its length, modulo 2^32
	err  error  // sticky: returned once the output before it is read
}

// NewReader returns a Reader of in, which must start with a gzip header.
// in must not change while the Reader is used.
func NewReader(in []byte) (*Reader, error) {
	r := &Reader{}
	r.f.out = make([]byte, windowSize+bufSize+maxMatch+matchSlack)
	pos, err := readHeader(in, 0)
	if err != nil {
		return nil, err
	}
	r.f.reset(in, pos)
	return r, nil
}

// Read implements io.Reader.
func (r *Reader) Read(p []byte) (int, error) {
	for r.rp == r.f.op {
		if r.err != nil {
			return 0, r.err
		}
		r.decode()
	}
	n := copy(p, r.f.out[r.rp:r.f.op])
	r.rp += n
	return n, nil
}

// decode produces the next piece of output (or sets r.err): it slides the
// window when the buffer is full, runs the inflater, checksums what it
// wrote and handles a member's end.
func (r *Reader) decode() {
	f := &r.f
	if f.op > f.limit() {
		f.slide()
		r.rp = f.op
	}
	start := f.op
	err := f.run()
	r.crc = crc32.Update(r.crc, crc32.IEEETable, f.out[start:f.op])
	r.size += uint32(f.op - start)
	switch {
	case err != nil:
		r.err = err
	case f.state == stEnd:
		r.err = r.endMember()
	}
}

// endMember checks the trailer of the member just decoded and starts the
// next one, or sets io.EOF at the end of the input.
func (r *Reader) endMember() error {
	f := &r.f
	pos, err := f.align()
	if err != nil {
		return err
	}
	if pos+8 > len(f.in) {
		return io.ErrUnexpectedEOF
	}
	if binary.LittleEndian.Uint32(f.in[pos:]) != r.crc || binary.LittleEndian.Uint32(f.in[pos+4:]) != r.size {
		return ErrChecksum
	}
	pos += 8
	if pos == len(f.in) {
		return io.EOF
	}
	pos, err = readHeader(f.in, pos)
	if err != nil {
		return err
	}
	f.reset(f.in, pos)
	r.crc, r.size = 0, 0
	return nil
}

// Header flags (RFC 1952, 2.3.1).
const (
	flagHdrCRC  = 1 << 1
	flagExtra   = 1 << 2
	flagName    = 1 << 3
	flagComment = 1 << 4

	maxString = 512 // the longest name or comment, with its NUL
)

// readHeader parses the gzip member header at in[pos:] and returns the
// offset of its DEFLATE data.
func readHeader(in []byte, pos int) (int, error) {
	start := pos
	if len(in)-pos < 10 {
		if len(in) == pos {
			return 0, io.EOF
		}
		return 0, io.ErrUnexpectedEOF
	}
	if in[pos] != 0x1f || in[pos+1] != 0x8b || in[pos+2] != 8 {
		return 0, ErrHeader
	}
	flags := in[pos+3]
	pos += 10
	if flags&flagExtra != 0 {
		if len(in)-pos < 2 {
			return 0, io.ErrUnexpectedEOF
		}
		n := int(binary.LittleEndian.Uint16(in[pos:]))
		if len(in)-pos-2 < n {
			return 0, io.ErrUnexpectedEOF
		}
		pos += 2 + n
	}
	for _, flag := range []byte{flagName, flagComment} {
		if flags&flag != 0 {
			// Like compress/gzip, a name or comment is refused when
			// it and its NUL take more than 512 bytes.
			s := in[pos:min(len(in), pos+maxString)]
			k := bytes.IndexByte(s, 0)
			switch {
			case k < 0 && len(s) == maxString:
				return 0, ErrHeader
			case k < 0:
				return 0, io.ErrUnexpectedEOF
			}
			pos += k + 1
		}
	}
	if flags&flagHdrCRC != 0 {
		if len(in)-pos < 2 {
			return 0, io.ErrUnexpectedEOF
		}
		if binary.LittleEndian.Uint16(in[pos:]) != uint16(crc32.ChecksumIEEE(in[start:pos])) {
			return 0, ErrHeader
		}
		pos += 2
	}
	return pos, nil
}

// InputOffset returns how far into its input the reader has loaded: no
// byte before it is read again, so a caller that mapped the input may let
// those pages go.
func (r *Reader) InputOffset() int { return min(r.f.ip, len(r.f.in)) }
