package report

import (
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/run"
)

// target is a tested target sampled every 10 s from start to end seconds
// (alarm "a"), denied from applied to removed.
func target(cidr string, start, end, applied, removed float64) run.TargetResult {
	a, r := at(applied), at(removed)
	var ss []run.Sample
	for s := start; s <= end; s += 10 {
		ss = append(ss, alarm(s, "a", "OK"))
	}
	return run.TargetResult{CIDR: cidr, Verdict: run.VerdictNoImpact, AppliedAt: &a, RemovedAt: &r, Timeline: ss}
}

// TestChartsShareOneAxis: targets with different baselines, windows and
// recoveries are drawn on one axis counted from each deny, so the same
// time after the deny is the same x in every chart.
func TestChartsShareOneAxis(t *testing.T) {
	rep := Build(&Input{Results: &run.Results{
		Watched: run.Watched{Alarms: []string{"a"}},
		Targets: []run.TargetResult{
			target("192.0.2.1/32", 0, 100, 20, 80),                                             // 20 s before the deny, 90 s after
			target("192.0.2.2/32", 1000, 1300, 1010, 1250),                                     // 10 s before, 300 s after
			{CIDR: "192.0.2.3/32", Verdict: run.VerdictInconclusive, Timeline: []run.Sample{}}, // not tested: no bearing on the axis
		},
	}})
	// The second target's last sample (+290 s) holds for one poll: +300 s.
	if rep.ChartAxis == nil || *rep.ChartAxis != (Axis{From: -20, To: 300}) {
		t.Fatalf("chart axis = %+v, want from -20s to +300s", rep.ChartAxis)
	}
	if got, want := rep.ChartAxis.String(), "from 20s before to 5m00s after each deny"; got != want {
		t.Errorf("axis text = %q, want %q", got, want)
	}
	c1, c2 := rep.Timelines[0].Chart(), rep.Timelines[1].Chart()
	if c1.Deny == nil || c2.Deny == nil || c1.Deny.X != c2.Deny.X {
		t.Fatalf("deny starts at x %v and %v, want the same x", c1.Deny, c2.Deny)
	}
	if c1.Deny.W >= c2.Deny.W {
		t.Errorf("a 60 s window is %.1f wide and a 240 s window %.1f: the scale differs", c1.Deny.W, c2.Deny.W)
	}
	if ratio := c2.Deny.W / c1.Deny.W; ratio < 3.99 || ratio > 4.01 {
		t.Errorf("window widths %.1f and %.1f, want the ratio of 240 s to 60 s (4), got %.3f", c1.Deny.W, c2.Deny.W, ratio)
	}
	if len(c1.Ticks) != len(c2.Ticks) {
		t.Fatalf("charts have %d and %d ticks, want the same axis", len(c1.Ticks), len(c2.Ticks))
	}
	for i := range c1.Ticks {
		if c1.Ticks[i] != c2.Ticks[i] {
			t.Errorf("tick %d: %+v and %+v, want the same", i, c1.Ticks[i], c2.Ticks[i])
		}
	}
	if c1.Ticks[0].Label != "0s" && !strings.HasPrefix(c1.Ticks[0].Label, "-") {
		t.Errorf("first tick %q, want one at or before the deny", c1.Ticks[0].Label)
	}
}

// TestAxisTicks: ticks fall on whole steps from the deny, inside the axis.
func TestAxisTicks(t *testing.T) {
	tests := []struct {
		name string
		ax   Axis
		want string
	}{
		{"minutes around the deny", Axis{From: -18, To: 182}, "0s +30s +1m00s +1m30s +2m00s +2m30s +3m00s"},
		{"short, with a tick before the deny", Axis{From: -20, To: 60}, "-20s -10s 0s +10s +20s +30s +40s +50s +1m00s"},
		{"starting after the deny", Axis{From: 10, To: 40}, "+10s +15s +20s +25s +30s +35s +40s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var labels []string
			for _, tk := range tc.ax.ticks(func(off float64) float64 { return off }) {
				if tk.X < tc.ax.From || tk.X > tc.ax.To {
					t.Errorf("tick %s at offset %v is outside the axis", tk.Label, tk.X)
				}
				labels = append(labels, tk.Label)
			}
			if got := strings.Join(labels, " "); got != tc.want {
				t.Errorf("ticks %q, want %q", got, tc.want)
			}
		})
	}
}
