package run

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aclprobe/aclprobe/plan"
)

// Group testing (strategy mode group): the targets of each of plan.Steps'
// groups are denied together. A clean window proves every target in it
// (no-impact, with the window as evidence). A window that breaks is split
// at plan.SplitAt and its parts denied in turn, using what earlier windows
// proved: when the first part is clean, the rest holds the break and is
// split without being denied whole. A target is only ever given a verdict
// by a window in which it was denied alone, or with targets that window
// proved clean; never by inference. plan.GroupWindows models this exact
// schedule for the preview's estimates.

// windowOutcome is what one group window showed.
type windowOutcome uint8

const (
	outClean windowOutcome = iota
	outBroke
	outInconclusive
)

// runGroups runs group mode: every target's result exists from the start
// (not tested until a window decides it), then each group is tested.
func (r *runner) runGroups(ctx context.Context) error {
	for _, s := range r.pf.steps {
		t := r.newTargetResult(s)
		t.Reason = "not tested: the run ended before a window decided this target"
		r.res.Targets = append(r.res.Targets, t)
	}
	var groups [][]int
	for i, s := range r.pf.steps {
		if i == 0 || r.pf.steps[i-1].Group != s.Group {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], i)
	}
	g := &grouper{r: r}
	for _, set := range groups {
		if err := g.test(ctx, set); err != nil {
			return err
		}
	}
	return nil
}

// grouper schedules the windows of group mode.
type grouper struct {
	r       *runner
	windows int
}

// test denies set; a quiet window proves it, a single target is decided
// by its window, a larger set that broke is searched, and one whose
// window was inconclusive is split and both parts tested.
func (g *grouper) test(ctx context.Context, set []int) error {
	out, err := g.window(ctx, set)
	if err != nil || out == outClean || len(set) == 1 {
		return err
	}
	a := plan.SplitAt(len(set))
	if out == outBroke {
		return g.search(ctx, set)
	}
	if err := g.test(ctx, set[:a]); err != nil {
		return err
	}
	return g.test(ctx, set[a:])
}

// search finds the breaking targets of set, known (from an earlier window)
// to hold at least one: it denies the first part; a clean first part
// means the rest holds the break, so the rest is searched without being
// denied whole (a single rest is denied alone, which decides it).
func (g *grouper) search(ctx context.Context, set []int) error {
	a := plan.SplitAt(len(set))
	left, right := set[:a], set[a:]
	out, err := g.window(ctx, left)
	if err != nil {
		return err
	}
	switch {
	case out == outClean && len(right) == 1:
		return g.test(ctx, right)
	case out == outClean:
		return g.search(ctx, right)
	case out == outBroke && len(left) > 1:
		if err := g.search(ctx, left); err != nil {
			return err
		}
	case out == outInconclusive && len(left) > 1:
		b := plan.SplitAt(len(left))
		if err := g.test(ctx, left[:b]); err != nil {
			return err
		}
		if err := g.test(ctx, left[b:]); err != nil {
			return err
		}
	}
	// What broke in left says nothing about right: test it afresh.
	return g.test(ctx, right)
}

// window denies the targets of set together (after the cooldown when a
// window came before) and gives every target in it its verdict when the
// window decides them: when it was clean, or when it held one target.
func (g *grouper) window(ctx context.Context, set []int) (windowOutcome, error) {
	r := g.r
	if g.windows > 0 && r.p.Timing.Cooldown.D() > 0 {
		if err := newObservation(r, &TargetResult{}, r.clock.Now()).cooldown(ctx); err != nil {
			return outInconclusive, err
		}
	}
	g.windows++
	steps := make([]plan.Step, 0, len(set))
	var cidrs, nums []string
	for _, i := range set {
		s := r.pf.steps[i]
		steps = append(steps, s)
		cidrs = append(cidrs, s.Target.MembersText())
		nums = append(nums, fmt.Sprint(i+1))
	}
	w := &TargetResult{CIDR: strings.Join(cidrs, " + "), Label: "window of targets " + strings.Join(nums, ", "),
		Verdict: VerdictInconclusive, BrokenBy: []Break{}, Timeline: []Sample{}, CouldDetect: r.pf.couldDetect()}
	log := r.log.With("window", g.windows, "targets", strings.Join(nums, ","), "cidrs", w.CIDR)
	err := r.runWindow(ctx, steps, w, log)
	if err != nil && r.needsUndo() {
		// Undo now, as finish would, so that a target this window decides
		// carries the removal of its entries.
		if uerr := r.undo(ctx, "run ending: "+endReason(ctx, err)); uerr != nil {
			err = errors.Join(err, uerr)
		}
	}
	r.syncStep()
	out := outInconclusive
	switch {
	case err != nil:
	case w.Verdict == VerdictNoImpact:
		out = outClean
	case w.Verdict == VerdictBroke:
		out = outBroke
	}
	for _, i := range set {
		switch {
		case len(set) == 1 || out == outClean:
			g.decide(i, set, w)
		case err != nil:
			r.res.Targets[i].Reason = fmt.Sprintf("not decided: window %d, in which it was denied with %d other target(s), ended early: %s",
				r.step+1, len(set)-1, w.Reason)
		}
	}
	log.Info("window", "outcome", r.stepOutcome(), "broken_by", breakNames(w.BrokenBy))
	return out, err
}

// decide gives target i the verdict and evidence of window w, in which
// it was denied with the other targets of set.
func (g *grouper) decide(i int, set []int, w *TargetResult) {
	r := g.r
	t := &r.res.Targets[i]
	t.Verdict, t.Reason, t.BrokenBy, t.CouldDetect = w.Verdict, w.Reason, w.BrokenBy, w.CouldDetect
	t.AppliedAt, t.RemovedAt, t.RecoveredAfter, t.WindowSeconds, t.Timeline = w.AppliedAt, w.RemovedAt, w.RecoveredAfter, w.WindowSeconds, w.Timeline
	t.Step, t.DeniedWith = r.step+1, nil
	for _, j := range set {
		if j != i {
			t.DeniedWith = append(t.DeniedWith, r.pf.steps[j].Target.Members()...)
		}
	}
	if t.Verdict == VerdictNoImpact && len(set) > 1 {
		t.Reason = fmt.Sprintf("nothing failed in window %d, in which it was denied together with %d other target(s)", t.Step, len(set)-1)
	}
	// The window has no path of its own: the target's says what it missed.
	if note := pathNote(t.Path); t.Verdict == VerdictNoImpact && note != "" {
		t.Reason = strings.TrimPrefix(t.Reason+"; "+note, "; ")
	}
	r.emitVerdict(i, t)
}

// stepOutcome is the current window's outcome, for the log.
func (r *runner) stepOutcome() string {
	if r.step < 0 {
		return "not started"
	}
	return r.res.Steps[r.step].Outcome
}
