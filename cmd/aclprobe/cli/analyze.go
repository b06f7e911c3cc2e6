package cli

import (
	"bytes"
	"context"

	"github.com/aclprobe/aclprobe/analysis/cost"
	"github.com/aclprobe/aclprobe/analysis/render"
	"github.com/spf13/cobra"
)

// AnalyzeOptions are the inputs of aclprobe analyze: its flags and what
// reading flow logs uses.
type AnalyzeOptions struct {
	flowLogDeps
	analysisOptions
	Cost   costOptions
	Format string
}

// NewCmdAnalyze builds `aclprobe analyze` on f. runF, when not nil, is
// called with the parsed options instead of analysing.
func NewCmdAnalyze(f *Factory, runF func(*AnalyzeOptions) error) *cobra.Command {
	o := &AnalyzeOptions{flowLogDeps: newFlowLogDeps(f)}
	cmd := &cobra.Command{
		Use:   "analyze [SOURCES...]",
		Short: "Rank top talkers in VPC Flow Logs",
		Long: `Reads VPC Flow Logs and ranks the groups of records (by default the six
fields of a NAT gateway investigation: pkt-srcaddr, srcaddr, dstaddr,
pkt-dstaddr, dstport, pkt-dst-aws-service) by flows, packets or bytes.

Sources are files, directories (read recursively: *.log, *.log.gz, *.gz,
*.parquet, *.json), globs, - for stdin, and s3://bucket/prefix.
The content decides the format: text with or without a header line (any
fields of versions 2 to 8; no header means the default format, or
--fields), gzip, Parquet (AWS's delivery, underscore column names) and
CloudWatch Logs JSON (logEvents[].message).

Blank lines and # comments before a header, and a UTF-8 BOM, are skipped;
a header further on (cat a.log b.log | aclprobe analyze -) switches the
format from there. A file that cannot be read to its end (truncated gzip)
is named on stderr and the others are read; --strict makes it fatal.

The rows go to stdout as a table, CSV or JSON. What the evidence covers
(files, records, time span, interfaces, NODATA/SKIPDATA and malformed
lines, format changes, CloudWatch Logs control messages, unreadable files)
always goes to stderr, whatever the format, with warnings about NAT gateway
legs counted twice and times that cannot be right.

--dns-logs adds a dns_names column from Route 53 Resolver query logs: the
names each row's own source resolved to its destination, most queries first
(the flow logs are read a second time for the pairs, so not from stdin); a
name of an AWS endpoint or a known vendor labels the row (source dns) when
nothing more specific did.`,
		Example: `  # the built-in sample: a NAT gateway's day, named from its resolver query logs
  aclprobe analyze testdata/sample/ --dns-logs testdata/sample/dns/

  # who sends through the NAT gateway, most flows first, as CSV
  aclprobe analyze flowlogs/ --src-cidr 10.0.0.0/16 --nat-ip 10.0.100.10,10.0.101.10 --format csv

  # the biggest destinations by bytes on one day, with who is behind them
  aclprobe analyze 's3://my-flow-logs/AWSLogs/' --since 2025-12-04 --until 2025-12-05 \
      --by dst-endpoint,dstport --sort bytes --identify --ip-ranges ip-ranges.json

  # the NAT story, labelled from the cached range feeds and your own account's resources
  aclprobe ranges update
  aclprobe analyze flowlogs/ --src-cidr 10.20.0.0/16 --nat-ip 10.20.0.10 --by dst-endpoint \
      --identify --aws-lookup --region eu-west-1

  # every connection 4-tuple (millions of groups) in 256 MiB: spills to disk
  aclprobe analyze flowlogs/ --by srcaddr,srcport,dstaddr,dstport --top 10 --memory 256MiB

  # what the NAT gateway's traffic costs a month, and what endpoints would save (eu-west-1 list prices)
  aclprobe analyze flowlogs/ --src-cidr 10.20.0.0/16 --nat-ip 10.20.0.10 --by dst-endpoint --identify \
      --cost --region eu-west-1 --azs 3

  # rejected traffic, from stdin
  zcat eni-*.log.gz | aclprobe analyze - --action REJECT --by srcaddr,dstport --top 50`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Sources = args
			if err := o.Cost.check(cmd); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runAnalyze(cmd.Context(), o)
		},
	}
	addAnalysisFlags(cmd, &o.analysisOptions)
	addCostFlags(cmd, &o.Cost)
	cmd.Flags().StringVar(&o.Format, "format", "table", "output format: table, csv or json")
	return cmd
}

// runAnalyze runs the query and writes the rows to stdout, coverage to
// stderr.
func runAnalyze(ctx context.Context, o *AnalyzeOptions) error {
	if err := checkFormat(o.Format, render.Formats); err != nil {
		return err
	}
	var prices cost.Prices
	if o.Cost.Enabled {
		var err error
		if prices, err = o.Cost.prices(ctx, o.AWS); err != nil {
			return err
		}
	}
	res, _, err := o.aggregate(ctx, &o.flowLogDeps, nil, true)
	if err != nil {
		return err
	}
	var costNotes bytes.Buffer // after the coverage, which they rest on
	if o.Cost.Enabled {
		q, err := o.query() // valid: aggregate ran it
		if err != nil {
			return err
		}
		o.Cost.apply(&costNotes, res, q, prices)
	}
	if err := render.WriteResult(o.IO.Out, res, o.Format); err != nil {
		return err
	}
	render.WriteCoverage(o.IO.ErrOut, res.Coverage)
	_, err = costNotes.WriteTo(o.IO.ErrOut)
	return err
}
