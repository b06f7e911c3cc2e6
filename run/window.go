package run

import (
	"strings"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/plan"
)

// A window is one stretch of time in which a set of deny entries is in
// place together: one target's entries (sequential mode, a service target
// has several), or a group's (group mode). Every safety rule holds per
// entry: each is journaled before it is made, recorded on the lease,
// confirmed, and undone by identity on every exit path.

// beginWindow makes the entries of steps the current window (nothing
// journaled yet) and t the result that records it.
func (r *runner) beginWindow(steps []plan.Step, t *TargetResult) {
	r.win, r.winTargets = r.win[:0], r.winTargets[:0]
	for _, s := range steps {
		r.winTargets = append(r.winTargets, s.Index+1)
		for _, e := range s.All() {
			r.win = append(r.win, placed{Entry: acl.Entry{ACL: r.res.ACL, Entry: e}, state: statePending})
		}
	}
	r.cur, r.step = t, -1
}

// entries are the current window's entries.
func (r *runner) entries() []acl.Entry {
	out := make([]acl.Entry, 0, len(r.win))
	for _, p := range r.win {
		out = append(out, p.Entry)
	}
	return out
}

// entriesText describes the window's entries for people, as the preview
// prints them, separated by commas.
func (r *runner) entriesText() string {
	out := make([]string, 0, len(r.win))
	for _, p := range r.win {
		out = append(out, p.String())
	}
	return strings.Join(out, ", ")
}

func (r *runner) ruleNumbers() []int {
	out := make([]int, 0, len(r.win))
	for _, p := range r.win {
		out = append(out, p.RuleNumber)
	}
	return out
}

// needsUndo reports whether an entry of the window may be on the ACL with
// no undo attempted yet.
func (r *runner) needsUndo() bool {
	for _, p := range r.win {
		if p.state.needsUndo() {
			return true
		}
	}
	return false
}

// openStep appends the current window to res.Steps: from its first
// journal record on, it is a step of the run.
func (r *runner) openStep() {
	cidrs := make([]string, 0, len(r.win))
	for _, p := range r.win {
		cidrs = append(cidrs, p.CIDR)
	}
	r.res.Steps = append(r.res.Steps, StepResult{CIDRs: cidrs, Targets: append([]int{}, r.winTargets...), Outcome: VerdictInconclusive, BrokenBy: []Break{}})
	r.step = len(r.res.Steps) - 1
}

// syncStep copies what the window's result says into its step: times,
// what broke and the outcome (clean, broke or inconclusive).
func (r *runner) syncStep() {
	if r.step < 0 || r.cur == nil {
		return
	}
	s, t := &r.res.Steps[r.step], r.cur
	s.AppliedAt, s.RemovedAt, s.BrokenBy, s.Reason = t.AppliedAt, t.RemovedAt, t.BrokenBy, t.Reason
	switch {
	case len(t.BrokenBy) > 0:
		s.Outcome = StepBroke
	case t.Verdict == VerdictNoImpact:
		s.Outcome = StepClean
	default:
		s.Outcome = StepInconclusive
	}
}

// Members are the target's CIDRs for humans: its CIDR, or a service
// target's CIDRs joined with " + ".
func (t TargetResult) Members() string {
	if len(t.CIDRs) > 0 {
		return strings.Join(t.CIDRs, " + ")
	}
	return t.CIDR
}
