package run

import (
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/probe"
)

// EventKind says what an Event reports.
type EventKind uint8

// Kinds of events, in the order a target usually produces them.
const (
	// EventCheck is one preflight check's outcome (Check).
	EventCheck EventKind = iota + 1
	// EventTargetStart: the target's baseline is being checked before its deny.
	EventTargetStart
	// EventApplied: the deny entry is in place (Entry); the window ends at WindowEnd.
	EventApplied
	// EventStatus is one poll's summary (Phase, Healthy, Failing,
	// WindowEnd); renderers update a status line, they print nothing.
	EventStatus
	// EventFailing: a watched item changed from healthy to failing (Item, Detail).
	EventFailing
	// EventRecovered: a watched item changed from failing to healthy (Item).
	EventRecovered
	// EventUndo: the entry is being removed (Entry, Detail says why).
	EventUndo
	// EventRemoved: the entry was removed and verified gone (Entry).
	EventRemoved
	// EventUndoFailed: the entry could not be removed (Entry, Detail).
	EventUndoFailed
	// EventVerdict: the target is decided (Verdict, Detail).
	EventVerdict
	// EventStop: the run ends before its last target (Detail says why).
	EventStop
)

// Event is one thing worth telling the person at the terminal. The full
// record of a run is the log and results.json; events are what a renderer
// shows as it happens.
type Event struct {
	Kind EventKind
	At   time.Time
	// Target is the 1-based index of the target (0 for run-level events)
	// of Targets; CIDR and Label name it.
	Target, Targets int
	CIDR, Label     string
	// Phase is baseline, window, recovery or cooldown (EventStatus and
	// item events).
	Phase string
	// Item names the watched alarm or probe ("alarm checkout-5xx"), or,
	// for a verdict, what broke ("alarm a, probe b").
	Item string
	// Detail is the reason: a probe's error, an alarm's state and reason,
	// why the entry is removed, why the run stops, a check's detail.
	Detail string
	// Entry is the deny entry, as the preview prints it.
	Entry string
	// WindowEnd is when the current window ends (zero outside one).
	WindowEnd time.Time
	// Healthy and Failing count the watched items in the last poll.
	Healthy, Failing int
	// OK is a preflight check's outcome; Verdict a target's.
	OK      bool
	Verdict string
	// After is the time since the deny (failing, recovered, removed) or
	// since the removal (verdict: the recovery time; 0 when unknown).
	After time.Duration
}

// EventSink receives a run's events. Event is called from the run's
// goroutine, in order, and must not block for long.
type EventSink interface {
	Event(Event)
}

// emit sends e to the run's sink, if any, stamped with the clock's time.
func (r *runner) emit(e Event) {
	if r.o.Events == nil {
		return
	}
	if e.At.IsZero() {
		e.At = r.clock.Now()
	}
	e.Targets = len(r.p.Targets)
	r.o.Events.Event(e)
}

// emitTarget is emit for the current window: its (first) target's
// number, and the CIDR and label of the result recording it.
func (r *runner) emitTarget(e Event) {
	if r.cur != nil {
		e.Target, e.CIDR, e.Label = len(r.res.Targets), r.cur.CIDR, r.cur.Label
		if len(r.winTargets) > 0 {
			e.Target = r.winTargets[0]
		}
	}
	r.emit(e)
}

// itemReason says why a sample failed: a probe's error, or an alarm's
// state and its reason.
func itemReason(s probe.Sample) string {
	switch {
	case s.Kind == probe.KindAlarm && s.Error != "":
		return s.State + ": " + s.Error
	case s.Kind == probe.KindAlarm:
		return s.State
	case s.Error != "":
		return s.Error
	}
	return s.Detail
}

// emitStatus summarises one poll.
func (r *runner) emitStatus(h health, phase string, windowEnd time.Time) {
	failing := 0
	for _, s := range h.all {
		if !s.OK {
			failing++
		}
	}
	r.emitTarget(Event{Kind: EventStatus, Phase: phase, WindowEnd: windowEnd, Healthy: len(h.all) - failing, Failing: failing})
}

// emitTransition reports an item turning failing or healthy.
func (o *observation) emitTransition(s probe.Sample, phase string) {
	e := Event{Kind: EventRecovered, Phase: phase, Item: s.Kind + " " + s.Name, After: s.At.Sub(o.applied)}
	if !s.OK {
		e.Kind, e.Detail = EventFailing, itemReason(s)
	}
	o.r.emitTarget(e)
}

// emitRemoved reports the entry verified gone.
func (r *runner) emitRemoved(at time.Time) {
	e := Event{Kind: EventRemoved, Entry: r.entriesText()}
	if r.cur != nil && r.cur.AppliedAt != nil {
		e.After = at.Sub(*r.cur.AppliedAt)
	}
	r.emitTarget(e)
}

// emitVerdict reports the verdict of target i (0-based).
func (r *runner) emitVerdict(i int, t *TargetResult) {
	e := Event{Kind: EventVerdict, Verdict: t.Verdict, Detail: t.Reason, Item: strings.Join(breakNames(t.BrokenBy), ", ")}
	if t.RecoveredAfter != nil {
		e.After = time.Duration(*t.RecoveredAfter * float64(time.Second))
	}
	e.Target, e.CIDR, e.Label = i+1, t.Members(), t.Label
	r.emit(e)
}
