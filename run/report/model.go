package report

import (
	"fmt"
	"sort"
	"time"

	"github.com/aclprobe/aclprobe/run"
)

// Report is the computed content of a report, shared by every format (and
// written as-is by the json format).
type Report struct {
	RunID           string           `json:"run_id"`
	Plan            run.PlanRef      `json:"plan"`
	Account         string           `json:"account"`
	Region          string           `json:"region"`
	ACL             string           `json:"acl"`
	Direction       string           `json:"direction"`
	StartedAt       time.Time        `json:"started_at"`
	EndedAt         time.Time        `json:"ended_at"`
	DurationSeconds float64          `json:"duration_seconds"`
	Outcome         string           `json:"outcome"`
	Reason          string           `json:"reason,omitempty"`
	Banner          *Banner          `json:"banner,omitempty"`
	Counts          []Count          `json:"counts"`
	Leftovers       []run.Leftover   `json:"leftovers"`
	Watched         run.Watched      `json:"watched"`
	Findings        []Finding        `json:"findings"`
	Timelines       []Timeline       `json:"timelines"`
	Steps           []Step           `json:"steps"`                // every window, in order
	ShowSteps       bool             `json:"-"`                    // some window denied several entries: the table is worth showing
	ChartAxis       *Axis            `json:"chart_axis,omitempty"` // the time scale every chart shares
	Recommendations []Recommendation `json:"recommendations"`
	Compare         *Compare         `json:"compare,omitempty"` // report --compare: before and after the change
	Journal         JournalSummary   `json:"journal"`
	Warnings        []string         `json:"warnings,omitempty"`
}

// Banner is the loud notice at the top of a run that did not complete
// cleanly, or that left changes behind.
type Banner struct {
	Title string   `json:"title"`
	Lines []string `json:"lines"`
}

// Count is how many targets got one verdict.
type Count struct {
	Verdict string `json:"verdict"`
	Symbol  string `json:"symbol"`
	N       int    `json:"n"`
}

// Finding is one row of the findings table: one target.
type Finding struct {
	Index         int      `json:"index"`
	CIDR          string   `json:"cidr"`              // a service target's members joined with " + "
	Members       []string `json:"members,omitempty"` // a service target's CIDRs
	Step          int      `json:"step,omitempty"`    // the window that decided the verdict
	DeniedWith    []string `json:"denied_with,omitempty"`
	Label         string   `json:"label,omitempty"`
	Service       string   `json:"service,omitempty"`
	ServiceSource string   `json:"service_source,omitempty"`
	HasEvidence   bool     `json:"has_evidence"`
	Flows         int64    `json:"flows"`
	Bytes         int64    `json:"bytes"`
	TopSources    []string `json:"top_sources,omitempty"`
	Ports         []string `json:"ports,omitempty"`
	Verdict       string   `json:"verdict"`
	Symbol        string   `json:"symbol"`
	Reason        string   `json:"reason,omitempty"`
	Broke         []string `json:"broke,omitempty"` // "alarm checkout-5xx"
	// Failures say why each item in Broke failed, first to fail first.
	Failures []Failure `json:"failures,omitempty"`
	// CouldDetect, for a no-impact target, are the checks that could
	// have failed within its window ("alarm x (10s)"); NotRecorded says
	// that results.json predates the field.
	CouldDetect   []string   `json:"could_detect,omitempty"`
	DetectUnknown bool       `json:"could_detect_not_recorded,omitempty"`
	FirstFailure  *float64   `json:"first_failure_after,omitempty"`
	Recovery      *float64   `json:"recovered_after,omitempty"`
	RuleNumber    int        `json:"rule_number,omitempty"`
	AppliedAt     *time.Time `json:"applied_at,omitempty"`
	RemovedAt     *time.Time `json:"removed_at,omitempty"`
}

// Failure is one watched item that failed while its target was denied,
// with the reason run recorded (run.Break.Detail).
type Failure struct {
	Item   string  `json:"item"`             // "probe api-health"
	Detail string  `json:"detail,omitempty"` // "http probe failed 2 times in a row: status 500 ..."
	After  float64 `json:"after"`            // seconds from the deny to the first failure
}

// Short is the failure for a table cell: the item and its reason cut to
// cellDetailRunes ("probe api-health: http probe failed ... status 500 ...").
func (f Failure) Short() string {
	if f.Detail == "" {
		return f.Item
	}
	return f.Item + ": " + f.ShortDetail()
}

// ShortDetail is the reason cut to cellDetailRunes.
func (f Failure) ShortDetail() string { return truncate(f.Detail, cellDetailRunes) }

// cellDetailRunes bounds a failure's reason in the findings table; the
// timeline section below the table has it in full.
const cellDetailRunes = 100

// verdictSymbols pair every verdict with a symbol so that colour is never
// the only signal.
var verdictSymbols = map[string]string{
	run.VerdictBroke:        "✗",
	run.VerdictInconclusive: "?",
	run.VerdictNoImpact:     "✓",
}

// verdictOrder is the order of the counts: what needs attention first.
var verdictOrder = []string{run.VerdictBroke, run.VerdictInconclusive, run.VerdictNoImpact}

func symbolFor(verdict string) string {
	if s, ok := verdictSymbols[verdict]; ok {
		return s
	}
	return "?"
}

// Build computes the report from its input.
func Build(in *Input) *Report {
	res := in.Results
	rep := &Report{
		RunID: res.RunID, Plan: res.Plan, Account: res.Account, Region: res.Region,
		ACL: res.ACL, Direction: res.Direction, StartedAt: res.StartedAt, EndedAt: res.EndedAt,
		Outcome: res.Outcome, Reason: res.Reason, Leftovers: res.Leftovers, Watched: res.Watched,
		Warnings: in.Warnings,
	}
	if rep.Leftovers == nil {
		rep.Leftovers = []run.Leftover{}
	}
	if !res.EndedAt.IsZero() && res.EndedAt.After(res.StartedAt) {
		rep.DurationSeconds = res.EndedAt.Sub(res.StartedAt).Seconds()
	}
	rep.Banner = banner(res)
	rep.Counts = counts(res.Targets)
	rep.Findings = make([]Finding, 0, len(res.Targets))
	rep.Timelines = make([]Timeline, 0, len(res.Targets))
	for i, t := range res.Targets {
		f := finding(i+1, t)
		tl := buildTimeline(i+1, t, res.Watched)
		tl.failures = f.Failures
		rep.Findings = append(rep.Findings, f)
		rep.Timelines = append(rep.Timelines, tl)
	}
	if ax, ok := SharedAxis(rep.Timelines); ok {
		rep.ChartAxis = &ax
		for i := range rep.Timelines {
			rep.Timelines[i].shared = rep.ChartAxis
		}
	}
	rep.Steps = buildSteps(res)
	rep.ShowSteps = multiTargetSteps(rep.Steps)
	rep.Recommendations = Recommend(res)
	rep.Compare = in.Compare
	rep.Journal = summarizeJournal(in.Journal, in.JournalFound)
	return rep
}

func banner(res *run.Results) *Banner {
	var b *Banner
	switch res.Outcome {
	case run.OutcomeCompleted:
	case run.OutcomeStopped:
		b = &Banner{Title: "Run STOPPED early: not every target was tested"}
	case run.OutcomeInterrupted:
		b = &Banner{Title: "Run INTERRUPTED: not every target was tested"}
	case run.OutcomeFailed:
		b = &Banner{Title: "Run FAILED: results are partial"}
	default:
		b = &Banner{Title: "Run outcome unknown (" + res.Outcome + "): results may be partial"}
	}
	if b != nil {
		b.Lines = []string{"Reason: " + orDefault(res.Reason, "none recorded") + "."}
	}
	if len(res.Leftovers) > 0 {
		lines := []string{"Remove them now with the commands under “Left undone”, or run aclprobe recover."}
		if b != nil {
			lines = append(lines, b.Title+". "+b.Lines[0])
		}
		b = &Banner{Title: "CHANGES LEFT IN PLACE: " + leftoverSummary(res.Leftovers) + " still on the ACL", Lines: lines}
	}
	return b
}

// leftoverSummary counts what a run left in place, with its verb: "1
// deny entry is", "the lease tag is", "2 deny entries and the lease tag
// are".
func leftoverSummary(ls []run.Leftover) string {
	noun, many := leftoverNoun(ls)
	if many {
		return noun + " are"
	}
	return noun + " is"
}

// leftoverNoun counts what a run left in place ("1 deny entry", "the
// lease tag", "2 deny entries and the lease tag"); many is whether the
// noun is plural.
func leftoverNoun(ls []run.Leftover) (noun string, many bool) {
	entries, lease := 0, false
	for _, l := range ls {
		if l.LeaseTag() {
			lease = true
		} else {
			entries++
		}
	}
	switch {
	case entries == 0:
		return "the lease tag", false
	case !lease:
		return plural(entries, "deny entry", "deny entries"), entries > 1
	}
	return plural(entries, "deny entry", "deny entries") + " and the lease tag", true
}

// leaseLeft reports whether the run left its lease tag on the ACL.
func leaseLeft(ls []run.Leftover) bool {
	for _, l := range ls {
		if l.LeaseTag() {
			return true
		}
	}
	return false
}
func counts(targets []run.TargetResult) []Count {
	n := map[string]int{}
	for _, t := range targets {
		n[t.Verdict]++
	}
	var out []Count
	for _, v := range verdictOrder {
		out = append(out, Count{Verdict: v, Symbol: symbolFor(v), N: n[v]})
		delete(n, v)
	}
	var other []string
	for v := range n {
		other = append(other, v)
	}
	sort.Strings(other)
	for _, v := range other {
		out = append(out, Count{Verdict: orDefault(v, "(none)"), Symbol: "?", N: n[v]})
	}
	return out
}

func finding(i int, t run.TargetResult) Finding {
	f := Finding{
		Index: i, CIDR: t.Members(), Members: t.CIDRs, Step: t.Step, DeniedWith: t.DeniedWith, Label: t.Label, Verdict: t.Verdict, Symbol: symbolFor(t.Verdict),
		Reason: t.Reason, Recovery: t.RecoveredAfter, RuleNumber: t.RuleNumber,
		AppliedAt: t.AppliedAt, RemovedAt: t.RemovedAt,
	}
	if e := t.Evidence; e != nil {
		f.HasEvidence = true
		f.Service, f.ServiceSource = e.Service, e.ServiceSource
		f.Flows, f.Bytes, f.TopSources, f.Ports = e.Flows, e.Bytes, e.TopSources, e.Ports
	}
	if t.Verdict == run.VerdictNoImpact {
		f.DetectUnknown = t.CouldDetect == nil
		for _, d := range t.CouldDetect {
			f.CouldDetect = append(f.CouldDetect, fmt.Sprintf("%s %s (%s)", d.Kind, d.Name, fmtSeconds(d.Needs)))
		}
	}
	for _, b := range t.BrokenBy {
		f.Broke = append(f.Broke, b.Kind+" "+b.Name)
		f.Failures = append(f.Failures, Failure{Item: b.Kind + " " + b.Name, Detail: b.Detail, After: b.DetectedAfter})
		if f.FirstFailure == nil || b.DetectedAfter < *f.FirstFailure {
			d := b.DetectedAfter
			f.FirstFailure = &d
		}
	}
	// First to fail first, as run records BrokenBy (older files may not).
	sort.SliceStable(f.Failures, func(a, b int) bool { return f.Failures[a].After < f.Failures[b].After })
	return f
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
