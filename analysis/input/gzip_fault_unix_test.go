//go:build unix

package input

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// TestMappedGzipShrinks cuts a mapped gzip file short while it is being
// decoded, as log rotation or a partial copy does: reading the lost pages
// faults (SIGBUS), which must come back as an error, not crash.
func TestMappedGzipShrinks(t *testing.T) {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	for i := range 200_000 { // about 1 MB compressed: many pages
		fmt.Fprintf(zw, "2 1234 eni-%x 10.%d.%d.%d 52.94.%d.%d %d 443 6 %d %d 1764806400 1764806460 ACCEPT OK\n",
			i*7919, i%251, i%241, i%239, i%233, i%229, i%60000, i%97, i*31%100000)
	}
	zw.Close()
	path := filepath.Join(t.TempDir(), "rotated.log.gz")
	if err := os.WriteFile(path, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sr := &Reader{ReadBytes: new(atomic.Int64)}
	zr, err := sr.gzipReader(f, nil, &countingReader{n: sr.ReadBytes})
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if _, ok := zr.(*mappedGzip); !ok {
		t.Skipf("not mapped on this system (%T)", zr)
	}
	if err := os.Truncate(path, 4096); err != nil {
		t.Fatal(err)
	}
	_, err = io.Copy(io.Discard, zr)
	if !errors.Is(err, errFileShrank) {
		t.Fatalf("reading a file that shrank: err = %v, want errFileShrank", err)
	}
	if _, err := zr.Read(make([]byte, 10)); !errors.Is(err, errFileShrank) {
		t.Errorf("read after the fault: err = %v, want errFileShrank again", err)
	}
	if err := gzipError(path, fmt.Errorf("read %s: %w", path, err)); !errors.Is(err, errTruncatedGzip) {
		t.Errorf("the error says %q, want it to say truncated gzip", err)
	}
}
