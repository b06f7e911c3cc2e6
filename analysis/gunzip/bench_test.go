package gunzip

import (
	"bytes"
	"io"
	"testing"

	kpgzip "github.com/klauspost/compress/gzip"
)

// benchInput is the flow log payload gzipped at the default level, as
// AWS delivers it.
func benchInput(b *testing.B) (in []byte, raw int) {
	data := payloads()["flow logs"]
	return compress(b, compressors["std 6"], data), len(data)
}

// BenchmarkReader decodes with Reader; BenchmarkKlauspost with
// klauspost/compress's gzip over the same bytes, for comparison. Bytes
// per second are of decompressed output.
func BenchmarkReader(b *testing.B) {
	benchDecode(b, func(in []byte) (io.Reader, error) { return NewReader(in) })
}

func BenchmarkKlauspost(b *testing.B) {
	benchDecode(b, func(in []byte) (io.Reader, error) { return kpgzip.NewReader(bytes.NewReader(in)) })
}

// benchDecode decodes the benchmark input to the end with the reader
// newReader makes.
func benchDecode(b *testing.B, newReader func([]byte) (io.Reader, error)) {
	in, raw := benchInput(b)
	buf := make([]byte, 1<<20)
	b.SetBytes(int64(raw))
	for b.Loop() {
		r, err := newReader(in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{r}, buf); err != nil {
			b.Fatal(err)
		}
	}
}
