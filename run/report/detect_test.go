package report

import (
	"reflect"
	"testing"

	"github.com/aclprobe/aclprobe/run"
)

// A no-impact finding lists the checks that could have seen a break; an
// older results.json without could_detect says so rather than nothing.
func TestFindingCouldDetect(t *testing.T) {
	tests := []struct {
		name        string
		t           run.TargetResult
		want        []string
		notRecorded bool
	}{
		{name: "no-impact with checks", t: run.TargetResult{Verdict: run.VerdictNoImpact, CouldDetect: []run.Detect{
			{Kind: "alarm", Name: "x", Needs: 10}, {Kind: "probe", Name: "api", Needs: 90},
		}}, want: []string{"alarm x (10s)", "probe api (1m30s)"}},
		{name: "older results: not recorded", t: run.TargetResult{Verdict: run.VerdictNoImpact}, notRecorded: true},
		{name: "broke: not listed", t: run.TargetResult{Verdict: run.VerdictBroke, CouldDetect: []run.Detect{{Kind: "alarm", Name: "x", Needs: 10}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := finding(1, tc.t)
			if !reflect.DeepEqual(f.CouldDetect, tc.want) || f.DetectUnknown != tc.notRecorded {
				t.Fatalf("could_detect %q not recorded %v, want %q %v", f.CouldDetect, f.DetectUnknown, tc.want, tc.notRecorded)
			}
		})
	}
}
