package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/compare"
	"github.com/aclprobe/aclprobe/analysis/render"
)

// CompareOptions are the inputs of aclprobe compare: analyze's filters
// and grouping, applied to two sets of flow logs.
type CompareOptions struct {
	flowLogDeps
	analysisOptions
	Before, After string
	Format        string
}

// NewCmdCompare builds `aclprobe compare` on f. runF, when not nil, is
// called with the parsed options instead of comparing.
func NewCmdCompare(f *Factory, runF func(*CompareOptions) error) *cobra.Command {
	o := &CompareOptions{flowLogDeps: newFlowLogDeps(f)}
	cmd := &cobra.Command{
		Use:   "compare BEFORE AFTER",
		Short: "Compare flows, packets and bytes before and after a change",
		Long: `Compare reads two sets of flow logs, before and after a change (a VPC
endpoint, PrivateLink, a locked-down rule set), with the same filters and
grouping as analyze, and prints per group and in total the flows, packets
and bytes on each side and the change in percent. BEFORE and AFTER are each
one source as analyze reads them: a file, a directory, a glob or
s3://bucket/prefix.

Rows are ranked by the larger side of --sort (a group that vanished ranks
as high as it was). A group with nothing before shows "new" (empty in CSV,
null in JSON). When the two sets span different lengths of time (more than
2% apart; each span cut to --since and --until), every number is per day,
and stderr says so; a side with no rows counts as zero and is never
normalised.

Formats: table, csv, json ({"total": {...}, "rows": [{<group fields>,
"flows_before", "flows_after", "flows_change_pct", "packets_before", ...}],
"per_day", "before_span_seconds", "after_span_seconds", "groups"}).`,
		Example: `  # the NAT story: Kinesis and Datadog moved to endpoints; what went through the NAT gateway?
  aclprobe compare flowlogs/2025-11-20/ flowlogs/2025-12-04/ --src-cidr 10.20.0.0/16 --nat-ip 10.20.0.10 \
      --by pkt-dst-aws-service --sort bytes

  # the same, per destination, as JSON for a report
  aclprobe compare before/ after/ --nat-ip 10.20.0.10 --by dst-endpoint --top 0 --format json > compare.json`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Before, o.After = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return runCompare(cmd.Context(), o)
		},
	}
	addAnalysisFlags(cmd, &o.analysisOptions)
	cmd.Flags().StringVar(&o.Format, "format", "table", "output format: table, csv or json")
	return cmd
}

// check refuses what compare cannot do, before anything is read.
func (o *CompareOptions) check() error {
	var errs []error
	errs = append(errs, checkFormat(o.Format, render.Formats))
	if o.Engine.Name != "" && o.Engine.Name != "local" {
		errs = append(errs, fmt.Errorf("--engine %s: compare reads two sets of sources with the local engine", o.Engine.Name))
	}
	if o.Identify || o.DNS.enabled() {
		errs = append(errs, errors.New("--identify and --dns-logs do not apply to compare: label the rows with analyze"))
	}
	for _, s := range []string{o.Before, o.After} {
		if s == "-" {
			errs = append(errs, errors.New("compare reads files, directories, globs or s3:// prefixes, not stdin"))
		}
	}
	return errors.Join(errs...)
}

// runCompare aggregates both sides with every group kept, compares them
// and writes the rows to stdout, each side's coverage to stderr.
func runCompare(ctx context.Context, o *CompareOptions) error {
	if err := o.check(); err != nil {
		return err
	}
	q, err := o.query()
	if err != nil {
		return err
	}
	all := func(q analysis.Query) analysis.Query { q.Top = 0; return q }
	var sides [2]*analysis.Result
	for i, src := range []string{o.Before, o.After} {
		side := o.analysisOptions
		side.Sources = []string{src}
		res, _, err := side.aggregate(ctx, &o.flowLogDeps, all, false)
		if err != nil {
			return fmt.Errorf("%s %s: %w", [2]string{"before", "after"}[i], src, err)
		}
		sides[i] = res
	}
	c, err := compare.Compare(sides[0], sides[1], compare.Options{Sort: strings.ToLower(o.Sort), Top: o.Top, Since: q.Since, Until: q.Until})
	if err != nil {
		return err
	}
	if err := compare.Write(o.IO.Out, c, o.Format); err != nil {
		return err
	}
	for i, name := range []string{"before", "after"} {
		fmt.Fprintf(o.IO.ErrOut, "%s: %s\n", name, []string{o.Before, o.After}[i])
		render.WriteCoverage(o.IO.ErrOut, sides[i].Coverage)
	}
	if c.PerDay {
		fmt.Fprintf(o.IO.ErrOut, "compare: the spans differ (before %s, after %s): every number is per day\n",
			c.BeforeSpan.Round(time.Second), c.AfterSpan.Round(time.Second))
	}
	fmt.Fprintf(o.IO.ErrOut, "compare: %d groups, %d shown\n", c.Groups, len(c.Rows))
	return nil
}
