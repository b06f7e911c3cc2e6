// Package stdlog routes the standard library logger (package log) to
// stderr as aclprobe warnings: "aclprobe: warning: parquet: ...". The only
// dependency that writes to it is parquet-go (its DECIMAL and
// PARQUETGODEBUG messages), which would otherwise print unprefixed,
// date-stamped lines among aclprobe's own.
//
// The routing is set by this package's init, because parquet-go logs from
// its own init (PARQUETGODEBUG parsing): Go initialises packages in import
// path order as far as their imports allow, and this package's path sorts
// before github.com/parquet-go and imports nothing parquet-go does not.
// cmd/aclprobe imports it for that effect alone.
package stdlog

import (
	"io"
	"log"
	"os"
	"strings"
	"sync"
)

// Prefix starts every line that comes through the standard logger.
const Prefix = "aclprobe: warning: parquet: "

func init() {
	log.SetFlags(0)
	log.SetPrefix("")
	log.SetOutput(NewWriter(os.Stderr))
}

// NewWriter returns a writer that prefixes each line written to it (the
// standard logger writes one message per Write) with Prefix, drops the
// library's own "WARNING: " and ends it with a newline.
func NewWriter(w io.Writer) io.Writer { return &writer{w: w} }

type writer struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *writer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		b.WriteString(Prefix)
		b.WriteString(strings.TrimPrefix(line, "WARNING: "))
		b.WriteByte('\n')
	}
	if _, err := io.WriteString(l.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}
