package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aclprobe/aclprobe/run"
)

// style is how terminal output looks: colour and symbols on a terminal
// (unless NO_COLOR is set), plain words otherwise.
type style struct{ color bool }

func (s style) paint(code, text string) string {
	if !s.color {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s style) red(t string) string    { return s.paint("31", t) }
func (s style) green(t string) string  { return s.paint("32", t) }
func (s style) yellow(t string) string { return s.paint("33", t) }
func (s style) bold(t string) string   { return s.paint("1", t) }
func (s style) dim(t string) string    { return s.paint("2", t) }

// mark is a symbol on a colour terminal, a word otherwise.
func (s style) mark(symbol, word string) string {
	if s.color {
		return symbol
	}
	return word
}

func (s style) fail() string { return s.red(s.mark("✗", "FAIL")) }
func (s style) ok() string   { return s.green(s.mark("✓", "ok")) }

// verdict renders a verdict with its symbol and colour.
func (s style) verdict(v string) string {
	switch v {
	case run.VerdictBroke:
		return s.red(s.mark("✗ ", "") + "BROKE")
	case run.VerdictNoImpact:
		return s.green(s.mark("✓ ", "") + "no impact")
	}
	return s.yellow(s.mark("? ", "") + v)
}

// terminalView shows a run to the person at the terminal: a line for
// what matters (deny, a check failing with its reason, recovered, undo,
// verdict, stop) and, on a terminal, one status line redrawn in place
// (target, phase, time left in the window, healthy and failing checks).
// Log records that reach stderr go through Write, which keeps them off
// the status line.
type terminalView struct {
	mu     sync.Mutex
	w      io.Writer
	tty    bool // a status line redrawn in place
	st     style
	now    func() time.Time
	status run.Event // the last status-worthy event; Kind 0: none
	shown  bool      // the status line is on the screen
	passed int       // preflight checks passed
	failed bool      // a preflight check failed
	said   bool      // the preflight summary was printed
	// prompted: the confirmation already said the checks passed.
	prompted bool
	done     chan struct{}
}

// newTerminalView renders to w; tty draws the status line (redrawn every
// second, for the time left), color the colours and symbols.
func newTerminalView(w io.Writer, tty, color bool, now func() time.Time) *terminalView {
	v := &terminalView{w: w, tty: tty, st: style{color: color}, now: now, done: make(chan struct{})}
	if tty {
		go v.tick()
	}
	return v
}

func (v *terminalView) tick() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-v.done:
			return
		case <-t.C:
			v.mu.Lock()
			v.drawStatus()
			v.mu.Unlock()
		}
	}
}

// Close clears the status line and stops redrawing it.
func (v *terminalView) Close() {
	v.mu.Lock()
	defer v.mu.Unlock()
	select {
	case <-v.done:
		return
	default:
		close(v.done)
	}
	v.clearStatus()
	v.status = run.Event{}
}

// Write prints p (log records) above the status line.
func (v *terminalView) Write(p []byte) (int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.clearStatus()
	n, err := v.w.Write(p)
	v.drawStatus()
	return n, err
}

// Event implements run.EventSink.
func (v *terminalView) Event(e run.Event) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if line := v.line(e); line != "" {
		v.clearStatus()
		fmt.Fprintln(v.w, line)
	}
	switch e.Kind {
	case run.EventTargetStart, run.EventApplied, run.EventStatus, run.EventUndo:
		v.status = e
	case run.EventVerdict, run.EventStop:
		v.status = run.Event{}
	}
	v.drawStatus()
}

// target names the event's target: "[1/3] 203.0.113.7/32 kinesis".
func (v *terminalView) target(e run.Event) string {
	s := v.st.bold(fmt.Sprintf("[%d/%d]", e.Target, e.Targets)) + " " + e.CIDR
	if e.Label != "" {
		s += " " + e.Label
	}
	return s
}

// line is the line an event prints ("" for none).
func (v *terminalView) line(e run.Event) string {
	st := v.st
	switch e.Kind {
	case run.EventCheck:
		if e.OK {
			v.passed++
			return ""
		}
		v.failed = true
		return fmt.Sprintf("%s preflight: %s: %s", st.fail(), e.Item, explainAWS(e.Detail))
	case run.EventTargetStart:
		if v.said || v.failed || v.prompted {
			return ""
		}
		v.said = true
		return fmt.Sprintf("%s preflight: %d checks passed", st.ok(), v.passed)
	case run.EventApplied:
		return fmt.Sprintf("%s  entry %s in place, watching for %s", v.target(e), e.Entry, seconds(e.WindowEnd.Sub(e.At)))
	case run.EventFailing:
		return fmt.Sprintf("      %s %s failing %s: %s", st.fail(), e.Item, v.when(e), e.Detail)
	case run.EventRecovered:
		return fmt.Sprintf("      %s %s healthy again %s", st.ok(), e.Item, v.when(e))
	case run.EventUndo:
		if e.Detail == "end of window" {
			return ""
		}
		return st.yellow(fmt.Sprintf("      %s removing deny entry %s: %s", st.mark("↺", "undo:"), e.Entry, e.Detail))
	case run.EventUndoFailed:
		return st.red(fmt.Sprintf("      %s COULD NOT REMOVE entry %s: %s", st.mark("✗", "FAILED:"), e.Entry, e.Detail))
	case run.EventVerdict:
		return v.verdictLine(e)
	case run.EventStop:
		return st.yellow(fmt.Sprintf("%s %s", st.mark("■", "stop:"), e.Detail))
	}
	return ""
}

// when says when an item changed: after the deny, or in recovery.
func (v *terminalView) when(e run.Event) string {
	if e.Phase == "recovery" {
		return "during recovery"
	}
	return seconds(e.After) + " after the deny"
}

func (v *terminalView) verdictLine(e run.Event) string {
	s := fmt.Sprintf("%s  %s", v.target(e), v.st.verdict(e.Verdict))
	if e.Item != "" {
		s += ": " + e.Item
	}
	if e.After > 0 {
		s += fmt.Sprintf(" (healthy %s after the removal)", seconds(e.After))
	}
	if e.Detail != "" && e.Verdict != run.VerdictBroke {
		s += ": " + e.Detail
	}
	return s
}

// clearStatus erases the status line, if shown.
func (v *terminalView) clearStatus() {
	if v.shown {
		fmt.Fprint(v.w, "\r\x1b[2K")
		v.shown = false
	}
}

// drawStatus redraws the status line from the last status event.
func (v *terminalView) drawStatus() {
	if !v.tty || v.status.Kind == 0 {
		return
	}
	e := v.status
	phase := e.Phase
	switch e.Kind {
	case run.EventTargetStart:
		phase = "checking health before the deny"
	case run.EventApplied:
		phase = "window"
	case run.EventUndo:
		phase = "removing the entry"
	}
	s := v.target(e) + " · " + phase
	if !e.WindowEnd.IsZero() && e.Kind != run.EventUndo {
		s += " · " + seconds(max(e.WindowEnd.Sub(v.now()), 0).Truncate(time.Second)) + " left"
	}
	if e.Kind == run.EventStatus {
		s += fmt.Sprintf(" · %d healthy", e.Healthy)
		if e.Failing > 0 {
			s += " · " + v.st.red(fmt.Sprintf("%d failing", e.Failing))
		}
	}
	fmt.Fprint(v.w, "\r\x1b[2K"+v.st.dim("… ")+s)
	v.shown = true
}

// seconds renders a duration for people: 850ms, 3.2s, 12s, 2m05s.
func seconds(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return strings.TrimSuffix(strconv.FormatFloat(d.Seconds(), 'f', 1, 64), ".0") + "s"
	}
	d = d.Round(time.Second)
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}
