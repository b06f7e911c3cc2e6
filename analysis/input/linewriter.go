package input

import (
	"context"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// lineWriter packs records that do not come as text lines (Parquet rows,
// CloudWatch Logs messages) into chunks of text lines, so every input
// shares one parser. Line numbers are record numbers, from 1.
type lineWriter struct {
	ctx    context.Context
	sr     *Reader
	source int
	name   string
	format *flowlog.Layout

	bp    *[]byte
	buf   []byte
	first int64 // number of the chunk's first record
	next  int64 // number of the next record
}

func (sr *Reader) newLineWriter(ctx context.Context, idx int, name string, format *flowlog.Layout) *lineWriter {
	return &lineWriter{ctx: ctx, sr: sr, source: idx, name: name, format: format, first: 1, next: 1}
}

// begin starts a record and returns the buffer to append its fields to.
func (w *lineWriter) begin() ([]byte, error) {
	if w.bp == nil {
		bp, err := w.sr.Pool.Get(w.ctx)
		if err != nil {
			return nil, err
		}
		w.bp, w.buf = bp, (*bp)[:0]
	}
	return w.buf, nil
}

// end finishes the record that begin started: buf is that buffer with the
// record's text appended. It ends the line and sends the chunk when full.
func (w *lineWriter) end(buf []byte) error {
	w.buf = append(buf, '\n')
	w.next++
	if len(w.buf) >= ChunkSize-4096 {
		return w.flush()
	}
	return nil
}

// flush sends the pending lines.
func (w *lineWriter) flush() error {
	if w.bp == nil {
		return nil
	}
	*w.bp = w.buf[:cap(w.buf)]
	c := &Chunk{Source: w.source, Name: w.name, Layout: w.format, Line: w.first, Data: w.buf, Buf: w.bp}
	w.bp, w.buf, w.first = nil, nil, w.next
	return w.sr.send(w.ctx, c)
}

// appendValue appends one field value, "-" when empty, with spaces and
// line breaks (which no flow log value has) turned into underscores.
func appendValue(buf, v []byte) []byte {
	if len(v) == 0 {
		return append(buf, '-')
	}
	for _, c := range v {
		if c == ' ' || c == '\n' || c == '\r' || c == '\t' {
			c = '_'
		}
		buf = append(buf, c)
	}
	return buf
}
