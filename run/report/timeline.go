package report

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/run"
)

// Health states of a watched item at one moment.
const (
	StateOK     = "ok"
	StateFail   = "fail"
	StateNoData = "nodata"
)

// Characters of the text timeline, one per poll.
const (
	charOK      = '.'
	charFail    = 'X'
	charNoData  = '?'
	charNone    = ' '
	charDeny    = '#'
	charNoDeny  = '-'
	maxColumns  = 72  // a text timeline wider than this is resampled
	minColumns  = 12  // a text timeline narrower than this is refined...
	refineSpan  = 120 // ...when it spans at least this many seconds
	minStepSecs = 1
)

// Timeline is what every watched alarm and probe did around one target's
// deny window.
type Timeline struct {
	Index       int        `json:"index"`
	CIDR        string     `json:"cidr"`
	Label       string     `json:"label,omitempty"`
	Verdict     string     `json:"verdict"`
	Symbol      string     `json:"symbol"`
	Start       time.Time  `json:"start"`
	End         time.Time  `json:"end"`
	StepSeconds float64    `json:"step_seconds"` // one text column
	AppliedAt   *time.Time `json:"applied_at,omitempty"`
	RemovedAt   *time.Time `json:"removed_at,omitempty"`
	DenyCells   string     `json:"deny_cells"`
	Tracks      []Track    `json:"tracks"`

	failures []Failure // the finding's, listed in full under the chart
	shared   *Axis     // the report's one chart axis (Build sets it)
}

// Failures are what failed while the entry was in place, with the full
// reason (the findings table shortens it).
func (tl Timeline) Failures() []Failure { return tl.failures }

// Track is one watched item's history in a timeline.
type Track struct {
	Kind     string    `json:"kind"` // alarm or probe
	Name     string    `json:"name"`
	Stop     bool      `json:"stop,omitempty"` // a stop alarm: any in ALARM stops the run; drawn apart, last
	Cells    string    `json:"cells"`          // one character per column
	Segments []Segment `json:"segments"`
}

// Segment is a stretch of time in one state.
type Segment struct {
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	State string    `json:"state"` // ok, fail, nodata
	Label string    `json:"label"` // OK, ALARM, INSUFFICIENT_DATA, ok, failed: ...
}

// Empty reports whether the timeline has no samples at all.
func (tl Timeline) Empty() bool { return tl.Start.IsZero() }

// Columns is the number of text columns.
func (tl Timeline) Columns() int { return len([]rune(tl.DenyCells)) }

type trackKey struct{ kind, name string }

// isStop reports whether the track is one of the stop alarms.
func (k trackKey) isStop(stop map[string]bool) bool { return k.kind == "alarm" && stop[k.name] }

func buildTimeline(i int, t run.TargetResult, w run.Watched) Timeline {
	tl := Timeline{Index: i, CIDR: t.Members(), Label: t.Label, Verdict: t.Verdict, Symbol: symbolFor(t.Verdict), AppliedAt: t.AppliedAt, RemovedAt: t.RemovedAt}
	samples := append([]run.Sample(nil), t.Timeline...)
	sort.SliceStable(samples, func(a, b int) bool { return samples[a].At.Before(samples[b].At) })
	byTrack := map[trackKey][]run.Sample{}
	for _, s := range samples {
		k := trackKey{s.Kind, s.Name}
		byTrack[k] = append(byTrack[k], s)
	}
	stop := stopAlarms(w, samples)
	keys := trackOrder(w, samples, stop)
	if len(samples) == 0 {
		return tl
	}
	tl.Start, tl.End = samples[0].At, samples[len(samples)-1].At
	step := stepSeconds(byTrack, tl.End.Sub(tl.Start).Seconds())
	tl.StepSeconds = step
	cols := int(math.Floor(tl.End.Sub(tl.Start).Seconds()/step)) + 1
	tl.End = tl.Start.Add(seconds(float64(cols) * step))
	tl.DenyCells = denyCells(tl, cols)
	for _, k := range keys {
		ss := byTrack[k]
		tl.Tracks = append(tl.Tracks, Track{
			Kind: k.kind, Name: k.name, Stop: k.isStop(stop),
			Cells:    cells(tl.Start, step, cols, ss),
			Segments: segments(ss, tl.End),
		})
	}
	return tl
}

// trackOrder lists watched alarms and probes in plan order, then
// anything else that was sampled, then, apart, the stop alarms (named in
// the plan, or sampled with Stop set).
func trackOrder(w run.Watched, samples []run.Sample, stop map[string]bool) []trackKey {
	seen := map[trackKey]bool{}
	var keys, stops []trackKey
	add := func(k trackKey) {
		if seen[k] {
			return
		}
		seen[k] = true
		if k.isStop(stop) {
			stops = append(stops, k)
			return
		}
		keys = append(keys, k)
	}
	for _, n := range w.Alarms {
		add(trackKey{"alarm", n})
	}
	for _, n := range w.Probes {
		add(trackKey{"probe", n})
	}
	for _, n := range w.StopAlarms {
		add(trackKey{"alarm", n})
	}
	for _, s := range samples {
		add(trackKey{s.Kind, s.Name})
	}
	return append(keys, stops...)
}

// stopAlarms names the stop alarms: the plan's, and any alarm sampled with
// Stop (results.json records it per sample).
func stopAlarms(w run.Watched, samples []run.Sample) map[string]bool {
	stop := map[string]bool{}
	for _, n := range w.StopAlarms {
		stop[n] = true
	}
	for _, s := range samples {
		if s.Stop && s.Kind == "alarm" {
			stop[s.Name] = true
		}
	}
	return stop
}

// Label names the track's row: "alarm x", "probe y", "stop alarm z".
func (tr Track) Label() string {
	if tr.Stop {
		return "stop " + tr.Kind + " " + tr.Name
	}
	return tr.Kind + " " + tr.Name
}

// stepSeconds is the shortest typical poll interval (the smallest of the
// tracks' median gaps, so a quick re-check does not shrink the grid),
// widened so the text timeline stays under maxColumns.
func stepSeconds(byTrack map[trackKey][]run.Sample, span float64) float64 {
	step := math.Inf(1)
	for _, ss := range byTrack {
		var gaps []float64
		for j := 1; j < len(ss); j++ {
			if d := ss[j].At.Sub(ss[j-1].At).Seconds(); d > 0 {
				gaps = append(gaps, d)
			}
		}
		if len(gaps) > 0 {
			sort.Float64s(gaps)
			step = math.Min(step, gaps[(len(gaps)-1)/2])
		}
	}
	if math.IsInf(step, 1) {
		step = math.Max(span, minStepSecs)
	}
	step = math.Max(math.Round(step), minStepSecs)
	switch {
	case span/step+1 > maxColumns:
		step = math.Ceil(span / (maxColumns - 1))
	case span/step+1 < minColumns && span >= refineSpan: // sparse samples over minutes (a run that records changes)
		step = math.Max(math.Round(span/(2*minColumns)), minStepSecs)
	}
	return step
}

// SampleState maps one sample to ok, fail or nodata, with its label.
func SampleState(s run.Sample) (state, label string) {
	if s.Kind == "alarm" && s.State != "" {
		switch s.State {
		case "OK":
			return StateOK, s.State
		case "ALARM":
			return StateFail, s.State
		default:
			return StateNoData, s.State
		}
	}
	if s.OK {
		return StateOK, "ok"
	}
	if s.Error != "" {
		return StateFail, "failed: " + truncate(s.Error, 80)
	}
	return StateFail, "failed"
}

// cells gives each column the worst state sampled in it; a column with no
// sample keeps the state of the last sample before it (a run may record
// only changes), and columns before the first sample stay blank.
func cells(start time.Time, step float64, cols int, ss []run.Sample) string {
	out := []rune(strings.Repeat(string(charNone), cols))
	sampled := make([]bool, cols)
	last := make([]rune, cols) // state of the last sample in the column
	for _, s := range ss {
		c := int(math.Floor(s.At.Sub(start).Seconds() / step))
		if c < 0 || c >= cols {
			continue
		}
		st, _ := SampleState(s)
		if worse(st, out[c]) {
			out[c] = stateChar(st)
		}
		sampled[c], last[c] = true, stateChar(st)
	}
	carry := charNone
	for c := range cols {
		if sampled[c] {
			carry = last[c]
			continue
		}
		out[c] = carry
	}
	return string(out)
}

func stateChar(st string) rune {
	switch st {
	case StateOK:
		return charOK
	case StateFail:
		return charFail
	default:
		return charNoData
	}
}

// worse reports whether state st should replace the cell's current char:
// a failure wins over missing data, which wins over healthy.
func worse(st string, cur rune) bool {
	rank := map[rune]int{charNone: 0, charOK: 1, charNoData: 2, charFail: 3}
	return rank[stateChar(st)] > rank[cur]
}

func denyCells(tl Timeline, cols int) string {
	out := []rune(strings.Repeat(string(charNoDeny), cols))
	if tl.AppliedAt == nil {
		return string(out)
	}
	end := tl.End
	if tl.RemovedAt != nil {
		end = *tl.RemovedAt
	}
	for c := range cols {
		from := tl.Start.Add(seconds(float64(c) * tl.StepSeconds))
		to := from.Add(seconds(tl.StepSeconds))
		mid := from.Add(seconds(tl.StepSeconds / 2))
		inside := !tl.AppliedAt.Before(from) && end.Before(to)
		if inside || (!mid.Before(*tl.AppliedAt) && mid.Before(end)) {
			out[c] = charDeny
		}
	}
	return string(out)
}

// segments merges consecutive samples in the same state; each sample
// holds until the next one (the last until end).
func segments(ss []run.Sample, end time.Time) []Segment {
	var out []Segment
	for j, s := range ss {
		st, label := SampleState(s)
		to := end
		if j+1 < len(ss) {
			to = ss[j+1].At
		}
		if n := len(out); n > 0 && out[n-1].State == st && out[n-1].Label == label {
			out[n-1].To = to
			continue
		}
		out = append(out, Segment{From: s.At, To: to, State: st, Label: label})
	}
	return out
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Text renders the timeline as one line per watched item, one character
// per column, names padded to one width (for a fenced code block).
func (tl Timeline) Text() string {
	labels := []string{"deny entry"}
	rows := []string{tl.DenyCells}
	for i, tr := range tl.Tracks {
		if tr.Stop && (i == 0 || !tl.Tracks[i-1].Stop) { // the stop alarms, apart
			labels, rows = append(labels, ""), append(rows, "")
		}
		labels = append(labels, tr.Label())
		rows = append(rows, tr.Cells)
	}
	width := 0
	for _, l := range labels {
		width = max(width, len([]rune(l)))
	}
	var b strings.Builder
	for i, l := range labels {
		if i > 0 {
			b.WriteByte('\n')
		}
		line := l + strings.Repeat(" ", width-len([]rune(l))+2) + rows[i]
		b.WriteString(strings.TrimRight(line, " "))
	}
	return b.String()
}
