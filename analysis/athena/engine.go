package athena

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/internal/clock"
)

// Options configures an Engine.
type Options struct {
	Table Table
	// Workgroup runs the query in an Athena workgroup (empty: the
	// account's default, "primary").
	Workgroup string
	// OutputLocation is where Athena writes the result file (s3://...);
	// empty when the workgroup enforces its own.
	OutputLocation string
	// Region and PricePerTB price the scan for the progress lines;
	// PricePerTB 0 means PricePerTB(Region).
	Region     string
	PricePerTB float64
	// Log receives progress: state, data scanned, elapsed, estimated cost.
	Log *slog.Logger
	// Clock times the waits between polls and the elapsed times; nil
	// means the wall clock.
	Clock clock.Clock
	// PollMin and PollMax bound the poll backoff (defaults 200ms and 5s).
	PollMin, PollMax time.Duration
}

// Engine runs analysis queries in Athena. It implements analysis.Engine
// with the local engine's semantics (see Compile). Where Athena cannot
// tell, Coverage says nothing rather than guess: Files and Malformed stay
// 0, because Athena's text reader has no notion of a malformed line (a
// non-numeric value in a numeric column reads as NULL, a short line gets
// NULL trailing fields). Coverage.ScannedBytes is what Athena billed.
type Engine struct {
	api  API
	opts Options
}

var _ analysis.Engine = (*Engine)(nil)

// New returns an Engine that queries opts.Table through api.
func New(api API, opts Options) (*Engine, error) {
	if err := opts.Table.check(); err != nil {
		return nil, err
	}
	if opts.OutputLocation != "" && !s3Location.MatchString(opts.OutputLocation) {
		return nil, fmt.Errorf("output location %q: want s3://bucket/prefix/", opts.OutputLocation)
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	opts.Clock = clock.Or(opts.Clock)
	if opts.PricePerTB == 0 {
		opts.PricePerTB = PricePerTB(opts.Region)
	}
	if opts.PollMin == 0 {
		opts.PollMin = 200 * time.Millisecond
	}
	if opts.PollMax == 0 {
		opts.PollMax = 5 * time.Second
	}
	return &Engine{api: api, opts: opts}, nil
}

// SQL returns the statement Aggregate would run for q (--show-sql).
func (e *Engine) SQL(q analysis.Query) (string, error) {
	st, err := Compile(q, e.opts.Table)
	return st.SQL, err
}

// Aggregate compiles q, runs it in Athena and returns the ranked rows
// with their coverage (records, matched, NODATA/SKIPDATA, first and last
// record times, bytes scanned).
func (e *Engine) Aggregate(ctx context.Context, q analysis.Query) (*analysis.Result, error) {
	st, err := Compile(q, e.opts.Table)
	if err != nil {
		return nil, err
	}
	if q.Since.IsZero() && e.opts.Table.Scheme != SchemeNone {
		e.opts.Log.Warn("athena: no --since, so the query scans every day of the table; pass --since (and --until) to prune partitions and cost")
	}
	run, err := e.execute(ctx, st.SQL)
	if err != nil {
		return nil, err
	}
	res, err := e.fetch(ctx, run.id, st)
	if err != nil {
		return nil, fmt.Errorf("athena query %s: %w", run.id, err)
	}
	res.Coverage.ScannedBytes = run.scanned
	return res, nil
}
