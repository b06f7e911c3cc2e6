package gunzip

import (
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"math/bits"
	"math/rand/v2"
	"testing"
)

// deflateWriter writes hand-made DEFLATE streams: stored blocks and fixed
// Huffman blocks of chosen literals and matches, so tests can place a
// match exactly (the longest distance, across the decoder's window slide)
// where no encoder would.
type deflateWriter struct {
	buf []byte
	acc uint64
	n   uint
}

func (w *deflateWriter) bits(v uint64, n uint) {
	w.acc |= v << w.n
	w.n += n
	for w.n >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
}

// code writes a Huffman code, most significant bit first.
func (w *deflateWriter) code(c uint64, n uint) {
	w.bits(uint64(bits.Reverse16(uint16(c))>>(16-n)), n)
}

func (w *deflateWriter) stored(data []byte, final bool) {
	w.bits(b2u(final), 1)
	w.bits(0, 2)
	if w.n > 0 {
		w.bits(0, 8-w.n)
	}
	w.bits(uint64(len(data)), 16)
	w.bits(uint64(^uint16(len(data))), 16)
	w.buf = append(w.buf, data...)
}

// fixedSym writes a literal/length symbol with the fixed code.
func (w *deflateWriter) fixedSym(s int) {
	switch {
	case s < 144:
		w.code(uint64(0x30+s), 8)
	case s < 256:
		w.code(uint64(0x190+s-144), 9)
	case s < 280:
		w.code(uint64(s-256), 7)
	default:
		w.code(uint64(0xc0+s-280), 8)
	}
}

// match writes a length/distance pair in a fixed block.
func (w *deflateWriter) match(length, dist int) {
	i := len(lengthBase) - 1
	for int(lengthBase[i]) > length {
		i--
	}
	w.fixedSym(257 + i)
	w.bits(uint64(length-int(lengthBase[i])), uint(lengthExtra[i]))
	j := len(distBase) - 1
	for int(distBase[j]) > dist {
		j--
	}
	w.code(uint64(j), 5)
	w.bits(uint64(dist-int(distBase[j])), uint(distExtra[j]))
}

func (w *deflateWriter) fixedBlock(final bool, body func()) {
	w.bits(b2u(final), 1)
	w.bits(1, 2)
	body()
	w.fixedSym(256)
}

func (w *deflateWriter) bytes() []byte {
	if w.n > 0 {
		w.bits(0, 8-w.n)
	}
	return w.buf
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// gzipOf wraps a raw DEFLATE stream whose output is want.
func gzipOf(deflate, want []byte) []byte {
	return gzipMember(deflate, crc32.ChecksumIEEE(want), uint32(len(want)))
}

// TestLongestDistanceAcrossSlides fills the window with stored random
// bytes, then copies it forward with matches 32768 bytes back (the
// longest DEFLATE allows) of every length, through several slides of the
// decoder's buffer, with literals and short-distance matches mixed in.
// compress/flate decodes the same stream as the reference.
func TestLongestDistanceAcrossSlides(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	seed := make([]byte, windowSize)
	for i := range seed {
		seed[i] = byte(rng.Uint32())
	}
	var w deflateWriter
	w.stored(seed, false)
	w.fixedBlock(false, func() {
		for range 12_000 { // about 1.6 MB: three slides of the 512 KiB buffer
			w.match(3+rng.IntN(256), windowSize)
			switch rng.IntN(4) {
			case 0:
				w.fixedSym(rng.IntN(256))
			case 1:
				w.match(3+rng.IntN(256), 1+rng.IntN(9))
			}
		}
	})
	// Stored blocks of the largest size, 9 of them: more than the buffer,
	// so one of them straddles a slide.
	block := make([]byte, 65535)
	for range 9 {
		for i := range block {
			block[i] = byte(rng.Uint32())
		}
		w.stored(block, false)
	}
	w.fixedBlock(true, func() { w.match(258, windowSize) })
	raw := w.bytes()

	want, err := io.ReadAll(flate.NewReader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatalf("compress/flate rejects the crafted stream: %v", err)
	}
	if len(want) < 3*bufSize {
		t.Fatalf("crafted output is only %d bytes", len(want))
	}
	got, err := readAll(gzipOf(raw, want), 1<<16)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("got %d bytes, want %d (first difference at %d)", len(got), len(want), firstDiff(got, want))
	}
}

// TestMatchBeforeStart: a match reaching one byte before the stream's
// start is corrupt, also right after the window has slid.
func TestMatchBeforeStart(t *testing.T) {
	for _, n := range []int{100, windowSize - 1} {
		var w deflateWriter
		w.stored(bytes.Repeat([]byte{'x'}, n), false)
		w.fixedBlock(true, func() { w.match(3, n+1) })
		if _, err := inflateRaw(w.bytes()); err != ErrCorrupt {
			t.Errorf("%d bytes, match %d back: err = %v, want ErrCorrupt", n, n+1, err)
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
