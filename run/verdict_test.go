package run

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/plan"
)

func detectNames(ds []Detect) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.Kind+" "+d.Name)
	}
	return out
}

// A quiet window is no-impact only when a watched check could have failed
// within it; the results say which could, per target.
func TestRunVerdictHonesty(t *testing.T) {
	inc, no, br := VerdictInconclusive, VerdictNoImpact, VerdictBroke
	slowAlarms := func(w *world) {
		for _, n := range []string{"kinesis-errors", "payments-errors"} {
			if err := w.cw.SetAlarmTiming(n, 300, 3, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	cases := []runCase{
		{name: "quiet windows list the alarms that could have seen a break", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.simulate(kinesis)
		}, outcome: OutcomeCompleted, verdicts: []string{br, no, no}, check: func(t *testing.T, res *Results) {
			for _, tr := range res.Targets {
				if got := detectNames(tr.CouldDetect); !reflect.DeepEqual(got, []string{"alarm kinesis-errors", "alarm payments-errors"}) || tr.CouldDetect[0].Needs != 10 {
					t.Fatalf("%s could_detect %+v", tr.CIDR, tr.CouldDetect)
				}
			}
		}},
		{name: "15-minute alarms and a 10s window: quiet targets are inconclusive", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			slowAlarms(w)
			w.simulate(kinesis) // the alarm moves at once here: a failure is still a break
		}, outcome: OutcomeCompleted, verdicts: []string{br, inc, inc}, check: func(t *testing.T, res *Results) {
			want := "window 10s is shorter than the 15m alarm kinesis-errors needs (period 5m x 3 datapoints)"
			for _, tr := range res.Targets[1:] {
				if !strings.Contains(tr.Reason, want) || !strings.Contains(tr.Reason, "a window of 15m would be enough") || len(tr.CouldDetect) != 0 {
					t.Fatalf("%s: reason %q could_detect %+v", tr.CIDR, tr.Reason, tr.CouldDetect)
				}
			}
			if !hasWarning(res.Checks, checkDetection) {
				t.Fatalf("checks %+v: want the detection warning", res.Checks)
			}
		}},
		{name: "a probe covers what the slow alarms cannot", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			slowAlarms(w)
			w.withProbe("api", kinesis.cidr)
			w.plan.Watch.Probes[0].Interval, w.plan.Watch.Probes[0].FailureThreshold = plan.Duration(2*time.Second), 2
		}, outcome: OutcomeCompleted, verdicts: []string{br, no, no}, brokenBy: [][]string{{"probe api"}, {}, {}}, check: func(t *testing.T, res *Results) {
			if got := detectNames(res.Targets[2].CouldDetect); !reflect.DeepEqual(got, []string{"probe api"}) || res.Targets[2].CouldDetect[0].Needs != 4 {
				t.Fatalf("could_detect %+v, want probe api (4s)", res.Targets[2].CouldDetect)
			}
		}},
		{name: "partial path: no-impact names the sources that were not denied", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.plan.Targets[2].Evidence = &plan.Evidence{Flows: 5, Sources: []string{"10.0.1.5", "10.0.9.9"}}
		}, outcome: OutcomeCompleted, verdicts: []string{no, no, no}, check: func(t *testing.T, res *Results) {
			tr := res.Targets[2]
			if !strings.Contains(tr.Reason, "only 1 of 2 observed sources are in the ACL's subnets (not covered: 10.0.9.9)") {
				t.Fatalf("reason %q", tr.Reason)
			}
			want := &PathResult{Sources: []string{"10.0.1.5", "10.0.9.9"}, Covered: []string{"10.0.1.5 (subnet-a)"}, Uncovered: []string{"10.0.9.9"}}
			if !reflect.DeepEqual(tr.Path, want) || res.Targets[0].Path != nil {
				t.Fatalf("path %+v, want %+v (and none without evidence)", tr.Path, want)
			}
		}},
		{name: "target observed only from outside the acl's subnets is refused, nothing changed", setup: func(t *testing.T, w *world, _ context.CancelFunc, _ *Options) {
			w.plan.Targets[1].Evidence = &plan.Evidence{Flows: 5, Sources: []string{"10.0.9.9"}}
		}, wantErr: ErrPreflight, outcome: OutcomeFailed, verdicts: []string{inc, inc, inc}, reason: "path: observed sources in the acl's subnets"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runCaseTest(t, tc) })
	}
}

func hasWarning(checks []Check, name string) bool {
	for _, c := range checks {
		if c.Name == name && c.OK && c.Warning {
			return true
		}
	}
	return false
}
