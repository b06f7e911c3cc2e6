package run

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/probe"
)

// observation follows one target from the deny to its recovery.
type observation struct {
	r       *runner
	t       *TargetResult
	applied time.Time
	last    map[string]string // kind/name -> last recorded state, for transitions
	inPhase map[string]bool   // phase/kind/name recorded at least once
	late    map[string]bool   // failing only after the entry was removed
	missed  string            // an observation the end of the window cut off (why)
	// observedAt is when the window's last complete observation (poll and
	// drift check) ended; zero before the first.
	observedAt time.Time
}

func newObservation(r *runner, t *TargetResult, applied time.Time) *observation {
	o := &observation{r: r, t: t, applied: applied, last: map[string]string{}, inPhase: map[string]bool{}, late: map[string]bool{}}
	for _, s := range t.Timeline {
		o.last[s.Kind+"/"+s.Name] = stateKey(s.OK, s.State)
	}
	return o
}

func stateKey(ok bool, state string) string { return fmt.Sprintf("%v/%s", ok, state) }

// record adds a poll to the timeline: every probe sample, and alarm
// samples when their state changes or first in each phase (so the
// timeline shows what was watched in the window even when nothing
// moved); transitions are logged.
func (o *observation) record(h health, phase string, log *slog.Logger) {
	for _, s := range h.all {
		key, st := s.Kind+"/"+s.Name, stateKey(s.OK, s.State)
		prev, seen := o.last[key]
		changed := !seen || prev != st
		first := !o.inPhase[phase+"/"+key]
		o.inPhase[phase+"/"+key] = true
		if s.Kind == probe.KindAlarm && !changed && !first {
			continue
		}
		o.last[key] = st
		o.t.Timeline = append(o.t.Timeline, h.convert([]probe.Sample{s}, phase)...)
		if changed && seen {
			log.Info("transition", "phase", phase, "kind", s.Kind, "name", s.Name, "ok", s.OK, "state", s.State,
				"after_deny", s.At.Sub(o.applied).Round(100*time.Millisecond))
			o.emitTransition(s, phase)
		}
	}
}

// noteBreaks records watched items failing while the entry is in place.
func (o *observation) noteBreaks(fs []probe.Failure) {
	for _, f := range fs {
		known := false
		for _, b := range o.t.BrokenBy {
			if b.Kind == f.Kind && b.Name == f.Name {
				known = true
			}
		}
		if known {
			continue
		}
		at := f.Since.UTC()
		if at.Before(o.applied) {
			at = o.applied
		}
		o.t.BrokenBy = append(o.t.BrokenBy, Break{Kind: f.Kind, Name: f.Name, FirstFailureAt: at,
			DetectedAfter: secondsSince(o.applied, at), Detail: f.Detail})
	}
	sort.SliceStable(o.t.BrokenBy, func(i, j int) bool { return o.t.BrokenBy[i].FirstFailureAt.Before(o.t.BrokenBy[j].FirstFailureAt) })
}

// window polls right after the deny and then every poll interval until
// the window ends, recording everything, noting breaks, and stopping on
// a stop alarm, drift, interruption, max_duration or unknown health.
// Every observation is bounded by the end of the window, so the undo
// never waits for a slow or unanswering API: an observation cut off by
// the end is missing evidence (see verdict), not a reason to keep the
// entry in place.
func (o *observation) window(ctx context.Context, log *slog.Logger) error {
	r := o.r
	o.t.WindowSeconds = r.p.Timing.Window.D().Seconds()
	end := o.applied.Add(r.p.Timing.Window.D())
	if !r.clock.Now().Before(end) {
		o.missed = "the window ended before the entry was seen in place, so nothing was observed during it"
	}
	for r.clock.Now().Before(end) {
		if cut, err := o.observe(ctx, end, log); cut || err != nil {
			return err
		}
		if r.p.Strategy.EndOnBreak() && len(o.t.BrokenBy) > 0 {
			log.Info("failure confirmed: ending the window early (end_window_on_break)", "broken_by", breakNames(o.t.BrokenBy))
			return nil
		}
		if _, err := r.waitPoll(ctx, end); err != nil {
			return err
		}
	}
	return nil
}

// observe is one poll of the window and its drift check, both within
// the window's end. cut reports that the end cut an observation off.
func (o *observation) observe(ctx context.Context, end time.Time, log *slog.Logger) (cut bool, err error) {
	r := o.r
	wctx, cancel := r.clock.WithDeadline(ctx, end)
	defer cancel()
	h, err := r.poll(wctx)
	o.record(h, "window", log)
	if o.cutOff(ctx, wctx, end, err, log) {
		o.noteBreaks(h.failing) // what was read before the end is evidence all the same
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("health unknown: %w", err)
	}
	o.noteBreaks(h.failing)
	if h.stopAlarm != "" {
		return false, stopf("stop alarm %s in ALARM", h.stopAlarm)
	}
	snap, err := acl.Describe(wctx, r.d.EC2, r.res.ACL)
	if o.cutOff(ctx, wctx, end, err, log) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if err := r.checkDrift(snap); err != nil {
		return false, err
	}
	o.observedAt = r.clock.Now()
	log.Info("window", "left", end.Sub(r.clock.Now()).Round(time.Second), "failing", len(h.failing), "broken_by", breakNames(o.t.BrokenBy))
	r.emitStatus(h, "window", end)
	return false, nil
}

// cutOff reports whether err comes from the end of the window (wctx)
// rather than an interruption (ctx) or the API. The cut-off observation
// is missing evidence unless the window was observed until at most two
// poll intervals before its end: the usual spacing of the polls, whose
// tail the first recovery poll, right after the removal, covers (a
// failure it sees makes the verdict inconclusive, never no-impact).
func (o *observation) cutOff(ctx, wctx context.Context, end time.Time, err error, log *slog.Logger) bool {
	if err == nil || ctx.Err() != nil || wctx.Err() == nil {
		return false
	}
	if gap := end.Sub(o.observedAt); !o.observedAt.IsZero() && gap <= 2*o.r.p.Timing.PollInterval.D() {
		log.Info("observation cut off by the end of the window: undoing on time; the window was observed until "+gap.Round(time.Millisecond).String()+" before its end", "error", err)
		return true
	}
	o.missed = "the window's last observation was cut off by its end (" + err.Error() + "), so the end of the window is unobserved"
	log.Warn("observation cut off by the end of the window: undoing on time", "error", err)
	return true
}

// recovery waits, after the entry is removed, until everything watched
// is healthy again, up to recovery_timeout. Not recovering stops the run:
// a second outage is never stacked on an unexplained one.
func (o *observation) recovery(ctx context.Context, log *slog.Logger) error {
	r := o.r
	removed := *o.t.RemovedAt
	end := removed.Add(r.p.Timing.RecoveryTimeout.D())
	for {
		h, err := r.poll(ctx)
		o.record(h, "recovery", log)
		r.emitStatus(h, "recovery", time.Time{})
		if err != nil {
			o.t.Reason = "health unknown during recovery: " + err.Error()
			return fmt.Errorf("health unknown: %w", err)
		}
		for _, f := range h.failing {
			if !o.broke(f.Kind, f.Name) {
				o.late[f.Kind+" "+f.Name] = true
			}
		}
		if h.stopAlarm != "" {
			o.t.Reason = "stop alarm " + h.stopAlarm + " in ALARM during recovery"
			return stopf("stop alarm %s in ALARM", h.stopAlarm)
		}
		now := r.clock.Now()
		if r.healthy(h) {
			ra := secondsSince(removed, now)
			o.t.RecoveredAfter = &ra
			return nil
		}
		if !now.Before(end) {
			o.t.Reason = fmt.Sprintf("did not recover within recovery_timeout %s after the entry was removed; still failing: %s",
				r.p.Timing.RecoveryTimeout.D(), failureNames(h.failing))
			log.Error("NOT RECOVERED: stopping the run so that no second outage is stacked on this one", "still_failing", failureNames(h.failing))
			return stopf("target %s did not recover within %s", o.t.Members(), r.p.Timing.RecoveryTimeout.D())
		}
		if err := r.checkTime(ctx); err != nil {
			o.t.Reason = "stopped during recovery: " + err.Error()
			return err
		}
		if err := r.clock.Sleep(ctx, min(r.p.Timing.PollInterval.D(), end.Sub(now))); err != nil {
			o.t.Reason = "interrupted during recovery"
			return err
		}
	}
}

func (o *observation) broke(kind, name string) bool {
	for _, b := range o.t.BrokenBy {
		if b.Kind == kind && b.Name == name {
			return true
		}
	}
	return false
}

// verdict decides a target that completed its window and recovered:
// broke when a watched check failed in the window; otherwise inconclusive
// when something failed only after the removal, when the window's last
// observation was cut off (the end of the window went unobserved), or when
// no watched check could have failed within the window; else no-impact.
func (o *observation) verdict() {
	switch {
	case len(o.t.BrokenBy) > 0:
		o.t.Verdict = VerdictBroke
		o.t.Reason = o.missed
	case o.missed != "":
		o.t.Verdict = VerdictInconclusive
		o.t.Reason = "nothing was seen failing, but " + o.missed
	case len(o.late) > 0:
		o.t.Verdict = VerdictInconclusive
		o.t.Reason = "nothing failed during the window, but " + joinKeys(o.late) + " failed only after the entry was removed (alarm lag? lengthen the window)"
	case len(o.t.CouldDetect) == 0:
		// A quiet window means something only if a watched check could
		// have failed within it.
		o.t.Verdict = VerdictInconclusive
		o.t.Reason = "nothing failed, but no watched check could have failed within the window: " + o.r.pf.detect.Reason()
	default:
		o.t.Verdict = VerdictNoImpact
		o.t.Reason = pathNote(o.t.Path)
	}
}

// pathNote says, for a no-impact target, which of its observed sources
// are outside the ACL's subnets (their traffic was not denied); "" when
// all are covered or nothing is known.
func pathNote(pa *PathResult) string {
	if pa == nil || len(pa.Uncovered) == 0 {
		return ""
	}
	return fmt.Sprintf("only %d of %d observed sources are in the ACL's subnets (not covered: %s): their traffic was not denied",
		len(pa.Covered), len(pa.Sources), strings.Join(pa.Uncovered, ", "))
}

// waitPoll is one step of a watched wait that ends at end: done when end
// has passed; otherwise it checks max_duration and sleeps until the next
// poll (never past end or the run's deadline).
func (r *runner) waitPoll(ctx context.Context, end time.Time) (done bool, err error) {
	now := r.clock.Now()
	if !now.Before(end) {
		return true, nil
	}
	if err := r.checkTime(ctx); err != nil {
		return false, err
	}
	return false, r.clock.Sleep(ctx, min(r.p.Timing.PollInterval.D(), end.Sub(now), max(r.deadline.Sub(now), 0)))
}

// cooldown waits between targets, still watching the stop alarms.
func (o *observation) cooldown(ctx context.Context) error {
	r := o.r
	end := r.clock.Now().Add(r.p.Timing.Cooldown.D())
	for {
		if done, err := r.waitPoll(ctx, end); done || err != nil {
			return err
		}
		h, err := r.poll(ctx)
		if err != nil {
			return fmt.Errorf("health unknown: %w", err)
		}
		if h.stopAlarm != "" {
			return stopf("stop alarm %s in ALARM", h.stopAlarm)
		}
	}
}

func joinKeys(m map[string]bool) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}
