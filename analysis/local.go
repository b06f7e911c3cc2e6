package analysis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
	"github.com/aclprobe/aclprobe/analysis/input"
	"github.com/aclprobe/aclprobe/analysis/progress"
	"github.com/aclprobe/aclprobe/analysis/source"
)

// LocalOptions configure the local engine.
type LocalOptions struct {
	// Fields is the format of text without a header line and of
	// CloudWatch Logs messages; empty means the default (version 2) format.
	Fields []string
	// Strict makes the first malformed line an error instead of a skipped,
	// counted line.
	Strict bool
	// Workers is the number of reading and of parsing goroutines; 0 means
	// one per CPU.
	Workers int
	// RemoteReaders is how many sources are read at once when any source
	// is remote (S3), if more than Workers; 0 means DefaultRemoteReaders.
	// Each streams its object; the chunk pool bounds what they hold.
	RemoteReaders int
	// Progress, when set, receives a progress line about every second
	// (meant for a terminal's stderr).
	Progress io.Writer
	// Memory is the memory budget in bytes (0 means DefaultMemory). The
	// group tables get half of what is left after about 24 MiB for the
	// program itself and spill to temporary files beyond that; 7/8 of the
	// budget is the Go runtime's soft memory limit while Aggregate runs
	// (unless GOMEMLIMIT sets a lower one).
	Memory int64
	// TempDir is where spill files go; empty means os.TempDir().
	TempDir string
	// Log, when set, is told when the aggregation spills (stderr).
	Log io.Writer
}

// DefaultRemoteReaders is how many S3 objects are read at once by default.
const DefaultRemoteReaders = 4

// DefaultMemory is the default memory budget, 512 MiB.
const DefaultMemory = 512 << 20

// Local is the Engine that reads flow logs on this machine: local files,
// stdin and S3 objects, all streamed. Sources are read in parallel (one
// reader per worker decompresses a whole source), parsed in parallel in
// line-aligned chunks, and grouped by one aggregator.
type Local struct {
	sources []source.Source
	opts    LocalOptions
	// inline, set by tests, picks how chunks are parsed: true, by the
	// reader that cut them (readAndParse); false, by separate parsers.
	// Unset, the number of sources decides (inlineSourcesPerWorker).
	inline *bool
}

// NewLocal returns a local engine over sources.
func NewLocal(sources []source.Source, opts LocalOptions) *Local {
	return &Local{sources: sources, opts: opts}
}

// Aggregate runs q over every source. A source that cannot be opened or
// read to its end (truncated or corrupt compression) is noted in
// Coverage.BadFiles and the others are read, or it is an error in strict
// mode, or when no source could be read; malformed lines are counted in
// Coverage, or an error in strict mode.
func (l *Local) Aggregate(ctx context.Context, q Query) (*Result, error) {
	if err := CheckQuery(q); err != nil {
		return nil, err
	}
	fields := flowlog.Default
	if len(l.opts.Fields) > 0 {
		if err := flowlog.CheckFields(l.opts.Fields); err != nil {
			return nil, fmt.Errorf("--fields: %w", err)
		}
		f, err := flowlog.NewLayout(l.opts.Fields)
		if err != nil {
			return nil, fmt.Errorf("--fields: %w", err)
		}
		fields = f
	}
	m := newMatcher(q)
	memory := l.opts.Memory
	if memory <= 0 {
		memory = DefaultMemory
	}
	// The runtime's soft limit is 7/8 of the budget: the rest is for what
	// it does not count (the program's code, mapped files).
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(min(memory-memory/8, debug.SetMemoryLimit(-1))))
	run := newPipeline(l.workers(), m, l.opts.Strict)
	run.readers = l.readers()
	run.inline = len(l.sources) >= inlineSourcesPerWorker*run.workers
	if l.inline != nil {
		run.inline = *l.inline
	}
	run.spill = newSpiller(memory, run.workers, l.opts.TempDir, l.opts.Log)
	defer run.spill.close()
	if l.opts.Progress != nil {
		stop := progress.Start(l.opts.Progress, l.sources, &run.read, &run.done)
		defer stop()
	}
	cov, notes, tables, err := run.run(ctx, l.sources, fields)
	if err != nil {
		return nil, err
	}
	var rows []Row
	if run.spill.spilled() {
		rows, err = run.spill.finish(ctx, tables, len(m.by), q.Sort, q.Top)
		if err != nil {
			return nil, err
		}
	} else {
		rk := newRanker(tables, len(m.by), q.Sort)
		rows = rk.rows(rk.top(q.Top))
	}
	res := &Result{
		By:       append([]string(nil), m.by...),
		Rows:     rows,
		Coverage: cov.coverage(len(l.sources)),
	}
	if err := cov.checkByFound(m.by); err != nil {
		return nil, err
	}
	applyNotes(&res.Coverage, notes.Summary())
	if n := len(res.Coverage.BadFiles); n > 0 && n == len(l.sources) {
		return nil, fmt.Errorf("no source could be read: %s", strings.Join(res.Coverage.BadFiles, "; "))
	}
	return res, nil
}

// readers returns how many sources are read at once: the workers, or
// RemoteReaders when a source is remote and that is more.
func (l *Local) readers() int {
	n := l.workers()
	if slices.ContainsFunc(l.sources, func(s source.Source) bool { return s.Remote }) {
		r := l.opts.RemoteReaders
		if r <= 0 {
			r = DefaultRemoteReaders
		}
		n = max(n, r)
	}
	return n
}

func (l *Local) workers() int {
	if l.opts.Workers > 0 {
		return l.opts.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// pipeline wires readers -> parsers -> aggregator for one Aggregate call.
type pipeline struct {
	workers int  // parsers and shards
	readers int  // sources read at once
	inline  bool // each reader parses the chunks it cuts (readAndParse)
	m       *matcher
	strict  bool
	spill   *spiller     // nil: never spill
	read    atomic.Int64 // raw bytes read
	done    atomic.Int64 // sources finished
}

func newPipeline(workers int, m *matcher, strict bool) *pipeline {
	return &pipeline{workers: workers, readers: workers, m: m, strict: strict}
}

// run reads every source and returns the merged coverage and the group
// tables, one per shard: a key's hash picks its shard, so the tables are
// disjoint and the shards aggregate in parallel without locks.
// The first error cancels everything and is returned.
func (p *pipeline) run(ctx context.Context, sources []source.Source, fields *flowlog.Layout) (*covAcc, *input.Notes, []*groupTable, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	pool := input.NewPool(2*p.readers + 2)
	chunks := make(chan *input.Chunk, p.workers)
	sr := &input.Reader{Fields: fields, Pool: pool, Deliver: input.ToChannel(chunks, pool), ReadBytes: &p.read, Notes: &input.Notes{}}

	shards := p.workers
	toShard := make([]chan []byte, shards)
	free := make(chan []byte, 4*shards*p.workers)
	for s := range toShard {
		toShard[s] = make(chan []byte, 2)
	}
	emit := func(s int, full []byte) []byte {
		toShard[s] <- full
		select {
		case b := <-free:
			return b[:0]
		default:
			return make([]byte, 0, batchSize+batchSlack)
		}
	}
	var covs []*covAcc
	if p.inline {
		covs = p.readAndParse(ctx, cancel, sr, sources, shards, emit, toShard)
	} else {
		go p.readAll(ctx, cancel, sr, sources, chunks)
		covs = p.parse(ctx, cancel, chunks, pool, shards, emit, toShard)
	}

	tables := make([]*groupTable, shards)
	var wg sync.WaitGroup
	for s := range shards {
		tables[s] = newGroupTable(groupsHint(sources, shards))
		wg.Go(func() {
			var kw []uint64
			for b := range toShard[s] {
				if ctx.Err() == nil {
					kw = tables[s].addBatch(b, kw)
					if p.spill != nil {
						if err := p.spill.maybeSpill(tables[s]); err != nil {
							cancel(err)
						}
					}
				}
				select {
				case free <- b:
				default:
				}
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, nil, nil, err
	}
	cov := newCovAcc()
	for _, c := range covs {
		cov.merge(c)
	}
	return cov, sr.Notes, tables, nil
}

// bytesPerGroupHint is the compressed input that makes about one group:
// a gzip flow log line is some 17 bytes, and a top-talker query groups
// about one line in ten into a group of its own (the benchmark's NAT
// query: 750K groups from 138 MB, 184 bytes each).
const bytesPerGroupHint = 184

// groupsHint guesses how many groups each of shards tables will hold, from
// the sources' sizes (unknown sizes count nothing), so the tables start
// near their final size instead of growing to it.
func groupsHint(sources []source.Source, shards int) int {
	var total int64
	for _, s := range sources {
		total += max(s.Size, 0)
	}
	return int(total / bytesPerGroupHint / int64(shards))
}

// parse starts p.workers parsers over chunks; when the last one is done
// the shard channels are closed. The returned accumulators are complete
// once the shard channels are closed.
func (p *pipeline) parse(ctx context.Context, cancel context.CancelCauseFunc, chunks <-chan *input.Chunk, pool *input.Pool,
	shards int, emit func(int, []byte) []byte, toShard []chan []byte) []*covAcc {
	covs := make([]*covAcc, p.workers)
	var wg sync.WaitGroup
	for w := range p.workers {
		ps := newParser(p.m, p.strict, shards, emit)
		covs[w] = ps.cov
		wg.Go(func() {
			for c := range chunks {
				if ctx.Err() == nil {
					if err := ps.chunk(c); err != nil {
						cancel(err)
					}
				}
				pool.Put(c.Buf)
			}
			ps.flush()
		})
	}
	go func() {
		wg.Wait()
		for _, ch := range toShard {
			close(ch)
		}
	}()
	return covs
}

// inlineSourcesPerWorker is how many sources per worker make each reader
// parse its own chunks (readAndParse): the chunk is still in the core's
// cache and no goroutine hand-off is needed, and with this many sources
// the workers stay about equally busy to the end. With fewer, separate
// parsers keep every core busy while the last sources are decompressed.
const inlineSourcesPerWorker = 4

// readAndParse runs p.readers readers over the sources, each parsing the
// chunks it reads itself; when the last one is done the shard channels
// are closed. The returned accumulators are complete once the shard
// channels are closed.
func (p *pipeline) readAndParse(ctx context.Context, cancel context.CancelCauseFunc, sr *input.Reader, sources []source.Source,
	shards int, emit func(int, []byte) []byte, toShard []chan []byte) []*covAcc {
	covs := make([]*covAcc, p.readers)
	readers := make([]*input.Reader, p.readers)
	for w := range p.readers {
		ps := newParser(p.m, p.strict, shards, emit)
		covs[w] = ps.cov
		own := *sr
		own.Deliver = func(_ context.Context, c *input.Chunk) error {
			defer sr.Pool.Put(c.Buf)
			if err := ps.chunk(c); err != nil {
				cancel(err) // the parser's error as is, not wrapped by Read
				return err
			}
			return nil
		}
		own.Parse = func(c *input.Chunk) (flowlog.HeaderHit, error) {
			h, err := ps.untilHeader(c)
			if err != nil {
				cancel(err) // the parser's error as is, not wrapped by Read
			}
			return h, err
		}
		own.Flush = ps.flush
		readers[w] = &own
	}
	go func() {
		p.readWith(ctx, cancel, readers, sources)
		for _, ch := range toShard {
			close(ch)
		}
	}()
	return covs
}

// readAll runs p.readers readers over the sources and closes chunks when
// they are done.
func (p *pipeline) readAll(ctx context.Context, cancel context.CancelCauseFunc, sr *input.Reader, sources []source.Source, chunks chan<- *input.Chunk) {
	readers := make([]*input.Reader, p.readers)
	for w := range readers {
		readers[w] = sr
	}
	p.readWith(ctx, cancel, readers, sources)
	close(chunks)
}

// sourceFailed handles a source that could not be read to its end: in
// strict mode, or when the run is over anyway (cancelled, or a strict
// malformed line), the error ends the run; otherwise the source is noted
// as bad and the other sources go on.
func (p *pipeline) sourceFailed(ctx context.Context, cancel context.CancelCauseFunc, notes *input.Notes, idx int, src source.Source, err error) {
	var me *MalformedError
	if p.strict || ctx.Err() != nil || errors.As(err, &me) {
		cancel(err)
		return
	}
	notes.BadFile(idx, src.Name, err)
}

// readWith reads the sources, one goroutine per reader; a reader's flush
// (when set) runs after its last source.
func (p *pipeline) readWith(ctx context.Context, cancel context.CancelCauseFunc, readers []*input.Reader, sources []source.Source) {
	next := make(chan int, len(sources))
	for i := range sources {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for _, sr := range readers {
		wg.Go(func() {
			for i := range next {
				if ctx.Err() != nil {
					continue
				}
				if err := sr.Read(ctx, i, sources[i]); err != nil {
					p.sourceFailed(ctx, cancel, sr.Notes, i, sources[i], err)
				}
				p.done.Add(1)
			}
			if sr.Flush != nil {
				sr.Flush()
			}
		})
	}
	wg.Wait()
}
