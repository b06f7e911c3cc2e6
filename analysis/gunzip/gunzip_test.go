package gunzip

import (
	"bytes"
	stdgzip "compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	kpgzip "github.com/klauspost/compress/gzip"
)

// payloads are inputs whose compressed forms use every block type and
// match shape: stored blocks (random bytes), fixed and dynamic Huffman
// blocks, distance-1 runs, short and long distances, and output several
// times the size of the decode buffer, so the window slides.
var payloads = sync.OnceValue(func() map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 2*bufSize+12345)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	var flows strings.Builder
	flows.WriteString("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n")
	for range 12_000 {
		fmt.Fprintf(&flows, "2 123456789012 eni-%08x 10.0.%d.%d 52.94.%d.%d %d 443 6 %d %d 1700000000 1700000060 ACCEPT OK\n",
			rng.IntN(40), rng.IntN(4), rng.IntN(250), rng.IntN(9), rng.IntN(250), 1024+rng.IntN(60000), 1+rng.IntN(90), 40+rng.IntN(90000))
	}
	mixed := make([]byte, 0, 2*bufSize)
	for len(mixed) < 2*bufSize {
		if rng.IntN(3) == 0 {
			mixed = append(mixed, random[:rng.IntN(4000)]...)
		} else {
			mixed = append(mixed, flows.String()[rng.IntN(1000):][:rng.IntN(40000)]...)
		}
	}
	return map[string][]byte{
		"empty":      nil,
		"one byte":   {'x'},
		"short text": []byte("hello, hello, hello, flow logs\n"),
		"random":     random,
		"run":        bytes.Repeat([]byte{'a'}, 2*bufSize+7),
		"period 3":   bytes.Repeat([]byte("abc"), bufSize*2/3),
		"period 7":   bytes.Repeat([]byte("abcdefg"), bufSize/3),
		"flow logs":  []byte(flows.String()),
		"mixed":      mixed,
	}
})

// compressors are the encoders whose output must decode: Go's and
// klauspost's, at levels that make stored, Huffman-only, fast and
// thorough streams.
var compressors = map[string]func(io.Writer) io.WriteCloser{
	"std store":   levelWriter(stdgzip.NewWriterLevel, stdgzip.NoCompression),
	"std huffman": levelWriter(stdgzip.NewWriterLevel, stdgzip.HuffmanOnly),
	"std 1":       levelWriter(stdgzip.NewWriterLevel, 1),
	"std 6":       levelWriter(stdgzip.NewWriterLevel, 6),
	"std 9":       levelWriter(stdgzip.NewWriterLevel, 9),
	"kp 1":        levelWriter(kpgzip.NewWriterLevel, 1),
	"kp 5":        levelWriter(kpgzip.NewWriterLevel, 5),
	"kp huffman":  levelWriter(kpgzip.NewWriterLevel, kpgzip.HuffmanOnly),
}

// levelWriter makes an encoder constructor of a library's
// NewWriterLevel at one level.
func levelWriter[W io.WriteCloser](newWriter func(io.Writer, int) (W, error), level int) func(io.Writer) io.WriteCloser {
	return func(w io.Writer) io.WriteCloser {
		zw, err := newWriter(w, level)
		if err != nil {
			panic(err)
		}
		return zw
	}
}

func compress(t testing.TB, zw func(io.Writer) io.WriteCloser, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zw(&buf)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readAll decodes in with reads of step bytes.
func readAll(in []byte, step int) ([]byte, error) {
	r, err := NewReader(in)
	if err != nil {
		return nil, err
	}
	var out []byte
	buf := make([]byte, step)
	for {
		n, err := r.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for pname, data := range payloads() {
		for cname, zw := range compressors {
			t.Run(pname+"/"+cname, func(t *testing.T) {
				in := compress(t, zw, data)
				for _, step := range []int{1 << 20, 4093} {
					got, err := readAll(in, step)
					if err != nil {
						t.Fatalf("step %d: %v", step, err)
					}
					if !bytes.Equal(got, data) {
						t.Fatalf("step %d: %d bytes differ from the %d written", step, len(got), len(data))
					}
				}
			})
		}
	}
}

func TestMultistream(t *testing.T) {
	p := payloads()
	parts := [][]byte{p["flow logs"], p["empty"], p["run"], p["short text"]}
	var in, want []byte
	for i, part := range parts {
		in = append(in, compress(t, compressors[[]string{"std 6", "kp 1", "std store", "kp 5"}[i]], part)...)
		want = append(want, part...)
	}
	got, err := readAll(in, 1<<16)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("got %d bytes, want %d", len(got), len(want))
	}
}

// TestMatchNotAcrossMembers: a second member's match may not reach into
// the first member's output, even though it is still in the buffer.
func TestMatchNotAcrossMembers(t *testing.T) {
	first := compress(t, compressors["std 6"], []byte("abcdefgh"))
	// Fixed-Huffman block: length 3 (symbol 257, code 0000001), distance
	// 1 (code 00000): a match with nothing before it.
	second := gzipMember([]byte{0x03, 0x02, 0x00, 0x00}, 0, 0)
	_, err := readAll(append(first, second...), 1<<16)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
}

// gzipMember wraps raw DEFLATE data in a minimal gzip header and the given
// trailer.
func gzipMember(deflate []byte, crc, size uint32) []byte {
	b := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}
	b = append(b, deflate...)
	b = binary.LittleEndian.AppendUint32(b, crc)
	return binary.LittleEndian.AppendUint32(b, size)
}

func TestHeaderFields(t *testing.T) {
	data := []byte("payload with every optional header field\n")
	var buf bytes.Buffer
	zw := stdgzip.NewWriter(&buf)
	zw.Name, zw.Comment, zw.Extra = "flows.log", "a comment", []byte("extra bytes")
	zw.Write(data)
	zw.Close()
	in := buf.Bytes()
	got, err := readAll(in, 100)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("std header fields: %q, %v", got, err)
	}

	// FHCRC, which Go's writer never sets: the CRC-32 of the header's
	// bytes before it, low 16 bits.
	hdr := []byte{0x1f, 0x8b, 8, flagHdrCRC | flagName, 0, 0, 0, 0, 0, 255}
	hdr = append(hdr, "n\x00"...)
	hcrc := binary.LittleEndian.AppendUint16(nil, uint16(crc32.ChecksumIEEE(hdr)))
	body := in[10+2+len("extra bytes")+len("flows.log\x00")+len("a comment\x00"):]
	good := append(append(append([]byte(nil), hdr...), hcrc...), body...)
	if got, err := readAll(good, 100); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("FHCRC: %q, %v", got, err)
	}
	bad := append(append(append([]byte(nil), hdr...), hcrc[0]^1, hcrc[1]), body...)
	if _, err := readAll(bad, 100); !errors.Is(err, ErrHeader) {
		t.Fatalf("bad FHCRC: err = %v, want ErrHeader", err)
	}
}

func TestErrors(t *testing.T) {
	good := compress(t, compressors["std 6"], payloads()["flow logs"])
	n := len(good)
	flip := func(i int, mask byte) []byte {
		b := append([]byte(nil), good...)
		b[i] ^= mask
		return b
	}
	stored := compress(t, compressors["std store"], []byte("stored"))
	for _, tc := range []struct {
		name string
		in   []byte
		want error
	}{
		{"empty input", nil, io.EOF},
		{"not gzip", []byte("plain text, not gzip at all"), ErrHeader},
		{"short header", good[:5], io.ErrUnexpectedEOF},
		{"wrong method", flip(2, 1), ErrHeader},
		{"no trailer", good[:n-8], io.ErrUnexpectedEOF},
		{"half a trailer", good[:n-3], io.ErrUnexpectedEOF},
		{"bad crc", flip(n-8, 1), ErrChecksum},
		{"bad size", flip(n-1, 1), ErrChecksum},
		{"trailing garbage", append(append([]byte(nil), good...), "junk after the member"...), ErrHeader},
		{"trailing header fragment", append(append([]byte(nil), good...), 0x1f, 0x8b), io.ErrUnexpectedEOF},
		{"reserved block type", gzipMember([]byte{0x07}, 0, 0), ErrCorrupt},
		{"stored length check", func() []byte { b := append([]byte(nil), stored...); b[12] ^= 1; return b }(), ErrCorrupt},
		{"distance too far", gzipMember([]byte{0x03, 0x02, 0x00, 0x00}, 0, 0), ErrCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(tc.in, 1<<16)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestTruncated cuts streams at every length: each cut must be an error,
// never a short success, and what was read before the error must be a
// prefix of the real output: no byte is decoded from the zero bits the
// decoder pads a truncated input with.
func TestTruncated(t *testing.T) {
	data := payloads()["flow logs"][:12_000]
	for _, name := range []string{"std 6", "std store", "std huffman", "kp 1"} {
		in := compress(t, compressors[name], data)
		for cut := range len(in) {
			got, err := readAll(in[:cut], 4093)
			if err == nil {
				t.Fatalf("%s cut to %d of %d bytes: no error", name, cut, len(in))
			}
			if !bytes.HasPrefix(data, got) {
				t.Fatalf("%s cut to %d of %d bytes: output byte %d is not the input's", name, cut, len(in), firstDiff(got, data))
			}
		}
	}
}

// TestTruncatedIsUnexpectedEOF: a stream cut inside a block header or
// code is reported as truncated, not as corrupt, and yields no output.
func TestTruncatedIsUnexpectedEOF(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"fixed block cut after its first byte", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff\x4a"},
		{"dynamic header cut after its first byte", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xd4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readAll([]byte(tc.in), 100)
			if !errors.Is(err, io.ErrUnexpectedEOF) || len(got) != 0 {
				t.Fatalf("got %q, %v; want no output and io.ErrUnexpectedEOF", got, err)
			}
		})
	}
}
