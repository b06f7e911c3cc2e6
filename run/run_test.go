package run

import (
	"context"
	"encoding/json"
	"errors"
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
	"github.com/aclprobe/aclprobe/internal/testenv"
	"github.com/aclprobe/aclprobe/plan"
)

var (
	kinesis  = service{cidr: "203.0.113.7/32", alarm: "kinesis-errors"}
	payments = service{cidr: "198.51.100.9/32", alarm: "payments-errors"}
)

type runCase struct {
	name    string
	setup   func(t *testing.T, w *world, cancel context.CancelFunc, o *Options)
	wantErr error // nil: the run must return nil
	outcome string
	// verdicts of the three targets, in order
	verdicts  []string
	brokenBy  [][]string
	leftover  bool   // an entry is left (exit 4)
	reason    string // substring of Results.Reason
	wantFirst string // substring of the first target's Reason
	keepLease bool
	changed   bool // the ACL may differ (someone else's drift entry)
	check     func(t *testing.T, res *Results)
}

func TestRunExitPaths(t *testing.T) {
	inc, no, br := VerdictInconclusive, VerdictNoImpact, VerdictBroke
	cases := []runCase{
		{name: "completed: two break, one does not", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) { w.simulate(kinesis, payments) },
			outcome: OutcomeCompleted, verdicts: []string{br, br, no}, brokenBy: [][]string{{"alarm kinesis-errors"}, {"alarm payments-errors"}, {}}},
		{name: "completed on moto (DryRun really creates)", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.ec2.MotoMode = true
			w.simulate(kinesis)
		}, outcome: OutcomeCompleted, verdicts: []string{br, no, no}},
		{name: "ingress direction", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.plan.Deny.Direction = "ingress"
			w.ec2.After = func(_ string, in any) {
				if c, ok := in.(*ec2.CreateNetworkAclEntryInput); ok && aws.ToBool(c.Egress) {
					t.Errorf("egress entry created by an ingress plan: %+v", c)
				}
			}
		}, outcome: OutcomeCompleted, verdicts: []string{no, no, no}},
		{name: "ipv6 target", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.plan.Targets = []plan.Target{{CIDR: "2001:db8::7/128", Label: "v6"}}
			w.ec2.After = func(_ string, in any) {
				if c, ok := in.(*ec2.CreateNetworkAclEntryInput); ok && !aws.ToBool(c.DryRun) && aws.ToString(c.Ipv6CidrBlock) != "2001:db8::7/128" {
					t.Errorf("ipv6 target created as %+v", c)
				}
			}
		}, outcome: OutcomeCompleted, verdicts: []string{no}},
		{name: "probe breaks", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.withProbe("checkout-api", "192.0.2.200/32")
		},
			outcome: OutcomeCompleted, verdicts: []string{no, no, br}, brokenBy: [][]string{{}, {}, {"probe checkout-api"}}},
		{name: "stop alarm stops everything and rolls back", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.simulate(kinesis, service{cidr: "198.51.100.9/32", alarm: "site-down"})
		}, wantErr: ErrStopped, outcome: OutcomeStopped, verdicts: []string{br, inc, inc}, reason: "stop alarm site-down",
			check: func(t *testing.T, res *Results) {
				var seen bool
				for _, s := range res.Targets[1].Timeline {
					if s.Name == "site-down" && s.Stop && s.State == "ALARM" && s.Phase == "window" {
						seen = true
					}
				}
				if !seen {
					t.Fatalf("timeline of target 2 lacks the stop alarm in ALARM: %+v", res.Targets[1].Timeline)
				}
			}},
		{name: "max duration", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.plan.Timing.MaxDuration = plan.Duration(15 * time.Second)
		}, wantErr: ErrStopped, outcome: OutcomeStopped, verdicts: []string{no, inc, inc}, reason: "max_duration"},
		{name: "error: alarms unreadable during the window", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.ec2.After = func(op string, _ any) {
				if op == acltest.OpCreateNetworkAclEntry {
					w.cw.DeleteAlarm("kinesis-errors")
				}
			}
		}, wantErr: errAnyRun, outcome: OutcomeFailed, verdicts: []string{inc, inc, inc}, wantFirst: "health unknown"},
		{name: "interrupt mid-window", setup: func(t *testing.T, w *world, cancel context.CancelFunc, _ *Options) {
			w.clock.OnSleep(func(time.Time) {
				if w.denied(kinesis.cidr) {
					cancel()
				}
			})
		}, wantErr: ErrInterrupted, outcome: OutcomeInterrupted, verdicts: []string{inc, inc, inc}},
		{name: "drift: someone adds an entry mid-window", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.clock.OnSleep(func(time.Time) {
				if w.denied(kinesis.cidr) {
					w.ec2.PutEntry(testACL, acltest.Entry(50, true, "allow", "6", "10.50.0.0/16"))
				}
			})
		}, wantErr: ErrStopped, outcome: OutcomeStopped, verdicts: []string{inc, inc, inc}, reason: "drift", changed: true},
		{name: "drift: someone removes our entry", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.clock.OnSleep(func(time.Time) {
				if w.denied(kinesis.cidr) {
					w.ec2.DeleteNetworkAclEntry(context.Background(), deleteInput(99))
				}
			})
		}, wantErr: ErrStopped, outcome: OutcomeStopped, verdicts: []string{inc, inc, inc}, reason: "disappeared"},
		{name: "recovery timeout stops the run", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.simulate(service{cidr: kinesis.cidr, alarm: kinesis.alarm, sticky: true})
		}, wantErr: ErrStopped, outcome: OutcomeStopped, verdicts: []string{inc, inc, inc}, wantFirst: "did not recover"},
		{name: "undo fails twice then succeeds", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.simulate(kinesis)
			w.ec2.Before = failRealDeletes(2, acltest.ServerError)
		}, outcome: OutcomeCompleted, verdicts: []string{br, no, no}},
		{name: "throttled everywhere, then fine", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.ec2.Before = failRealDeletes(3, acltest.Throttled)
		}, outcome: OutcomeCompleted, verdicts: []string{no, no, no}},
		{name: "undo fails for good", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.ec2.Before = failRealDeletes(1000, acltest.ServerError)
		}, wantErr: ErrLeftover, outcome: OutcomeFailed, verdicts: []string{inc, inc, inc}, leftover: true, keepLease: true},
		{name: "dry-run create answered an error but really created, undo fails", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.ec2.MotoMode = true
			lost := false
			w.ec2.LoseAnswer = func(op string, _ any) error {
				if op == acltest.OpCreateNetworkAclEntry && !lost {
					lost = true
					return acltest.ServerError
				}
				return nil
			}
			w.ec2.Before = failRealDeletes(1000, acltest.ServerError)
		}, wantErr: ErrLeftover, outcome: OutcomeFailed, verdicts: []string{inc, inc, inc}, leftover: true},
		{name: "lease answer lost when recording the entry", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.ec2.LoseAnswer = loseLeaseWrite(func(v string) bool { return strings.Contains(v, " entry=") })
		}, outcome: OutcomeCompleted, verdicts: []string{no, no, no}},
		{name: "lease answer lost and not verifiable: run fails, lease still released", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			lost := loseLeaseWrite(func(v string) bool { return strings.Contains(v, " entry=") })
			failDescribe := false
			w.ec2.LoseAnswer = func(op string, in any) error {
				err := lost(op, in)
				failDescribe = failDescribe || err != nil
				return err
			}
			w.ec2.Before = func(op string, _ any) error {
				if op == acltest.OpDescribeNetworkAcls && failDescribe {
					failDescribe = false
					return acltest.ServerError
				}
				return nil
			}
		}, wantErr: errAnyRun, outcome: OutcomeFailed, verdicts: []string{inc, inc, inc}, wantFirst: "lease"},
		{name: "lease answer lost when clearing the entry", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			cleared := 0
			w.ec2.LoseAnswer = loseLeaseWrite(func(v string) bool {
				if !strings.Contains(v, " entry=") {
					cleared++
					return cleared == 2 // the first clear, after target 1's undo
				}
				return false
			})
		}, outcome: OutcomeCompleted, verdicts: []string{no, no, no}},
		{name: "preflight refuses a production vpc", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.ec2.AddVPC(testVPC, map[string]string{"Environment": "staging", "Stage": "prd"})
		}, wantErr: ErrPreflight, outcome: OutcomeFailed, verdicts: []string{inc, inc, inc}},
		{name: "not confirmed", setup: func(t *testing.T, w *world, _ context.CancelFunc, o *Options) {
			o.Confirm = func(context.Context, []plan.Check) error { return errors.New("typed acl-wrong") }
		}, wantErr: ErrPreflight, outcome: OutcomeFailed, verdicts: []string{inc, inc, inc}},
		{name: "live lease of another run", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			l := acl.Lease{RunID: "other", Owner: "bob@h", Expires: w.clock.Now().Add(time.Hour)}
			w.ec2.CreateTags(context.Background(), leaseTags(l.Value()))
		}, wantErr: ErrPreflight, outcome: OutcomeFailed, verdicts: []string{inc, inc, inc}, keepLease: true},
		{name: "expired lease is taken over", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			l := acl.Lease{RunID: "old", Owner: "bob@h", Expires: w.clock.Now().Add(-time.Minute)}
			w.ec2.CreateTags(context.Background(), leaseTags(l.Value()))
		}, outcome: OutcomeCompleted, verdicts: []string{no, no, no}},
		{name: "error: create refused by EC2", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.ec2.Before = func(op string, in any) error {
				if c, ok := in.(*ec2.CreateNetworkAclEntryInput); ok && !aws.ToBool(c.DryRun) {
					return acltest.APIError("NetworkAclEntryLimitExceeded", "full")
				}
				return nil
			}
		}, wantErr: errAnyRun, outcome: OutcomeFailed, verdicts: []string{inc, inc, inc}, wantFirst: "could not apply"},
		{name: "panic mid-window still undoes", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.withProbe("checkout-api", "203.0.113.7/32")
			w.probes.(*fakeProbes).panicWhenDenied = true
		}, wantErr: ErrPanic, outcome: OutcomeFailed, verdicts: []string{inc, inc, inc}, reason: "panic"},
		{name: "failure only after removal is inconclusive", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			fired := false
			w.ec2.After = func(op string, _ any) {
				if op == acltest.OpDeleteNetworkAclEntry && !fired {
					fired = true
					w.cw.SetAlarmState("kinesis-errors", cwtypes.StateValueAlarm, "late")
					w.clock.OnSleep(func(time.Time) { w.cw.SetAlarmState("kinesis-errors", cwtypes.StateValueOk, "ok") })
				}
			}
		}, outcome: OutcomeCompleted, verdicts: []string{inc, no, no}, wantFirst: "only after the entry was removed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runCaseTest(t, tc) })
	}
}

var errAnyRun = errors.New("any error")

func deleteInput(rule int) *ec2.DeleteNetworkAclEntryInput {
	return &ec2.DeleteNetworkAclEntryInput{NetworkAclId: aws.String(testACL), RuleNumber: aws.Int32(int32(rule)), Egress: aws.Bool(true)}
}

func runCaseTest(t *testing.T, tc runCase) {
	w := newWorld()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	o := Options{Plan: w.plan, PlanPath: "plan.yaml", PlanSHA: "abc", OutDir: dir, RunID: "run-1", Owner: "tester@host"}
	var undone []string
	o.OnUndo = func(what string) { undone = append(undone, what) }
	if tc.setup != nil {
		tc.setup(t, w, cancel, &o)
	}
	before := entriesOf(w.ec2.ACL(testACL))
	res, err := Run(ctx, w.runDeps(), o)
	switch {
	case tc.wantErr == nil && err != nil:
		t.Fatalf("Run: %v", err)
	case tc.wantErr == errAnyRun && err == nil:
		t.Fatal("Run succeeded, want an error")
	case tc.wantErr != nil && tc.wantErr != errAnyRun && !errors.Is(err, tc.wantErr):
		t.Fatalf("Run = %v, want %v", err, tc.wantErr)
	}
	if res.Outcome != tc.outcome {
		t.Fatalf("outcome %q (%s), want %q", res.Outcome, res.Reason, tc.outcome)
	}
	if !strings.Contains(res.Reason, tc.reason) {
		t.Fatalf("reason %q, want it to contain %q", res.Reason, tc.reason)
	}
	var verdicts []string
	for _, tr := range res.Targets {
		verdicts = append(verdicts, tr.Verdict)
	}
	if !reflect.DeepEqual(verdicts, tc.verdicts) {
		t.Fatalf("verdicts %v, want %v (reasons: %s)", verdicts, tc.verdicts, reasons(res))
	}
	for i, want := range tc.brokenBy {
		if got := breakNames(res.Targets[i].BrokenBy); !reflect.DeepEqual(got, want) {
			t.Fatalf("target %d broken_by %v, want %v", i, got, want)
		}
	}
	if !strings.Contains(res.Targets[0].Reason, tc.wantFirst) {
		t.Fatalf("first target reason %q, want %q", res.Targets[0].Reason, tc.wantFirst)
	}
	after := entriesOf(w.ec2.ACL(testACL))
	diff := acl.Diff(before, after)
	switch {
	case tc.leftover:
		if len(res.Leftovers) != 1 || !strings.Contains(res.Leftovers[0].Command, "aws ec2 delete-network-acl-entry --region eu-west-1 --network-acl-id acl-0test --rule-number 99 --egress") {
			t.Fatalf("leftovers %+v, want the entry with its delete command", res.Leftovers)
		}
		if len(diff) != 1 {
			t.Fatalf("diff %v, want exactly the leftover entry", diff)
		}
	case tc.changed:
		for _, d := range diff {
			if strings.Contains(d, "deny") {
				t.Fatalf("a deny entry is left: %v", diff)
			}
		}
	default:
		if len(diff) > 0 || len(res.Leftovers) > 0 {
			t.Fatalf("ACL not restored: %v, leftovers %+v", diff, res.Leftovers)
		}
	}
	_, leased := w.ec2.ACL(testACL).Tags[acl.LeaseTag]
	if leased != tc.keepLease {
		t.Fatalf("lease tag present = %v, want %v", leased, tc.keepLease)
	}
	checkFiles(t, dir, res)
	if tc.check != nil {
		tc.check(t, res)
	}
	if tc.outcome == OutcomeInterrupted && (len(undone) == 0 || !strings.Contains(undone[0], "203.0.113.7/32")) {
		t.Fatalf("OnUndo told %q, want the entry being removed", undone)
	}
}

func TestRunRefusesUsedOutputDir(t *testing.T) {
	w := newWorld()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, JournalFile), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := Options{Plan: w.plan, OutDir: dir, RunID: "run-2"}
	if _, err := Run(context.Background(), w.runDeps(), o); err == nil || !strings.Contains(err.Error(), "already holds a run") {
		t.Fatalf("Run = %v, want a refusal", err)
	}
	if n := len(w.ec2.Calls()); n != 0 {
		t.Fatalf("%d EC2 calls made", n)
	}
}

func reasons(res *Results) string {
	var s []string
	for _, t := range res.Targets {
		s = append(s, t.Reason)
	}
	return strings.Join(s, " | ") + " | run: " + res.Reason
}

// checkFiles checks results.json equals res and the journal's
// create-intent/delete-done pairs.
func checkFiles(t *testing.T, dir string, res *Results) {
	t.Helper()
	got := readResults(t, dir)
	if got.Outcome != res.Outcome || len(got.Targets) != len(res.Targets) {
		t.Fatalf("results.json outcome %q targets %d, want %q %d", got.Outcome, len(got.Targets), res.Outcome, len(res.Targets))
	}
	recs := testenv.Journal(t, filepath.Join(dir, JournalFile))
	if recs[0].Op != acl.OpRunStart || recs[len(recs)-1].Op != acl.OpRunEnd {
		t.Fatalf("journal starts with %s and ends with %s", recs[0].Op, recs[len(recs)-1].Op)
	}
	entries := 0
	for _, l := range res.Leftovers {
		if !l.LeaseTag() {
			entries++
		}
	}
	if p := acl.Pending(recs); len(p) != entries {
		t.Fatalf("journal pending %+v, leftovers %+v", p, res.Leftovers)
	}
}

// readResults reads the results.json a run wrote into dir.
func readResults(t *testing.T, dir string) Results {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	var got Results
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	return got
}

// loseLeaseWrite loses the answer of the first lease tag write whose
// value lose accepts (the tag is written, the caller sees a 5xx).
func loseLeaseWrite(lose func(value string) bool) func(string, any) error {
	done := false
	return func(_ string, in any) error {
		c, ok := in.(*ec2.CreateTagsInput)
		if !ok || done || len(c.Tags) != 1 || aws.ToString(c.Tags[0].Key) != acl.LeaseTag || !lose(aws.ToString(c.Tags[0].Value)) {
			return nil
		}
		done = true
		return acltest.ServerError
	}
}
