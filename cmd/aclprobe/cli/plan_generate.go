package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/render"
	"github.com/aclprobe/aclprobe/plan"
)

// PlanGenerateOptions are the inputs of `plan generate`: its flags and
// what reading flow logs uses.
type PlanGenerateOptions struct {
	flowLogDeps
	Analysis analysisOptions // sources, filters, grouping, --top, --identify
	Output   string
	Force    bool // replace an existing Output file

	Name, Description       string
	ACL                     string
	Accounts                []string
	RequireTags             []string // K=V
	Alarms, Prefixes, Stops []string
	RuleRange               string // FROM-TO
	Window, Poll, Recovery  time.Duration
	Cooldown, MaxDuration   time.Duration
	MinFlows                int64
	IncludePrivate          bool
	GroupBy                 string // "" (destination) or service
	Exclude, Targets        []string
	ProbeHTTP, ProbeTCP     []string
	ProbeDNS, ProbeCmd      []string

	// Now stamps the plan's header.
	Now func() time.Time
}

// NewCmdPlanGenerate builds `plan generate` on f; the plan's region is
// f's (--region). runF, when not nil, is called with the parsed options
// instead of generating.
func NewCmdPlanGenerate(f *Factory, runF func(*PlanGenerateOptions) error) *cobra.Command {
	o := &PlanGenerateOptions{flowLogDeps: newFlowLogDeps(f), Now: time.Now}
	cmd := &cobra.Command{
		Use:   "generate [FLOWLOG SOURCES...] -o FILE",
		Short: "Write a test plan from flow log top talkers and explicit targets",
		Long: `The plan's region is --region (required). Generate ranks the destinations (pkt-dstaddr, else dstaddr) of the selected
flow log traffic by flows, then bytes, and writes a plan with one /32 (or
/128) target per destination (with --group-by service: one target per
identified service, its addresses denied together), richest evidence first, each with its
evidence (flows, packets, bytes, top sources, ports, service guess and where
it came from, and with --dns-logs the names its sources resolved to it) and a
comment summarising it. --target adds explicit targets, with or without
flow logs. The plan is validated before it is written. -o never replaces an
existing file (a plan someone may have reviewed or edited) unless --force.`,
		Example: `  aclprobe plan generate flowlogs/ --acl acl-0abc12345 --region eu-west-1 --account 111122223333 \
    --require-tag Environment=staging --alarm api-5xx --stop-alarm payments-down \
    --probe-http https://api.staging.internal/health --top 10 --exclude 10.0.0.0/8 -o plan.yaml
  # one target per service, named from the VPC's resolver query logs (Kinesis and Datadog each become one target)
  aclprobe plan generate flowlogs/ --src-cidr 10.20.0.0/16 --nat-ip 10.20.0.10 --dns-logs dnslogs/ --group-by service \
    --acl acl-0abc12345 --region eu-west-1 --account 111122223333 --alarm api-5xx -o plan.yaml
  aclprobe plan generate --target 203.0.113.7 --acl acl-0abc12345 --region eu-west-1 \
    --account 111122223333 --alarm api-5xx -o manual.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Analysis.Sources = args
			if runF != nil {
				return runF(o)
			}
			return runPlanGenerate(cmd.Context(), o)
		},
	}
	addAnalysisFlags(cmd, &o.Analysis)
	o.Analysis.Top = 10
	cmd.Flags().Lookup("top").DefValue = "10"
	cmd.Flags().Lookup("top").Usage = "keep the N richest destinations (0: all)"
	fs := cmd.Flags()
	fs.StringVarP(&o.Output, "output", "o", "-", "write the plan to FILE (- for stdout); an existing FILE is refused without --force")
	fs.BoolVar(&o.Force, "force", false, "with -o: replace an existing file")
	fs.StringVar(&o.Name, "name", "", "plan name (default top-talkers-ACL)")
	fs.StringVar(&o.Description, "description", "", "plan description")
	fs.StringVar(&o.ACL, "acl", "", "network ACL id to test (required)")
	fs.StringSliceVar(&o.Accounts, "account", nil, "allowed AWS account id (repeatable; required)")
	fs.StringArrayVar(&o.RequireTags, "require-tag", nil, "tag K=V the ACL must carry (repeatable)")
	fs.StringArrayVar(&o.Alarms, "alarm", nil, "CloudWatch alarm name to watch (repeatable)")
	fs.StringArrayVar(&o.Prefixes, "alarm-prefix", nil, "watch every alarm whose name starts with this (repeatable)")
	fs.StringArrayVar(&o.Stops, "stop-alarm", nil, "alarm that stops the whole run when in ALARM (repeatable)")
	fs.StringVar(&o.RuleRange, "rule-range", "", "rule numbers reserved for aclprobe, FROM-TO (default: just below the first allow rule)")
	fs.DurationVar(&o.Window, "window", plan.DefaultWindow, "how long each target stays denied")
	fs.DurationVar(&o.Poll, "poll-interval", plan.DefaultPollInterval, "alarm and default probe polling interval")
	fs.DurationVar(&o.Recovery, "recovery-timeout", plan.DefaultRecoveryTimeout, "how long to wait for health after each removal")
	fs.DurationVar(&o.Cooldown, "cooldown", time.Minute, "pause between targets")
	fs.DurationVar(&o.MaxDuration, "max-duration", 0, "hard stop for the whole run (default: the estimate + 10%, rounded up to 5m)")
	fs.Int64Var(&o.MinFlows, "min-flows", 1, "leave out destinations with fewer flows")
	fs.BoolVar(&o.IncludePrivate, "include-private", false, "keep private (RFC 1918, 100.64/10, fc00::/7) and other non-public destinations")
	fs.StringVar(&o.GroupBy, "group-by", "destination", "destination: one /32 target per address; service: one target per identified service (same label from --identify, --dns-logs or pkt-dst-aws-service), its addresses denied together")
	fs.StringArrayVar(&o.Exclude, "exclude", nil, "leave out destinations inside CIDR (repeatable)")
	fs.StringArrayVar(&o.Targets, "target", nil, "add an explicit target CIDR or address, label manual (repeatable)")
	fs.StringArrayVar(&o.ProbeHTTP, "probe-http", nil, "add an http probe of URL (expects 2xx; repeatable)")
	fs.StringArrayVar(&o.ProbeTCP, "probe-tcp", nil, "add a tcp connect probe of HOST:PORT (repeatable)")
	fs.StringArrayVar(&o.ProbeDNS, "probe-dns", nil, "add a dns probe resolving NAME (repeatable)")
	fs.StringArrayVar(&o.ProbeCmd, "probe-cmd", nil, "add a command probe; 'ARGV' is split like shell words, run without a shell (repeatable)")
	return cmd
}

// runPlanGenerate ranks the sources (when given), builds, validates and
// writes the plan.
func runPlanGenerate(ctx context.Context, o *PlanGenerateOptions) error {
	if len(o.Analysis.Sources) == 0 && len(o.Targets) == 0 {
		return fmt.Errorf("plan generate: nothing to target: give flow log sources to rank, or --target CIDR")
	}
	toFile := o.Output != "-" && o.Output != ""
	if toFile && !o.Force {
		if _, err := os.Lstat(o.Output); err == nil {
			return existsError(o.Output) // before the analysis, which may take long
		}
	}
	gopts, err := o.generateOptions()
	if err != nil {
		return err
	}
	var res *analysis.Result
	if len(o.Analysis.Sources) > 0 {
		if res, err = topTalkers(ctx, o); err != nil {
			return err
		}
		render.WriteInputWarnings(o.IO.ErrOut, res.Coverage, time.Now())
		gopts.Filters = o.Analysis.describe()
	}
	g, err := plan.Generate(res, gopts)
	if err != nil {
		return err
	}
	b, err := g.YAML()
	if err != nil {
		return err
	}
	if !toFile {
		_, err = o.IO.Out.Write(b)
		return err
	}
	if err := writePlanFile(o.Output, b, o.Force); err != nil {
		return err
	}
	fmt.Fprintf(o.IO.ErrOut, "wrote %s: %d target(s); %s\n", o.Output, len(g.Plan.Targets), plan.EstimateText(g.Plan))
	return nil
}

// writePlanFile writes a generated plan to path; unless force, only as a
// new file (O_EXCL, so a file created meanwhile is not replaced either).
func writePlanFile(path string, b []byte, force bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if !force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_EXCL
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return existsError(path)
	}
	if err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("write plan %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write plan %s: %w", path, err)
	}
	return nil
}

func existsError(path string) error {
	return WithCode(ExitFailure, fmt.Errorf("plan generate: %s already exists: pass --force to replace it", path))
}

// generateOptions turns the flags into plan.GenerateOptions.
func (o *PlanGenerateOptions) generateOptions() (plan.GenerateOptions, error) {
	g := plan.GenerateOptions{
		Name: o.Name, Description: o.Description, ACL: o.ACL, Region: o.AWS.Region,
		Accounts: o.Accounts, Alarms: o.Alarms, Prefixes: o.Prefixes, StopAlarms: o.Stops,
		Timing: plan.Timing{Window: plan.Duration(o.Window), PollInterval: plan.Duration(o.Poll),
			RecoveryTimeout: plan.Duration(o.Recovery), Cooldown: plan.Duration(o.Cooldown), MaxDuration: plan.Duration(o.MaxDuration)},
		Top: o.Analysis.Top, MinFlows: o.MinFlows, IncludePrivate: o.IncludePrivate, Targets: o.Targets, Sources: o.Analysis.Sources, Now: o.Now(),
	}
	switch o.GroupBy {
	case "destination", "":
	case plan.GroupByService:
		g.GroupBy = plan.GroupByService
	default:
		return g, fmt.Errorf("--group-by %q: want destination or service", o.GroupBy)
	}
	if g.Name == "" && o.ACL != "" {
		g.Name = "top-talkers-" + o.ACL
	}
	var err error
	if g.RequireTags, err = parseTags(o.RequireTags); err != nil {
		return g, err
	}
	if g.RuleRange, err = parseRuleRange(o.RuleRange); err != nil {
		return g, err
	}
	for _, x := range o.Exclude {
		pfx, err := netip.ParsePrefix(x)
		if err != nil {
			return g, fmt.Errorf("--exclude %q: want a CIDR such as 10.0.0.0/8", x)
		}
		g.Exclude = append(g.Exclude, pfx.Masked())
	}
	g.Probes, err = plan.ShortcutProbes(o.ProbeHTTP, o.ProbeTCP, o.ProbeDNS, o.ProbeCmd)
	return g, err
}

// parseTags parses K=V flag values.
func parseTags(kvs []string) (map[string]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	m := map[string]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("--require-tag %q: want KEY=VALUE", kv)
		}
		m[k] = v
	}
	return m, nil
}

// parseRuleRange parses FROM-TO ("" is no range).
func parseRuleRange(s string) (*plan.RuleRange, error) {
	if s == "" {
		return nil, nil
	}
	a, b, ok := strings.Cut(s, "-")
	from, err1 := strconv.Atoi(strings.TrimSpace(a))
	to, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil {
		return nil, fmt.Errorf("--rule-range %q: want FROM-TO, e.g. 80-89", s)
	}
	return &plan.RuleRange{From: from, To: to}, nil
}
