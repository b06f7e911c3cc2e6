package input

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
	"github.com/aclprobe/aclprobe/analysis/source"
	"github.com/klauspost/compress/gzip"
)

// Reader opens sources, recognises their content (text, gzip, Parquet,
// CloudWatch Logs JSON) and cuts it into line-aligned chunks for the
// parsers. One Reader may read several sources at once; its fields are
// set before the first Read and not changed after.
type Reader struct {
	Fields *flowlog.Layout // layout of header-less text and CloudWatch messages
	Pool   *Pool           // chunk buffers; bounds the memory in flight
	// Deliver hands a chunk to a parser: straight to the calling worker's
	// own parser, or through a channel to the parsing goroutines. It owns
	// the chunk's buffer from then on, also when it fails.
	Deliver func(ctx context.Context, c *Chunk) error
	// Parse, when set, parses chunks of text lines in the reading
	// goroutine in place of Deliver, which then serves Parquet and
	// CloudWatch Logs only. It goes through c's lines up to the first
	// header of a format other than c.Layout (flowlog.Switch) and returns
	// where that header is; without one, Layout is nil and Lines counts
	// c's lines. The buffer stays the reader's. This spares the search
	// for headers that chunks handed to other goroutines need first.
	Parse func(c *Chunk) (flowlog.HeaderHit, error)
	// Flush, when set, is for the caller to run after the reader's last
	// source: the parser that Deliver calls hands over its pending records.
	Flush     func()
	ReadBytes *atomic.Int64 // raw bytes read, for progress
	Notes     *Notes        // what the readers note for Coverage
}

// maxLine bounds one line; a longer one is an error, not a reason to grow
// without limit.
const maxLine = 16 << 20

var (
	gzipMagic    = []byte{0x1f, 0x8b}
	parquetMagic = []byte("PAR1")
)

// Read streams source idx to the parsers. The content decides the format,
// not the name: gzip by its magic (then sniffed again), Parquet by PAR1,
// CloudWatch Logs JSON by a leading '{' or '[', text otherwise.
func (sr *Reader) Read(ctx context.Context, idx int, src source.Source) error {
	rc, err := src.Open(ctx)
	if err != nil {
		return fmt.Errorf("open %s: %w", src.Name, err)
	}
	defer rc.Close()
	cr := &countingReader{r: rc, n: sr.ReadBytes}
	br := bufio.NewReaderSize(cr, 256<<10)
	head, _ := br.Peek(4)
	var r io.Reader = br
	isGzip := bytes.HasPrefix(head, gzipMagic)
	if isGzip {
		zr, err := sr.gzipReader(rc, br, cr)
		if err != nil {
			return gzipError(src.Name, fmt.Errorf("read %s: %w", src.Name, err))
		}
		defer zr.Close()
		r = zr
	} else if bytes.HasPrefix(head, parquetMagic) {
		file, _ := rc.(*os.File)
		return sr.parquet(ctx, idx, src.Name, br, file)
	}
	head, r, err = peek(r, 512)
	if err != nil {
		err = fmt.Errorf("read %s: %w", src.Name, err)
		if isGzip {
			err = gzipError(src.Name, err)
		}
		return err
	}
	if bytes.HasPrefix(head, flowlog.BOM) {
		// Text saved by some Windows tools starts with a byte order mark.
		if _, err := io.CopyN(io.Discard, r, int64(len(flowlog.BOM))); err != nil {
			return fmt.Errorf("read %s: %w", src.Name, err)
		}
		head = head[len(flowlog.BOM):]
	}
	switch first := firstNonSpace(head); {
	case bytes.HasPrefix(head, parquetMagic):
		err = sr.parquet(ctx, idx, src.Name, r, nil)
	case first == '{' || first == '[':
		err = sr.cloudWatch(ctx, idx, src.Name, r)
	default:
		if err = sr.text(ctx, idx, src.Name, r); err != nil {
			err = fmt.Errorf("read %s: %w", src.Name, err)
		}
	}
	if err != nil && isGzip {
		err = gzipError(src.Name, err)
	}
	return err
}

// gzipError says "read NAME: truncated gzip: why" for an error reading
// gzip source name that ends early: io.ErrUnexpectedEOF from either
// decoder, or a mapped file that shrank. Other errors are returned as is.
func gzipError(name string, err error) error {
	for _, cause := range []error{io.ErrUnexpectedEOF, errFileShrank} {
		if errors.Is(err, cause) {
			return fmt.Errorf("read %s: %w: %w", name, errTruncatedGzip, cause)
		}
	}
	return err
}

// gzipReader decompresses a gzip source. A regular file is mapped and
// decoded by gunzip, which reads its input eight bytes at a time and
// decodes into its own window (about 1.7 times as fast as klauspost's
// streaming decoder); anything else (stdin, S3) streams through klauspost's gzip.
// Closing the reader unmaps the file and counts it as read for progress.
func (sr *Reader) gzipReader(rc io.Reader, br *bufio.Reader, cr *countingReader) (io.ReadCloser, error) {
	if f, ok := rc.(*os.File); ok {
		if m, unmap, ok := source.MapFile(f); ok {
			zr, err := newMappedGzip(m, func() {
				unmap()
				sr.ReadBytes.Add(int64(len(m)) - cr.total)
			})
			if err != nil {
				unmap()
				return nil, err
			}
			return zr, nil
		}
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, err
	}
	return zr, nil
}

// peek reads up to n bytes of r and returns them with a reader that
// yields the whole stream again.
func peek(r io.Reader, n int) ([]byte, io.Reader, error) {
	head := make([]byte, n)
	k, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, nil, err
	}
	head = head[:k]
	return head, io.MultiReader(bytes.NewReader(head), r), nil
}

func firstNonSpace(b []byte) byte {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c
		}
	}
	return 0
}

// text cuts plain text into chunks of whole lines. Blank lines and "#"
// comments before the first record are skipped; a first line that is a
// header sets the format, otherwise the default (or --fields) applies. A
// header of another format further on switches the format from its line
// on (concatenated files: cat a.log b.log | aclprobe analyze -): the chunk
// is cut there and the change is noted for Coverage. Every chunk carries
// the number of its first line in the source.
func (sr *Reader) text(ctx context.Context, idx int, name string, r io.Reader) error {
	format, line, first := sr.Fields, int64(1), true
	var carry []byte
	for {
		bp, err := sr.Pool.Get(ctx)
		if err != nil {
			return err
		}
		data, eof, err := fill(r, bp, carry)
		if err != nil {
			sr.Pool.Put(bp)
			return err
		}
		cut := bytes.LastIndexByte(data, '\n') + 1
		carry = append(carry[:0], data[cut:]...)
		data = data[:cut]
		if first {
			var skipped int64
			data, skipped, first = flowlog.SkipPreamble(data)
			line += skipped
			if !first && len(data) > 0 {
				nl := bytes.IndexByte(data, '\n')
				if f, ok := flowlog.ParseHeader(bytes.TrimRight(data[:nl], "\r")); ok {
					format, data, line = f, data[nl+1:], line+1
				}
			}
		}
		if format, line, err = sr.lines(ctx, idx, name, format, line, data, bp); err != nil {
			return err
		}
		if eof {
			return nil
		}
	}
}

// lines hands data, whole lines in buffer bp, to the parsers in the given
// format, from line number line on, and cuts it at each header of another
// format, which switches the format from the next line on. It returns the
// format in force after data and the number of the line that follows.
func (sr *Reader) lines(ctx context.Context, idx int, name string, format *flowlog.Layout, line int64, data []byte, bp *[]byte) (*flowlog.Layout, int64, error) {
	for {
		c := &Chunk{Source: idx, Name: name, Layout: format, Line: line, Data: data, Buf: bp}
		var h flowlog.HeaderHit
		if sr.Parse != nil {
			// Parsed here and now, up to the header if there is one: bp
			// is free again, and the rest moves to its front.
			if len(data) == 0 {
				sr.Pool.Put(bp)
				return format, line, nil
			}
			var err error
			if h, err = sr.Parse(c); err != nil || h.Layout == nil {
				sr.Pool.Put(bp)
				return format, line + h.Lines, err
			}
			data = data[:copy(data, data[h.Past:])]
		} else {
			h = flowlog.FindHeader(data, format)
			c.Data = data[:h.Off]
			if h.Layout == nil {
				return format, line + h.Lines, sr.sendLines(ctx, c)
			}
			// The rest after the header goes on in a buffer of its own:
			// the chunk before it owns bp.
			nbp, err := sr.Pool.Get(ctx)
			if err != nil {
				sr.Pool.Put(bp)
				return format, line, err
			}
			rest := data[h.Past:]
			if cap(*nbp) < len(rest) {
				*nbp = make([]byte, len(rest))
			}
			data = append((*nbp)[:0], rest...)
			if err := sr.sendLines(ctx, c); err != nil {
				sr.Pool.Put(nbp)
				return format, line, err
			}
			bp = nbp
		}
		sr.Notes.FormatChange(idx, name, line+h.Lines, h.Text)
		format, line = h.Layout, line+h.Lines+1
	}
}

// fill copies carry (the unfinished last line of the previous chunk) into
// the buffer and reads until the buffer is full or the stream ends. At EOF
// the data always ends with '\n'. The buffer grows, up to maxLine, when
// not one whole line fits in it.
func fill(r io.Reader, bp *[]byte, carry []byte) (data []byte, eof bool, err error) {
	buf := (*bp)[:cap(*bp)]
	if len(carry) >= len(buf) {
		buf = make([]byte, 2*len(carry))
		*bp = buf
	}
	k := copy(buf, carry)
	for {
		n, err := readFull(r, buf[k:])
		k += n
		switch {
		case err == io.EOF:
			data = buf[:k]
			if k > 0 && data[k-1] != '\n' {
				data = append(data, '\n') // may reallocate; fine at EOF
				*bp = data[:cap(data)]
			}
			return data, true, nil
		case err != nil:
			return nil, false, err
		case bytes.IndexByte(buf[len(carry):k], '\n') >= 0:
			return buf[:k], false, nil
		case len(buf) >= maxLine:
			return nil, false, fmt.Errorf("a line is longer than %d MiB", maxLine>>20)
		}
		bigger := make([]byte, 2*len(buf))
		copy(bigger, buf[:k])
		buf, *bp = bigger, bigger
	}
}

// send hands a chunk to a parser.
func (sr *Reader) send(ctx context.Context, c *Chunk) error {
	return sr.Deliver(ctx, c)
}

// sendLines hands a chunk of text lines to a parser, or gives its buffer
// back when it has none (a header at the start of a chunk).
func (sr *Reader) sendLines(ctx context.Context, c *Chunk) error {
	if len(c.Data) == 0 {
		sr.Pool.Put(c.Buf)
		return nil
	}
	return sr.send(ctx, c)
}

// ToChannel returns a Deliver that hands chunks to the parsing goroutines through out.
func ToChannel(out chan<- *Chunk, pool *Pool) func(context.Context, *Chunk) error {
	return func(ctx context.Context, c *Chunk) error {
		select {
		case out <- c:
			return nil
		case <-ctx.Done():
			pool.Put(c.Buf)
			return context.Cause(ctx)
		}
	}
}

// countingReader counts the bytes read through it, in total and into a
// shared progress counter.
type countingReader struct {
	r     io.Reader
	n     *atomic.Int64
	total int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	c.total += int64(n)
	return n, err
}

// readFull reads until b is full or r fails. Unlike io.ReadFull it
// returns io.EOF, and only io.EOF, for a clean end of the stream, so a
// truncated gzip member (io.ErrUnexpectedEOF from the decompressor) stays
// an error.
func readFull(r io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		k, err := r.Read(b[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
