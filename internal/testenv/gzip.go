package testenv

import (
	"bytes"
	"compress/gzip"
	"testing"
)

// Gzip returns data compressed as one gzip member, as flow logs are
// delivered, failing tb if compression fails.
func Gzip(tb testing.TB, data []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
