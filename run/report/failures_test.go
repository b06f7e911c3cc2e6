package report

import (
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/run"
)

// TestFindingFailures: every break becomes a Failure with run's reason;
// the table's short form cuts a long reason, keeps a short one whole and
// is just the item when no reason was recorded (results.json from before
// Break.Detail).
func TestFindingFailures(t *testing.T) {
	long := "alarm in ALARM: Threshold Crossed: " + strings.Repeat("1 datapoint [12.0] was greater than 5.0, ", 8)
	tests := []struct {
		name   string
		detail string
		short  string
	}{
		{name: "probe status", detail: "http probe failed 2 times in a row: status 500 Internal Server Error, want 200; latency 31ms",
			short: "probe api-health: http probe failed 2 times in a row: status 500 Internal Server Error, want 200; latency 31ms"},
		{name: "long alarm reason cut", detail: long, short: "probe api-health: " + string([]rune(long)[:cellDetailRunes-1]) + "…"},
		{name: "no reason recorded", detail: "", short: "probe api-health"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := finding(1, run.TargetResult{Verdict: run.VerdictBroke, BrokenBy: []run.Break{
				{Kind: "probe", Name: "api-health", DetectedAfter: 15, Detail: tc.detail},
			}})
			if len(f.Failures) != 1 {
				t.Fatalf("got %d failures, want 1", len(f.Failures))
			}
			got := f.Failures[0]
			if got.Item != "probe api-health" || got.Detail != tc.detail || got.After != 15 {
				t.Errorf("failure = %+v, want probe api-health after 15s with the full reason", got)
			}
			if s := got.Short(); s != tc.short {
				t.Errorf("Short() = %q, want %q", s, tc.short)
			}
		})
	}
}
