package report

import (
	"time"

	"github.com/aclprobe/aclprobe/run"
)

// Step is one row of the steps table: one window, the entries denied
// together in it and how long they were in place.
type Step struct {
	Index     int        `json:"index"`
	CIDRs     []string   `json:"cidrs"`
	Targets   []int      `json:"targets"`
	AppliedAt *time.Time `json:"applied_at,omitempty"`
	RemovedAt *time.Time `json:"removed_at,omitempty"`
	Seconds   *float64   `json:"seconds,omitempty"` // from applied to removed
	Outcome   string     `json:"outcome"`
	Symbol    string     `json:"symbol"`
	Broke     []string   `json:"broke,omitempty"`
}

// stepOutcomeSymbols mark each window outcome with a symbol as well as a
// word.
var stepOutcomeSymbols = map[string]string{run.StepClean: "✓", run.StepBroke: "✗", run.StepInconclusive: "?"}

// buildSteps lists the run's windows. It is empty for results written
// before steps existed.
func buildSteps(res *run.Results) []Step {
	out := make([]Step, 0, len(res.Steps))
	for i, s := range res.Steps {
		st := Step{Index: i + 1, CIDRs: s.CIDRs, Targets: s.Targets, AppliedAt: s.AppliedAt, RemovedAt: s.RemovedAt,
			Outcome: s.Outcome, Symbol: orDefault(stepOutcomeSymbols[s.Outcome], "?")}
		if s.AppliedAt != nil && s.RemovedAt != nil {
			d := s.RemovedAt.Sub(*s.AppliedAt).Seconds()
			st.Seconds = &d
		}
		for _, b := range s.BrokenBy {
			st.Broke = append(st.Broke, b.Kind+" "+b.Name)
		}
		out = append(out, st)
	}
	return out
}

// multiTargetSteps reports whether some window denied more than one target
// (group mode): then the report shows the steps table.
func multiTargetSteps(steps []Step) bool {
	for _, s := range steps {
		if len(s.Targets) > 1 || len(s.CIDRs) > 1 {
			return true
		}
	}
	return false
}
