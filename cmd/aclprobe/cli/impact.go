package cli

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/impact"
	"github.com/aclprobe/aclprobe/analysis/render"
)

// ImpactOptions are the inputs of aclprobe impact: its flags and what
// reading flow logs uses.
type ImpactOptions struct {
	flowLogDeps
	analysisOptions
	Block  []string // CIDRs the planned deny entry would block
	Except []string // CIDRs allowed before the deny (the ACL's earlier allow entries)
	Rules  string   // a whole rule set to check instead (--rules FILE)
	Format string
}

// impactIgnored are the shared analysis flags that make no sense for
// impact: it always groups by address pair and port and lists every pair.
var impactIgnored = []string{"by", "sort", "top"}

// NewCmdImpact builds `aclprobe impact` on f. runF, when not nil, is
// called with the parsed and validated options instead of the query.
func NewCmdImpact(f *Factory, runF func(*ImpactOptions) error) *cobra.Command {
	o := &ImpactOptions{flowLogDeps: newFlowLogDeps(f)}
	cmd := &cobra.Command{
		Use:   "impact [SOURCES...] (--block CIDR... [--except CIDR...] | --src-cidr CIDR --rules FILE)",
		Short: "Prove from flow logs whether a planned block would cut observed traffic",
		Long: `Lists every observed flow with an endpoint inside a --block CIDR and
outside every --except CIDR: the traffic a network ACL entry denying
--block (after allow entries for --except) would have cut. Endpoints are
the packet-level addresses (pkt-srcaddr, pkt-dstaddr) when the records
have them, else srcaddr and dstaddr, so traffic through a NAT gateway is
judged by its real peers.

Flows are grouped by address pair, destination port and protocol, with
flow/packet/byte counts, first and last seen, the interfaces that logged
them and which side is blocked (src, dst or both).

Sources and filters are those of analyze (files, directories, globs, -,
s3://bucket/prefix; --since, --until, --interface, --action ...).

--rules FILE checks a whole rule set instead: the JSON aclprobe propose
writes, or a saved aws ec2 describe-network-acls answer for one ACL. Every
observed flow crossing the edge of the --src-cidr subnets (here it names
the subnets; both directions are read) is evaluated as AWS does (its
direction's entries by rule number, the first match decides, else the
final deny), and the flows the rule set would deny are listed with the
rule that denies them. Only ACCEPT records count unless --action says otherwise.

Exit status: 0 when no observed flow would be cut, 3 when some would, 1 on
error. What the evidence covers (files, records, time span, interfaces,
NODATA/SKIPDATA) and its blind spots always go to stderr: flow logs never
see traffic to the VPC DNS resolver, instance metadata or Amazon Time
Sync, so "nothing observed" is evidence, not proof.`,
		Example: `  # the payment path: may the payment service talk only to its provider?
  aclprobe impact flowlogs/payments/ --block 0.0.0.0/0 --except 203.0.113.0/24,10.0.0.0/8

  # would denying one partner range break anything seen last week? (exit 3 if so)
  aclprobe impact 's3://my-flow-logs/AWSLogs/' --since 2025-12-01 --until 2025-12-08 \
      --block 198.51.100.0/24 --format csv > cut.csv

  # the payment path's proposed rule set: would it deny anything seen? (exit 3 if so)
  aclprobe impact flowlogs/payments/ --src-cidr 10.20.30.0/24 --rules rules.json

  # label what would be cut
  aclprobe impact flowlogs/ --block 0.0.0.0/0 --except 10.0.0.0/8 --identify --ip-ranges ip-ranges.json

  # name what would be cut: the names each caller resolved to what it reached (a DNS NAMES column)
  aclprobe impact flowlogs/payments/ --block 0.0.0.0/0 --except 203.0.113.0/24,10.0.0.0/8 --dns-logs dnslogs/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Sources = args
			for _, name := range impactIgnored {
				if cmd.Flags().Changed(name) {
					return fmt.Errorf("--%s does not apply to impact: it lists every address pair and port", name)
				}
			}
			if runF != nil {
				return runF(o)
			}
			if o.Rules != "" {
				return runImpactRules(cmd.Context(), o)
			}
			return runImpact(cmd.Context(), o)
		},
	}
	addAnalysisFlags(cmd, &o.analysisOptions)
	for _, name := range impactIgnored {
		_ = cmd.Flags().MarkHidden(name)
	}
	fs := cmd.Flags()
	fs.StringSliceVar(&o.Block, "block", nil, "CIDRs the planned deny would block (required; repeatable, comma list; e.g. 0.0.0.0/0)")
	fs.StringSliceVar(&o.Except, "except", nil, "CIDRs still allowed (the allow entries before the deny; repeatable, comma list)")
	fs.StringVar(&o.Rules, "rules", "", "instead of --block: a rule set file (propose's JSON or a describe-network-acls answer) to check\nevery flow of the --src-cidr subnets against")
	fs.StringVar(&o.Format, "format", "table", "output format: "+strings.Join(render.Formats, ", "))
	return cmd
}

// runImpact runs the impact query, writes the flows to stdout and the
// evidence to stderr, and returns an ExitFinding error when a flow would
// be cut.
func runImpact(ctx context.Context, o *ImpactOptions) error {
	block, except, err := o.prefixes()
	if err != nil {
		return err
	}
	for _, w := range impact.ExceptWarnings(block, except) {
		fmt.Fprintf(o.IO.ErrOut, "warning: %s\n", w)
	}
	res, id, err := o.aggregate(ctx, &o.flowLogDeps, func(q analysis.Query) analysis.Query {
		return impact.Query(q, block, except)
	}, false)
	if err != nil {
		return err
	}
	im, err := impact.Fold(res, block, except)
	if err != nil {
		return err
	}
	if id != nil {
		if err := im.Annotate(ctx, id); err != nil {
			return err
		}
	}
	if err := impact.Write(o.IO.Out, im, o.Format); err != nil {
		return err
	}
	if err := impact.WriteEvidence(o.IO.ErrOut, im); err != nil {
		return err
	}
	if im.Found() {
		return WithCode(ExitFinding, nil)
	}
	return nil
}

// prefixes validates --format, --block and --except, reporting every
// problem at once.
func (o *ImpactOptions) prefixes() (block, except []netip.Prefix, err error) {
	var errs []error
	errs = append(errs, checkFormat(o.Format, render.Formats))
	if len(o.Block) == 0 {
		errs = append(errs, errors.New("--block is required: the CIDRs the planned deny entry would block, e.g. --block 0.0.0.0/0 --except 203.0.113.0/24"))
	}
	block, err = parseCIDRs("--block", o.Block)
	errs = append(errs, err)
	except, err = parseCIDRs("--except", o.Except)
	errs = append(errs, err)
	return block, except, errors.Join(errs...)
}
