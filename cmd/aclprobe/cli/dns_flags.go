package cli

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/dnslog"
	"github.com/aclprobe/aclprobe/analysis/identify"
	"github.com/aclprobe/aclprobe/analysis/source"
)

// maxSQLAddrs is the most destinations the pair query lists on an engine
// other than the local one (Athena's statement grows with the list).
const maxSQLAddrs = 256

// dnsOptions are the query log flags shared by analyze, impact and plan
// generate: which Route 53 Resolver query logs name the destinations.
type dnsOptions struct {
	Logs   []string // --dns-logs: files, directories, globs, s3://bucket/prefix
	Window time.Duration

	strict bool // --strict, copied by check: a malformed line is fatal
}

// addDNSFlags binds the query log flags to o.
func addDNSFlags(cmd *cobra.Command, o *dnsOptions) {
	fs := cmd.Flags()
	fs.StringArrayVar(&o.Logs, "dns-logs", nil, "Route 53 Resolver query logs that name the destinations: files, directories (.log, .gz, .json, .jsonl),\nglobs or s3://bucket/prefix (repeatable); adds a dns_names column and labels from names (source dns)")
	// The default is applied when the join runs (zero means it), so parsed
	// options without the flag stay zero.
	fs.DurationVar(&o.Window, "dns-window", 0, "with --dns-logs: count a query asked at most this long before a flow began (default "+dnslog.DefaultWindow.String()+")")
}

// enabled reports whether query logs were given.
func (o *dnsOptions) enabled() bool { return len(o.Logs) > 0 }

// check notes --strict, and rejects --dns-window without --dns-logs, a
// negative window (zero means the default), a grouping (by, the query's
// fields) without a destination to name, and stdin as a flow log
// source: the join reads the flow logs a second time (for the pairs),
// which stdin cannot be.
func (o *dnsOptions) check(sources, by []string, strict bool) error {
	o.strict = strict
	if !o.enabled() {
		if o.Window != 0 {
			return fmt.Errorf("--dns-window needs --dns-logs")
		}
		return nil
	}
	if o.Window < 0 {
		return fmt.Errorf("--dns-window %s: want a positive duration such as 24h", o.Window)
	}
	if len(by) == 0 {
		by = analysis.DefaultBy
	}
	if !dnslog.HasDestination(by) {
		return fmt.Errorf("--dns-logs: group by a destination (dst-endpoint, pkt-dstaddr or dstaddr) to name it")
	}
	if slices.Contains(sources, "-") {
		return fmt.Errorf("--dns-logs cannot be used with stdin (-) as a flow log source: the flow logs are read twice")
	}
	return nil
}

// joinRows names the destinations of res (the result of q on eng): the
// (source, destination) pairs of the selected destinations (flowPairs),
// the query logs are read
// against those pairs only, and the rows get their DNSNames. With
// labelRows the rows are labelled from the names too (after the range
// labels of id, or the records' own pkt-dst-aws-service when id is nil).
// Coverage goes to stderr.
func (o *dnsOptions) joinRows(ctx context.Context, d *flowLogDeps, srcs []source.Source, eng analysis.Engine, q analysis.Query, res *analysis.Result, id *identify.Identifier, labelRows bool) error {
	dsts := dnslog.Destinations(res)
	if len(dsts) == 0 {
		res.DNSJoined = true
		fmt.Fprintln(d.IO.ErrOut, "dns: no destinations to name")
		return nil
	}
	pairs, err := flowPairs(ctx, eng, q, res, dsts)
	if err != nil {
		return err
	}
	j, err := o.read(ctx, d, srcs, pairs)
	if err != nil {
		return err
	}
	j.Annotate(res)
	if !labelRows {
		return nil
	}
	if id == nil {
		if id, err = identify.New(identify.Options{}); err != nil {
			return err
		}
		if err := id.Annotate(ctx, res); err != nil {
			return err
		}
	}
	identify.LabelFromNames(res)
	return nil
}

// flowPairs returns the (source, destination) pairs of dsts. A result
// that already holds every pair (all rows, grouped by both endpoints, as
// impact's is) is used as it is; otherwise a second query on eng, narrowed
// to dsts, gives them.
func flowPairs(ctx context.Context, eng analysis.Engine, q analysis.Query, res *analysis.Result, dsts []netip.Addr) ([]dnslog.Pair, error) {
	if q.Top == 0 {
		if pairs, err := dnslog.PairsFrom(res, dsts); err == nil {
			return pairs, nil
		}
	}
	limit := 0 // the local engine's address sets take any number
	if _, local := eng.(*analysis.Local); !local {
		limit = maxSQLAddrs
	}
	pairRes, err := eng.Aggregate(ctx, dnslog.PairQuery(q, dsts, limit))
	if err != nil {
		return nil, fmt.Errorf("dns join: flow pairs: %w", err)
	}
	return dnslog.PairsFrom(pairRes, dsts)
}

// sources expands --dns-logs (nil without it), so a bad value fails
// before any flow log is read.
func (o *dnsOptions) sources(ctx context.Context, d *flowLogDeps) ([]source.Source, error) {
	if !o.enabled() {
		return nil, nil
	}
	return dnslog.Sources(ctx, o.Logs, d.S3)
}

// read joins the query logs srcs to pairs and writes the coverage.
func (o *dnsOptions) read(ctx context.Context, d *flowLogDeps, srcs []source.Source, pairs []dnslog.Pair) (*dnslog.Join, error) {
	window := o.Window
	if window == 0 {
		window = dnslog.DefaultWindow
	}
	j := dnslog.NewJoin(pairs, window)
	r := &dnslog.Reader{Each: j.Add, Strict: o.strict}
	if err := r.ReadAll(ctx, srcs); err != nil {
		return nil, err
	}
	dnslog.WriteCoverage(d.IO.ErrOut, r.Stats, j.Coverage())
	return j, nil
}
