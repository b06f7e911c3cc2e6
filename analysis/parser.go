package analysis

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
	"github.com/aclprobe/aclprobe/analysis/input"
)

// MalformedError is returned in strict mode for the first malformed line.
type MalformedError struct{ Example string }

func (e *MalformedError) Error() string { return "malformed line: " + e.Example }

// parser turns chunks into coverage and matched records. Each worker
// goroutine owns one; nothing in it is shared.
type parser struct {
	m        *matcher
	strict   bool
	cov      *covAcc
	rec      lineRecord
	key      []byte   // the current record's encoded group key
	scratch  []byte   // a leniently re-split line
	spaces   []uint64 // separator bitmaps of the current chunk (see classify)
	newlines []uint64
	digits   []uint64 // digits or spaces: where numeric fields may have bytes
	outs     [][]byte // pending matched records, per shard
	// emit hands a shard's full batch to its aggregator and returns an
	// empty buffer to go on with.
	emit func(shard int, full []byte) []byte

	c *input.Chunk
	// stopAtHeader, set by untilHeader for one text chunk, makes scan
	// stop at the header of another format and say where it is in hit.
	stopAtHeader bool
	hit          flowlog.HeaderHit

	specs    []groupSpec
	specF    *flowlog.Layout // the format specs were resolved for
	specSeen bool            // a line was parsed in specF (cov.sawFormat)
	err      error
}

func newParser(m *matcher, strict bool, shards int, emit func(int, []byte) []byte) *parser {
	p := &parser{m: m, strict: strict, cov: newCovAcc(), emit: emit, outs: make([][]byte, shards)}
	for i := range p.outs {
		p.outs[i] = make([]byte, 0, batchSize+batchSlack)
	}
	return p
}

// chunk parses every line of c (with stopAtHeader, up to the header of
// another format). In strict mode it stops at the first malformed line and
// returns a *MalformedError. A format counts as read (sawFormat) once a
// line was parsed in it.
func (p *parser) chunk(c *input.Chunk) error {
	p.c = c
	if p.specF != c.Layout {
		p.specs, p.specF, p.specSeen = groupSpecs(c.Layout, p.m.by), c.Layout, false
	}
	p.hit = flowlog.HeaderHit{}
	n := p.scan(c.Data, c.Line)
	if n > 0 && !p.specSeen {
		p.cov.sawFormat(p.specs)
		p.specSeen = true
	}
	if p.hit.Layout == nil {
		p.hit = flowlog.HeaderHit{Off: len(c.Data), Past: len(c.Data), Lines: n}
	}
	return p.err
}

// untilHeader parses the lines of text chunk c up to the first header of
// a format other than c.Layout (flowlog.Switch) and returns where that
// header is, as flowlog.FindHeader would; without one, Layout is nil and
// Lines counts c's lines. The reader goes on after the header in the new
// format. In strict mode the first malformed line is the error.
func (p *parser) untilHeader(c *input.Chunk) (flowlog.HeaderHit, error) {
	// Only here: Parquet rows and CloudWatch messages, which the same
	// parser gets through chunk, are never headers.
	p.stopAtHeader = true
	err := p.chunk(c)
	p.stopAtHeader = false
	if err != nil {
		return flowlog.HeaderHit{}, err
	}
	return p.hit, nil
}

// batchSlack leaves room in a batch buffer for the record that fills it.
const batchSlack = 64 << 10

// flush hands the pending matched records to the aggregators.
func (p *parser) flush() {
	for s, b := range p.outs {
		if len(b) > 0 {
			p.outs[s] = p.emit(s, b)
		}
	}
}

// line handles one line as scan split it. A line with runs of blanks
// (lenient) or the wrong number of fields is split again leniently, in
// scratch, before it is judged.
func (p *parser) line(r *lineRecord, line int64, text []byte, lenient bool) {
	if p.err != nil {
		return // strict mode already failed
	}
	f := p.c.Layout
	if !lenient && r.n == len(f.Names) {
		if k := r.badNumberBits(f.Runs, p.digits); k >= 0 {
			p.malformedOrHeader(f, line, text, "field "+f.Names[k]+" is not a number: "+strconv.Quote(string(r.field(k))))
			return
		}
		p.recordOrHeader(r, f, line, text)
		return
	}
	data := r.data
	p.scratch = r.resplit(text, p.scratch)
	switch {
	case r.n == 0: // blank line
	case r.n != len(f.Names):
		p.malformedOrHeader(f, line, text, fieldCountReason(r.n, len(f.Names)))
	case r.badNumber(f.Numeric) >= 0:
		k := r.badNumber(f.Numeric)
		p.malformedOrHeader(f, line, text, "field "+f.Names[k]+" is not a number: "+strconv.Quote(string(r.field(k))))
	default:
		p.recordOrHeader(r, f, line, text)
	}
	r.data = data
}

// recordOrHeader hands a line that splits as a record of f to record,
// unless it is a header line, which passes as a record only when f has
// no numeric field (a field name is never a number): a repeat of f's own
// header is skipped, another format's is malformed. MayBeHeader spares
// such a format's records the allocating ParseHeader.
func (p *parser) recordOrHeader(r *lineRecord, f *flowlog.Layout, line int64, text []byte) {
	if len(f.Numeric) == 0 {
		if l := bytes.TrimRight(text, "\r"); flowlog.MayBeHeader(l) {
			if _, ok := flowlog.ParseHeader(l); ok {
				p.malformedOrHeader(f, line, text, "")
				return
			}
		}
	}
	p.record(r, f, line, text)
}

// record counts, filters and emits one valid line of len(f.Names)
// fields.
func (p *parser) record(r *lineRecord, f *flowlog.Layout, line int64, text []byte) {
	start, end := atoiFast(r.field(f.Start)), atoiFast(r.field(f.End))
	if oddWindow(start, end) {
		p.cov.oddWindows++
	}
	if f.Status >= 0 {
		switch s := r.field(f.Status); string(s) {
		case "NODATA":
			p.cov.noData++
			p.cov.span(start, end)
			p.cov.iface(r.field(f.Iface))
			return
		case "SKIPDATA":
			p.cov.skipData++
			p.cov.iface(r.field(f.Iface))
			return
		}
	}
	p.cov.records++
	p.cov.span(start, end)
	p.cov.iface(r.field(f.Iface))
	if !p.m.match(f, r, start, end) {
		return
	}
	p.cov.matched++
	if p.m.legs && (f.PktSrc >= 0 || f.PktDst >= 0) {
		p.cov.legs.record(r, f)
	}
	p.key = appendKey(p.key[:0], p.specs, r)
	h := hashKey(p.key)
	s := shardOf(h, len(p.outs))
	p.outs[s] = appendBatchRecord(p.outs[s], h, p.key, atoiFast(r.field(f.Packets)), atoiFast(r.field(f.Bytes)), start, end)
	if len(p.outs[s]) >= batchSize {
		p.outs[s] = p.emit(s, p.outs[s])
	}
}

func fieldCountReason(got, want int) string {
	if got > flowlog.MaxFields {
		return fmt.Sprintf("more than %d fields, the format has %d", flowlog.MaxFields, want)
	}
	return fmt.Sprintf("%d fields, the format has %d", got, want)
}

// malformedOrHeader skips a repeat of the format's header line (blanks
// and trailing '\r's aside), as concatenated files have (zcat *.log.gz |
// aclprobe analyze -), and reports any other line as malformed; a header
// of another format says so.
func (p *parser) malformedOrHeader(f *flowlog.Layout, line int64, text []byte, reason string) {
	if h, ok := flowlog.ParseHeader(bytes.TrimRight(text, "\r")); ok {
		if h.String() == f.String() {
			return
		}
		reason = "the header of another format inside the input (give each file separately)"
	}
	p.malformed(line, text, reason)
}

func (p *parser) malformed(line int64, text []byte, reason string) {
	p.cov.malformed(p.c, line, text, reason)
	if p.strict {
		p.err = &MalformedError{Example: malformedText(p.c.Name, line, text, reason)}
	}
}
