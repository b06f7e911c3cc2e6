package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/acl/change"
	"github.com/aclprobe/aclprobe/acl/ruleset"
	"github.com/aclprobe/aclprobe/analysis/render"
	"github.com/aclprobe/aclprobe/internal/humanize"
)

// ProposeOptions are the inputs of aclprobe propose.
type ProposeOptions struct {
	flowLogDeps
	analysisOptions
	Direction string
	MaxRules  int
	Format    string
	ACL       string
}

// proposeIgnored are shared analysis flags propose sets itself.
var proposeIgnored = []string{"by", "sort", "top"}

// NewCmdPropose builds `aclprobe propose` on f. runF, when not nil, is
// called with the parsed options instead of proposing.
func NewCmdPropose(f *Factory, runF func(*ProposeOptions) error) *cobra.Command {
	o := &ProposeOptions{flowLogDeps: newFlowLogDeps(f)}
	cmd := &cobra.Command{
		Use:   "propose SOURCES... --src-cidr CIDR [--direction egress|ingress|both] --max-rules N",
		Short: "Derive the smallest network ACL rule set that allows every observed flow",
		Long: `Propose reads the flows of the subnets named by --src-cidr (here it names
the subnets, both directions are read; it is not a filter) and writes the
smallest network ACL rule set of at most --max-rules allow entries per
direction that allows every observed connection: protocol, destination
CIDR and port range, aggregated only as far as --max-rules forces (each
time the two entries whose union admits the fewest unobserved address and
port pairs). Network ACLs are stateless, so each connection's replies get
their entry too: the same protocol and CIDR, ports 1024-65535 (lower when a
lower client port was observed). Everything else falls to the ACL's final
deny; the proposal has no allow-all entry, so it replaces the ACL's entries.

The side of a connection with the lower port is the service; --direction
keeps the connections the subnets start (egress), receive (ingress) or both
(default). Only ACCEPT records count unless --action says otherwise. When
connections start in both directions, each direction's own connections get
half of --max-rules and the other half carries the replies.

What each entry admits beyond what was observed (addresses x ports) goes to
stderr. Check the proposal against the same or newer flow logs with
aclprobe impact SOURCES --src-cidr CIDR --rules FILE.`,
		Example: `  # the payment path: what does the payment subnet really need? At most 4 entries per direction
  aclprobe propose flowlogs/payments/ --src-cidr 10.20.30.0/24 --direction egress --max-rules 4 > rules.json
  aclprobe impact flowlogs/payments/ --src-cidr 10.20.30.0/24 --rules rules.json   # exit 0: nothing observed is denied

  # the same as aws-cli commands or Terraform blocks for the ACL
  aclprobe propose flowlogs/payments/ --src-cidr 10.20.30.0/24 --max-rules 4 --format aws-cli --acl acl-0a1b2c3d4e5f60718
  aclprobe propose flowlogs/payments/ --src-cidr 10.20.30.0/24 --max-rules 4 --format terraform > payments-nacl.tf`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Sources = args
			for _, name := range proposeIgnored {
				if cmd.Flags().Changed(name) {
					return fmt.Errorf("--%s does not apply to propose: it reads every flow of the subnets", name)
				}
			}
			if runF != nil {
				return runF(o)
			}
			return runPropose(cmd.Context(), o)
		},
	}
	addAnalysisFlags(cmd, &o.analysisOptions)
	for _, name := range proposeIgnored {
		_ = cmd.Flags().MarkHidden(name)
	}
	fs := cmd.Flags()
	fs.StringVar(&o.Direction, "direction", "both", "connections to allow: egress (the subnets call out), ingress (they are called) or both")
	fs.IntVar(&o.MaxRules, "max-rules", 20, "at most this many entries per direction (AWS's default quota is 20)")
	fs.StringVar(&o.Format, "format", "json", "output format: "+strings.Join(ruleset.Formats, ", "))
	fs.StringVar(&o.ACL, "acl", "", "the network ACL id for aws-cli and terraform output (default: a placeholder)")
	return cmd
}

// check validates propose's own flags, every problem at once.
func (o *ProposeOptions) check() error {
	var errs []error
	if len(o.SrcCIDRs) == 0 {
		errs = append(errs, errors.New("--src-cidr is required: the subnets whose flows the rule set must allow"))
	}
	if !slices.Contains([]string{"egress", "ingress", "both"}, o.Direction) {
		errs = append(errs, fmt.Errorf("--direction %q: want egress, ingress or both", o.Direction))
	}
	if o.MaxRules < 1 {
		errs = append(errs, fmt.Errorf("--max-rules %d: want at least 1", o.MaxRules))
	}
	errs = append(errs, checkFormat(o.Format, ruleset.Formats))
	if o.Identify || o.DNS.enabled() {
		errs = append(errs, errors.New("--identify and --dns-logs do not apply to propose"))
	}
	return errors.Join(errs...)
}

// runPropose reads the subnets' flows, proposes the rule set, writes it to
// stdout and what each entry admits to stderr.
func runPropose(ctx context.Context, o *ProposeOptions) error {
	if err := o.check(); err != nil {
		return err
	}
	flows, st, res, err := readSubnetFlows(ctx, &o.analysisOptions, &o.flowLogDeps)
	if err != nil {
		return err
	}
	var needs []ruleset.Need
	for _, f := range flows {
		n := f.Need()
		if o.Direction == "both" || n.Direction.String() == o.Direction {
			needs = append(needs, n)
		}
	}
	if len(needs) == 0 {
		return fmt.Errorf("propose: no observed connection of %s crosses their edge (%s): nothing to allow",
			strings.Join(o.SrcCIDRs, ","), o.Direction)
	}
	p, err := ruleset.Propose(needs, o.MaxRules)
	if err != nil {
		return err
	}
	if err := ruleset.Write(o.IO.Out, p.Set, o.Format, o.ACL); err != nil {
		return err
	}
	writeAdmissions(o, p, len(needs), st)
	render.WriteCoverage(o.IO.ErrOut, res.Coverage)
	return nil
}

// writeAdmissions writes to stderr what each proposed entry admits.
func writeAdmissions(o *ProposeOptions, p *ruleset.Proposal, needs int, st subnetFlowStats) {
	w := o.IO.ErrOut
	fmt.Fprintf(w, "propose: %d connection legs of %s allowed by %d entries (egress %d, ingress %d)\n",
		needs, strings.Join(o.SrcCIDRs, ","), len(p.Set.Entries), len(change.EntriesIn(p.Set.Entries, change.Egress)), len(change.EntriesIn(p.Set.Entries, change.Ingress)))
	if st.Inside+st.Outside+st.Unusable > 0 {
		fmt.Fprintf(w, "propose: not crossing the subnets' edge, so left out: %d flows inside, %d outside, %d without addresses or protocol\n",
			st.Inside, st.Outside, st.Unusable)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ENTRY\tFOR\tADDRESSES\tPORTS\tOBSERVED\tUNOBSERVED")
	for _, a := range p.Admissions {
		kind := "connections"
		if a.Return {
			kind = "replies"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", a.Entry.Preview(), kind, humanize.Count(int64(min(a.Addresses, 1e18))),
			a.Ports, a.Observed, humanize.Count(int64(min(a.Unobserved(), 1e18))))
	}
	_ = tw.Flush()
}
