package cli

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/spf13/cobra"
)

// parseFlags runs cmd with args; runF (wired into cmd by its NewCmdX)
// captures the options instead of running. It returns the command's error.
func parseFlags(cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetIn(&bytes.Buffer{})
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.ExecuteContext(context.Background())
}

// parseOptions parses args with the command newCmd builds on a test
// factory, whose runF captures the options. With wantErr it wants an
// error containing it and no run, and returns nil options; else it wants
// a run and returns its options. It returns the factory too.
func parseOptions[O any](t *testing.T, newCmd func(*Factory, func(*O) error) *cobra.Command, args []string, wantErr string) (*O, *Factory) {
	t.Helper()
	f, _, _ := testFactory()
	var got *O
	err := parseFlags(newCmd(f, func(o *O) error { got = o; return nil }), args...)
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) || got != nil {
			t.Fatalf("err = %v, runF called %t; want %q and no run", err, got != nil, wantErr)
		}
		return nil, f
	}
	if err != nil || got == nil {
		t.Fatalf("err = %v, runF called %t", err, got != nil)
	}
	return got, f
}

// runFlags are the flag fields of RunOptions.
type runFlags struct {
	PlanPath             string
	DryRun, Offline, Yes bool
	Out                  string
	AssumeBreaking       float64
}

func TestNewCmdRunFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    runFlags
		wantErr string
	}{
		{name: "plan only", args: []string{"plan.yaml"}, want: runFlags{PlanPath: "plan.yaml"}},
		{name: "dry run", args: []string{"plan.yaml", "--dry-run"}, want: runFlags{PlanPath: "plan.yaml", DryRun: true}},
		{name: "dry run offline", args: []string{"--dry-run", "--offline", "plan.yaml"}, want: runFlags{PlanPath: "plan.yaml", DryRun: true, Offline: true}},
		{name: "yes and out", args: []string{"plan.yaml", "--yes", "--out", "runs/today"}, want: runFlags{PlanPath: "plan.yaml", Yes: true, Out: "runs/today"}},
		{name: "offline without dry run", args: []string{"plan.yaml", "--offline"}, wantErr: "--offline only goes with --dry-run"},
		{name: "assume breaking", args: []string{"plan.yaml", "--dry-run", "--assume-breaking", "2.5"}, want: runFlags{PlanPath: "plan.yaml", DryRun: true, AssumeBreaking: 2.5}},
		{name: "assume breaking without dry run", args: []string{"plan.yaml", "--assume-breaking", "5"}, wantErr: "--assume-breaking PCT goes with --dry-run"},
		{name: "assume breaking over 100", args: []string{"plan.yaml", "--dry-run", "--assume-breaking", "150"}, wantErr: "at most 100"},
		{name: "no plan", args: nil, wantErr: "accepts 1 arg(s), received 0"},
		{name: "two plans", args: []string{"a.yaml", "b.yaml"}, wantErr: "accepts 1 arg(s), received 2"},
		{name: "unknown flag", args: []string{"plan.yaml", "--force"}, wantErr: "unknown flag: --force"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, f := parseOptions(t, NewCmdRun, tt.args, tt.wantErr)
			if got == nil {
				return
			}
			flags := runFlags{PlanPath: got.PlanPath, DryRun: got.DryRun, Offline: got.Offline, Yes: got.Yes, Out: got.Out, AssumeBreaking: got.AssumeBreaking}
			if flags != tt.want {
				t.Errorf("flags %+v, want %+v", flags, tt.want)
			}
			if got.IO != f.IOStreams || got.AWS != f.AWS || got.Prompter != f.Prompter || got.EC2 == nil || got.STS == nil ||
				got.CloudWatch == nil || got.Endpoints == nil || got.Log == nil || got.Clock != nil {
				t.Errorf("options do not carry the factory's dependencies (and the real clock): %+v", got)
			}
		})
	}
}

func TestNewCmdRecoverFlags(t *testing.T) {
	tests := []struct {
		name         string
		args         []string
		acl, journal string
		wantErr      string
	}{
		{name: "acl", args: []string{"--acl", "acl-0abc"}, acl: "acl-0abc"},
		{name: "journal", args: []string{"--journal", "runs/x/journal.jsonl"}, journal: "runs/x/journal.jsonl"},
		{name: "both", args: []string{"--journal=j.jsonl", "--acl=acl-0abc"}, acl: "acl-0abc", journal: "j.jsonl"},
		{name: "neither", wantErr: "recover: pass --acl ID, --journal FILE or both"},
		{name: "positional argument", args: []string{"acl-0abc"}, wantErr: `unknown command "acl-0abc"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, f := parseOptions(t, NewCmdRecover, tt.args, tt.wantErr)
			if got == nil {
				return
			}
			if got.ACL != tt.acl || got.Journal != tt.journal {
				t.Errorf("acl %q journal %q, want %q %q", got.ACL, got.Journal, tt.acl, tt.journal)
			}
			if got.IO != f.IOStreams || got.AWS != f.AWS || got.EC2 == nil || got.Log == nil {
				t.Errorf("options do not carry the factory's dependencies: %+v", got)
			}
		})
	}
}

func TestNewCmdAnalyzeFlags(t *testing.T) {
	defaults := func(o *AnalyzeOptions) {}
	tests := []struct {
		name    string
		args    []string
		want    func(o *AnalyzeOptions) // changes from the defaults
		wantErr string
	}{
		{name: "defaults", want: defaults},
		{name: "sources, filters and format", args: []string{"a.log", "flowlogs/", "--src-cidr", "10.0.0.0/16,10.1.0.0/16", "--nat-ip", "10.0.100.10",
			"--action", "ACCEPT", "--since", "2025-12-04", "--by", "dstaddr,dstport", "--sort", "bytes", "--top", "5", "--format", "csv"},
			want: func(o *AnalyzeOptions) {
				o.Sources = []string{"a.log", "flowlogs/"}
				o.SrcCIDRs, o.NATIPs, o.Actions = []string{"10.0.0.0/16", "10.1.0.0/16"}, []string{"10.0.100.10"}, []string{"ACCEPT"}
				o.Since, o.By, o.Sort, o.Top, o.Format = "2025-12-04", []string{"dstaddr", "dstport"}, "bytes", 5, "csv"
			}},
		{name: "identify", args: []string{"-", "--identify", "--ip-ranges", "ip-ranges.json", "--vendor-ranges", "datadog=dd.json", "--rdns"},
			want: func(o *AnalyzeOptions) {
				o.Sources = []string{"-"}
				o.Identify, o.IPRanges, o.VendorRanges, o.RDNS = true, "ip-ranges.json", []string{"datadog=dd.json"}, true
			}},
		{name: "athena engine", args: []string{"--engine", "athena", "--database", "flowlogs", "--table", "natgw", "--show-sql", "--price-per-tb", "6.25"},
			want: func(o *AnalyzeOptions) {
				o.Engine.Name, o.Engine.Database, o.Engine.Table, o.Engine.ShowSQL, o.Engine.PricePerTB = "athena", "flowlogs", "natgw", true, 6.25
			}},
		{name: "memory budget", args: []string{"--memory", "1.5GiB", "--temp-dir", "/scratch"},
			want: func(o *AnalyzeOptions) {
				o.Engine.Memory, o.Engine.TempDir = 3<<29, "/scratch"
			}},
		{name: "bad memory", args: []string{"--memory", "1GB"}, wantErr: `want a size such as 128MiB`},
		{name: "bad top", args: []string{"--top", "many"}, wantErr: `invalid argument "many" for "--top"`},
		{name: "unknown flag", args: []string{"--block", "0.0.0.0/0"}, wantErr: "unknown flag: --block"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, f := parseOptions(t, NewCmdAnalyze, tt.args, tt.wantErr)
			if got == nil {
				return
			}
			want := AnalyzeOptions{Format: "table", analysisOptions: analysisOptions{Sort: "flows", Top: 20,
				Engine: engineOptions{Name: "local", Memory: byteSize(analysis.DefaultMemory), Database: "default", Table: "vpc_flow_logs", PartitionScheme: "dt"}}}
			tt.want(&want)
			// %+v, not DeepEqual: no arguments and an unset list flag may be
			// an empty slice or nil, which mean the same.
			if fmt.Sprintf("%+v", got.analysisOptions) != fmt.Sprintf("%+v", want.analysisOptions) || got.Format != want.Format {
				t.Errorf("parsed\n%+v %q\nwant\n%+v %q", got.analysisOptions, got.Format, want.analysisOptions, want.Format)
			}
			if got.IO != f.IOStreams || got.AWS != f.AWS || got.S3 == nil || got.Athena == nil || got.Log == nil {
				t.Errorf("options do not carry the factory's dependencies: %+v", got.flowLogDeps)
			}
		})
	}
}
