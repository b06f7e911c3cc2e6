package gunzip

import (
	"bytes"
	"compress/flate"
	stdgzip "compress/gzip"
	"io"
	"testing"
)

// inflateRaw decodes a raw DEFLATE stream with the inflater, draining and
// sliding its buffer as Reader does.
func inflateRaw(in []byte) ([]byte, error) {
	var f inflater
	f.out = make([]byte, windowSize+4096+maxMatch+matchSlack) // a small buffer: many slides
	f.reset(in, 0)
	var out []byte
	for {
		if f.op > f.limit() {
			f.slide()
		}
		start := f.op
		err := f.run()
		out = append(out, f.out[start:f.op]...)
		if err != nil {
			return out, err
		}
		if f.state == stEnd {
			_, err := f.align()
			return out, err
		}
	}
}

// deflateSeeds are raw DEFLATE streams of every block type.
func deflateSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	for _, data := range [][]byte{nil, []byte("a"), []byte("hello hello hello hello"), bytes.Repeat([]byte("2 10.0.0.1 52.94.0.7 443 6 OK\n"), 50)} {
		for _, level := range []int{flate.NoCompression, flate.HuffmanOnly, 1, 9} {
			var buf bytes.Buffer
			w, _ := flate.NewWriter(&buf, level)
			w.Write(data)
			w.Close()
			seeds = append(seeds, buf.Bytes())
		}
	}
	return seeds
}

// FuzzInflate checks the DEFLATE decoder against compress/flate on any
// input: both must accept it or both reject it, and agree on the output.
func FuzzInflate(f *testing.F) {
	for _, s := range deflateSeeds(f) {
		f.Add(s)
	}
	f.Add([]byte{0x03, 0x02, 0x00, 0x00}) // a match before any output
	f.Add([]byte{0x07})                   // reserved block type
	f.Fuzz(func(t *testing.T, in []byte) {
		want, wantErr := io.ReadAll(flate.NewReader(bytes.NewReader(in)))
		got, err := inflateRaw(in)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("error %v, compress/flate's %v", err, wantErr)
		}
		if err == nil && !bytes.Equal(got, want) {
			t.Fatalf("output differs from compress/flate's: %q vs %q", got, want)
		}
	})
}

// FuzzGunzip checks Reader against compress/gzip (multistream) on any
// input, headers and trailers included.
func FuzzGunzip(f *testing.F) {
	for _, s := range deflateSeeds(f) {
		f.Add(gzipMember(s, 0, 0))
	}
	var buf bytes.Buffer
	zw := stdgzip.NewWriter(&buf)
	zw.Name, zw.Comment, zw.Extra = "n", "c", []byte("x")
	zw.Write([]byte("abcabcabc"))
	zw.Close()
	f.Add(buf.Bytes())
	f.Add(append(buf.Bytes(), buf.Bytes()...))
	f.Fuzz(func(t *testing.T, in []byte) {
		var want []byte
		zr, wantErr := stdgzip.NewReader(bytes.NewReader(in))
		if wantErr == nil {
			want, wantErr = io.ReadAll(zr)
		}
		got, err := readAll(in, 1000)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("error %v, compress/gzip's %v", err, wantErr)
		}
		if err == nil && !bytes.Equal(got, want) {
			t.Fatalf("output differs from compress/gzip's")
		}
	})
}
