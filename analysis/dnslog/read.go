package dnslog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aclprobe/aclprobe/analysis/cwlogs"
	"github.com/aclprobe/aclprobe/analysis/source"
)

// maxExamples is how many malformed lines Stats names.
const maxExamples = 3

// Stats says what reading query logs covered.
type Stats struct {
	Files     int
	Queries   int64 // entries read (malformed lines not counted)
	Answered  int64 // entries with at least one A or AAAA answer
	Malformed int64 // lines skipped as malformed
	// MalformedExamples name the first malformed lines (file:line: why).
	MalformedExamples []string
	ControlMessages   int64 // CloudWatch Logs control messages (no entries)
	First, Last       time.Time
	// BadFiles names the sources that could not be read to their end.
	BadFiles []string
}

// Reader reads query log sources and hands each entry to Each.
type Reader struct {
	// Each receives every well-formed entry; q is not reused.
	Each func(q *Query)
	// Strict makes the first malformed line or unreadable source an error.
	Strict bool
	Stats  Stats
}

// ReadAll reads every source in order. A source that cannot be read to its
// end is named in Stats.BadFiles and the others are read, unless Strict.
func (r *Reader) ReadAll(ctx context.Context, srcs []source.Source) error {
	for _, s := range srcs {
		if err := ctx.Err(); err != nil {
			return err
		}
		r.Stats.Files++
		if err := r.readSource(ctx, s); err != nil {
			if r.Strict || ctx.Err() != nil {
				return err
			}
			r.Stats.BadFiles = append(r.Stats.BadFiles, err.Error())
		}
	}
	return nil
}

func (r *Reader) readSource(ctx context.Context, s source.Source) error {
	rc, err := s.Open(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", s.Name, err)
	}
	defer rc.Close()
	if err := r.Read(s.Name, rc); err != nil {
		return fmt.Errorf("%s: %w", s.Name, err)
	}
	return nil
}

// Read reads one source's content: JSON lines of entries (gzip or not),
// each line possibly a CloudWatch Logs wrapper (a subscription payload
// with logEvents, several concatenated as Firehose delivers them, or the
// events of filter-log-events) whose messages are entries. A document
// spread over several lines (pretty-printed JSON) is read as a stream of
// values. name is used in malformed-line examples.
func (r *Reader) Read(name string, rd io.Reader) error {
	br := bufio.NewReaderSize(rd, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if t := bytes.TrimSpace(b); len(t) > 0 {
			if isDocumentStart(t) {
				return r.document(name, line, io.MultiReader(bytes.NewReader(b), br))
			}
			if perr := r.line(t); perr != nil {
				if e := r.malformed(name, line, perr); e != nil {
					return e
				}
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// isDocumentStart reports whether a line opens a multi-line JSON value.
func isDocumentStart(t []byte) bool {
	return bytes.Equal(t, []byte("{")) || bytes.Equal(t, []byte("["))
}

// malformed counts a bad line; under Strict it is the error returned.
func (r *Reader) malformed(name string, line int, err error) error {
	r.Stats.Malformed++
	ex := fmt.Sprintf("%s:%d: %v", name, line, err)
	if r.Strict {
		return fmt.Errorf("malformed line %s", ex[len(name)+1:])
	}
	if len(r.Stats.MalformedExamples) < maxExamples {
		r.Stats.MalformedExamples = append(r.Stats.MalformedExamples, ex)
	}
	return nil
}

// line handles one line: an entry, or one or more wrappers.
func (r *Reader) line(t []byte) error {
	if t[0] != '{' && t[0] != '[' {
		return errors.New("not JSON")
	}
	if t[0] == '{' {
		// The common case, one entry per line, is decoded once; anything
		// else (a wrapper, concatenated values) goes the long way.
		if q, err := Parse(t); err == nil {
			r.add(q)
			return nil
		}
	}
	dec := json.NewDecoder(bytes.NewReader(t))
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := r.value(raw); err != nil {
			return err
		}
	}
}

// document reads the rest of a source as a stream of JSON values.
func (r *Reader) document(name string, line int, rd io.Reader) error {
	dec := json.NewDecoder(rd)
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err == nil {
			err = r.value(raw)
		}
		if err != nil {
			// A broken document cannot be resynchronised: count it once.
			return r.malformed(name, line, err)
		}
	}
}

// value handles one JSON value: an entry, a CloudWatch Logs wrapper (see
// analysis/cwlogs), or an array of them.
func (r *Reader) value(raw json.RawMessage) error {
	return cwlogs.EachValue(raw, r.object)
}

// object handles one JSON object: an entry or a CloudWatch Logs wrapper.
func (r *Reader) object(raw json.RawMessage) error {
	q, err := Parse(raw)
	if err == nil {
		r.add(q)
		return nil
	}
	if !errors.Is(err, errNotQuery) {
		return err
	}
	var env cwlogs.Envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return err
	}
	if env.IsControl() {
		r.Stats.ControlMessages++
		return nil
	}
	msgs := env.Messages()
	if len(msgs) == 0 {
		return errNotQuery
	}
	for _, m := range msgs {
		q, err := Parse([]byte(m))
		if err != nil {
			return fmt.Errorf("cloudwatch logs message: %w", err)
		}
		r.add(q)
	}
	return nil
}

func (r *Reader) add(q *Query) {
	s := &r.Stats
	s.Queries++
	if len(q.Addresses()) > 0 {
		s.Answered++
	}
	if s.First.IsZero() || q.Time.Before(s.First) {
		s.First = q.Time
	}
	if q.Time.After(s.Last) {
		s.Last = q.Time
	}
	if r.Each != nil {
		r.Each(q)
	}
}
