package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/internal/clock/clocktest"
	"github.com/aclprobe/aclprobe/internal/testenv"
	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/probe"
	"github.com/aclprobe/aclprobe/probe/probetest"
	"github.com/aclprobe/aclprobe/run"
)

// fakeAWS is an in-memory staging account for the run command: a network
// ACL (allow-all at rule 100 both ways, tagged Environment=staging) in the
// EC2 fake, the STS fake, two alarms in the CloudWatch fake and a virtual
// clock. While a deny entry for kinesisCIDR is on the ACL, the
// kinesis-errors alarm is in ALARM.
type fakeAWS struct {
	ec2   *acltest.EC2
	sts   *acltest.STS
	cw    *probetest.CloudWatch
	clock *clocktest.Fake
}

const (
	fakeACL     = "acl-0fa4e000"
	fakeAccount = "111122223333"
	kinesisCIDR = "203.0.113.7/32"
	partnerCIDR = "198.51.100.9/32"
)

func newFakeAWS() *fakeAWS {
	a := &fakeAWS{ec2: acltest.NewEC2(), sts: &acltest.STS{Account: fakeAccount}, cw: probetest.NewCloudWatch(),
		clock: clocktest.NewAuto(time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC))}
	a.cw.Now = a.clock.Now
	staging := map[string]string{"Environment": "staging"}
	a.ec2.AddVPC("vpc-0fa4e002", staging)
	a.ec2.AddSubnet(acltest.Subnet{ID: "subnet-0fa4e001", VPC: "vpc-0fa4e002", CIDR: "10.0.1.0/24"})
	a.ec2.AddACL(fakeACL, "vpc-0fa4e002", staging, []string{"subnet-0fa4e001"},
		acltest.Entry(100, true, "allow", "-1", "0.0.0.0/0"), acltest.Entry(100, false, "allow", "-1", "0.0.0.0/0"))
	a.cw.PutMetricAlarm("kinesis-errors", cwtypes.StateValueOk)
	a.cw.PutMetricAlarm("partner-errors", cwtypes.StateValueOk)
	a.ec2.After = func(_ string, in any) {
		switch x := in.(type) {
		case *ec2.CreateNetworkAclEntryInput:
			if aws.ToString(x.CidrBlock) == kinesisCIDR && !aws.ToBool(x.DryRun) {
				_ = a.cw.SetAlarmState("kinesis-errors", cwtypes.StateValueAlarm, "denied "+kinesisCIDR)
			}
		case *ec2.DeleteNetworkAclEntryInput:
			if !a.denied(kinesisCIDR) {
				_ = a.cw.SetAlarmState("kinesis-errors", cwtypes.StateValueOk, "back")
			}
		}
	}
	return a
}

// denied reports whether a deny entry for cidr is on the ACL.
func (a *fakeAWS) denied(cidr string) bool {
	for _, e := range a.ec2.ACL(fakeACL).Entries {
		if aws.ToString(e.CidrBlock) == cidr && e.RuleAction == "deny" {
			return true
		}
	}
	return false
}

// state is the ACL's entries and tags, to compare before and after.
func (a *fakeAWS) state() (entries []string, tags map[string]string) {
	x := a.ec2.ACL(fakeACL)
	for _, e := range x.Entries {
		entries = append(entries, fmt.Sprintf("%d egress=%t %s %s %s", aws.ToInt32(e.RuleNumber), aws.ToBool(e.Egress),
			e.RuleAction, aws.ToString(e.Protocol), aws.ToString(e.CidrBlock)))
	}
	return entries, x.Tags
}

// options are the run command's options on the fakes: no real AWS, no
// real time, stdout and stderr in buffers, stdin a terminal answered by
// prompter.
func (a *fakeAWS) options(prompter Prompter) (*RunOptions, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&errOut, nil))
	return &RunOptions{
		IO:       &IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, StdinIsTerminal: true},
		Log:      func() *slog.Logger { return logger },
		Prompter: prompter,
		AWS:      &AWSConfig{},
		ACLClients: ACLClients{
			EC2:        func(context.Context) (acl.EC2API, error) { return a.ec2, nil },
			STS:        func(context.Context) (acl.STSAPI, error) { return a.sts, nil },
			CloudWatch: func(context.Context) (probe.CloudWatchAPI, error) { return a.cw, nil },
			Endpoints:  func(context.Context) ([]string, error) { return []string{"http://127.0.0.1:4566"}, nil },
		},
		Clock: a.clock,
	}, &out, &errOut
}

// runOptions is options for fakeRunPlan, written to a temporary file, with
// a fresh output directory.
func (a *fakeAWS) runOptions(t *testing.T, prompter Prompter) (*RunOptions, *bytes.Buffer, *bytes.Buffer) {
	o, out, errOut := a.options(prompter)
	o.PlanPath = writeFile(t, "plan.yaml", fakeRunPlan)
	o.Out = filepath.Join(t.TempDir(), "out")
	return o, out, errOut
}

// recordingPrompter confirms every run and remembers what it was shown.
type recordingPrompter struct {
	acl    string
	checks []plan.Check
}

func (p *recordingPrompter) ConfirmRun(_ context.Context, pl *plan.Plan, checks []plan.Check) error {
	p.acl, p.checks = pl.Target.NetworkACL, checks
	return nil
}

const fakeRunPlan = `apiVersion: aclprobe/v1
name: fake-run
target:
  region: eu-west-1
  network_acl: acl-0fa4e000
  subnets: [subnet-0fa4e001]
guard:
  accounts: ["111122223333"]
  require_tags: {Environment: staging}
timing: {window: 10s, poll_interval: 1s, recovery_timeout: 20s, cooldown: 2s, max_duration: 1h}
watch:
  alarms: [kinesis-errors, partner-errors]
targets:
  - cidr: 203.0.113.7/32
    label: kinesis
  - cidr: 198.51.100.9/32
    label: partner
`

// TestRunCommandOnFakes runs the run command's own code path (runRun:
// plan load, region, confirmation, the run, reports, verdict table, exit
// mapping) end to end on the in-memory EC2, STS and CloudWatch fakes and a
// virtual clock: no moto, no real time. The kinesis target breaks its
// alarm, the partner target breaks nothing; the journal records each
// change before and after it is made, results.json has the verdicts, and
// the ACL ends exactly as it began.
func TestRunCommandOnFakes(t *testing.T) {
	a := newFakeAWS()
	wantUnchanged := a.unchangedCheck(t)
	prompter := &recordingPrompter{}
	o, stdout, stderr := a.runOptions(t, prompter)

	if err := runRun(context.Background(), o); err != nil {
		t.Fatalf("runRun: %v\nstderr:\n%s", err, stderr)
	}

	// The prompter was asked after a preflight that passed; the region came from the plan.
	if prompter.acl != fakeACL || len(prompter.checks) == 0 || hasFailedCheck(prompter.checks) {
		t.Errorf("prompter shown acl %q, checks %+v; want %s and passing checks", prompter.acl, prompter.checks, fakeACL)
	}
	if o.AWS.Region != "eu-west-1" {
		t.Errorf("region %q, want the plan's eu-west-1", o.AWS.Region)
	}

	// Verdicts on stdout and in results.json.
	for _, want := range [][]string{{kinesisCIDR, run.VerdictBroke, "kinesis", "alarm", "kinesis-errors"}, {partnerCIDR, run.VerdictNoImpact, "partner"}} {
		if !hasLineWithFields(stdout.String(), want) {
			t.Errorf("stdout has no line with %q:\n%s", want, stdout)
		}
	}
	res := readResults(t, o.Out)
	if res.Outcome != run.OutcomeCompleted || res.Account != fakeAccount || res.ACL != fakeACL || res.Region != "eu-west-1" || len(res.Leftovers) != 0 {
		t.Errorf("results: outcome %q account %q acl %q region %q leftovers %+v", res.Outcome, res.Account, res.ACL, res.Region, res.Leftovers)
	}
	var verdicts []string
	for _, tr := range res.Targets {
		verdicts = append(verdicts, tr.CIDR+" "+tr.Verdict)
	}
	if want := []string{kinesisCIDR + " " + run.VerdictBroke, partnerCIDR + " " + run.VerdictNoImpact}; !reflect.DeepEqual(verdicts, want) {
		t.Errorf("verdicts %v, want %v", verdicts, want)
	}
	if len(res.Targets) == 2 {
		if by := res.Targets[0].BrokenBy; len(by) != 1 || by[0].Kind != "alarm" || by[0].Name != "kinesis-errors" {
			t.Errorf("kinesis broken_by %+v, want the kinesis-errors alarm", by)
		}
		if by := res.Targets[1].BrokenBy; len(by) != 0 {
			t.Errorf("partner broken_by %+v, want nothing", by)
		}
	}

	// The journal: the preflight's DryRun permission check (announced,
	// then its TEST-NET entry verified absent), the lease, then each entry
	// announced, created, announced for deletion and deleted, in target
	// order, then the lease released.
	var ops []string
	for _, r := range testenv.Journal(t, filepath.Join(o.Out, run.JournalFile)) {
		op := r.Op
		if r.CIDR != "" {
			op += " " + r.CIDR
		}
		ops = append(ops, op)
	}
	entry := func(cidr string) []string {
		return []string{acl.OpCreateIntent + " " + cidr, acl.OpCreateDone + " " + cidr, acl.OpDeleteIntent + " " + cidr, acl.OpDeleteDone + " " + cidr}
	}
	want := []string{acl.OpRunStart, acl.OpCreateIntent + " " + acl.ProbeCIDR, acl.OpDeleteDone + " " + acl.ProbeCIDR, acl.OpLeaseAcquire}
	want = append(want, entry(kinesisCIDR)...)
	want = append(append(want, entry(partnerCIDR)...), acl.OpLeaseRelease, acl.OpRunEnd)
	if !reflect.DeepEqual(ops, want) {
		t.Errorf("journal ops:\n%s\nwant:\n%s", strings.Join(ops, "\n"), strings.Join(want, "\n"))
	}

	for _, name := range []string{"report.md", "report.html"} {
		if _, err := os.Stat(filepath.Join(o.Out, name)); err != nil {
			t.Errorf("report: %v", err)
		}
	}

	// The ACL ends as it began: the same entries, no lease tag.
	wantUnchanged()
}

// unchangedCheck notes the fake ACL's entries and tags and returns a
// check that they are the same again.
func (a *fakeAWS) unchangedCheck(t *testing.T) func() {
	beforeEntries, beforeTags := a.state()
	return func() {
		t.Helper()
		afterEntries, afterTags := a.state()
		if !reflect.DeepEqual(beforeEntries, afterEntries) || !reflect.DeepEqual(beforeTags, afterTags) {
			t.Errorf("ACL changed:\nbefore %v %v\nafter  %v %v", beforeEntries, beforeTags, afterEntries, afterTags)
		}
	}
}

// refusingPrompter refuses every run, as a user typing the wrong ACL id.
type refusingPrompter struct{ asked bool }

func (p *refusingPrompter) ConfirmRun(context.Context, *plan.Plan, []plan.Check) error {
	p.asked = true
	return errors.New("typed \"no\", not " + fakeACL + ": nothing was changed")
}

// TestRunCommandOnFakesRefused: when the prompter refuses, runRun exits 1
// and the ACL (entries and tags) is exactly as before.
func TestRunCommandOnFakesRefused(t *testing.T) {
	a := newFakeAWS()
	wantUnchanged := a.unchangedCheck(t)
	prompter := &refusingPrompter{}
	o, _, stderr := a.runOptions(t, prompter)

	err := runRun(context.Background(), o)
	if code := exitCode(context.Background(), err, &bytes.Buffer{}); code != ExitFailure || !prompter.asked {
		t.Fatalf("exit %d (err %v), prompter asked %t; want exit 1 after asking\nstderr:\n%s", code, err, prompter.asked, stderr)
	}
	if !strings.Contains(err.Error(), "nothing was changed") {
		t.Errorf("err = %v, want the refusal", err)
	}
	wantUnchanged()
}

// hasLineWithFields reports whether some line of s has all of fields
// among its whitespace-separated words (in any order).
func hasLineWithFields(s string, fields []string) bool {
	for _, line := range strings.Split(s, "\n") {
		words := map[string]bool{}
		for _, w := range strings.Fields(line) {
			words[w] = true
		}
		all := true
		for _, f := range fields {
			all = all && words[f]
		}
		if all {
			return true
		}
	}
	return false
}
