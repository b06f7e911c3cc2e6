package stdlog

import (
	"bytes"
	"log"
	"testing"
)

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	l := log.New(NewWriter(&buf), "", 0)
	l.Printf("WARNING: DECIMAL annotated with Int64 should have a precision >= 10, got %d", 5)
	l.Printf("PARQUETGODEBUG: buffer[1] garbage collected\nstack line")
	want := "aclprobe: warning: parquet: DECIMAL annotated with Int64 should have a precision >= 10, got 5\n" +
		"aclprobe: warning: parquet: PARQUETGODEBUG: buffer[1] garbage collected\n" +
		"aclprobe: warning: parquet: stack line\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}
