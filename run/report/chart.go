package report

import (
	"fmt"
	"strings"
	"time"
)

// Chart geometry, in SVG user units (the SVG scales to its container).
const (
	chartWidth  = 960.0
	chartLabelW = 230.0
	chartPadR   = 16.0
	chartTop    = 22.0
	chartRowH   = 24.0
	chartBarH   = 16.0
	chartAxisH  = 30.0
	chartGroupH = 22.0 // the gap, with its caption, above the stop alarms
)

// Chart is the precomputed geometry of one timeline's inline SVG, so the
// template only prints numbers.
type Chart struct {
	ID     string
	Width  float64
	Height float64
	Title  string
	Desc   string
	PlotX  float64
	PlotW  float64
	AxisY  float64
	Rows   []ChartRow
	Deny   *ChartBand
	Stops  *ChartGroup // the stop alarms' caption and rule, when there are any
	Ticks  []ChartTick
}

// ChartRow is one watched item.
type ChartRow struct {
	Label string
	Y     float64 // top of the row
	TextY float64
	Bars  []ChartBar
}

// ChartBar is one segment in one state. Fill is a colour or a pattern, and
// the state is also a word in Title so colour is never the only signal.
type ChartBar struct {
	X, Y, W, H float64
	State      string
	Title      string
	Mark       bool // wide enough to carry a ✗ mark
}

// ChartBand is the shaded stretch while the deny entry was in place.
type ChartBand struct {
	X, Y, W, H float64
	Label      string
}

// ChartGroup is the rule and caption that set the stop alarms apart.
type ChartGroup struct {
	Y, TextY float64
	Label    string
}

// ChartTick is one time label on the axis, relative to the deny.
type ChartTick struct {
	X     float64
	Label string
}

// Chart computes the SVG chart of a timeline on its axis (the one every
// chart of the report shares).
func (tl Timeline) Chart() Chart {
	c := Chart{ID: fmt.Sprintf("t%d", tl.Index), Width: chartWidth, PlotX: chartLabelW, PlotW: chartWidth - chartLabelW - chartPadR}
	c.Title = fmt.Sprintf("Timeline of target %d (%s): alarm and probe states", tl.Index, tl.CIDR)
	c.Desc = tl.Describe()
	ax, origin := tl.axis(), tl.origin()
	x := func(t time.Time) float64 { return c.PlotX + c.PlotW*ax.fraction(t.Sub(origin).Seconds()) }
	y := chartTop
	for i, tr := range tl.Tracks {
		if tr.Stop && (i == 0 || !tl.Tracks[i-1].Stop) {
			c.Stops = &ChartGroup{Y: y + 4, TextY: y + chartGroupH - 5, Label: "stop alarms: any in ALARM stops the run"}
			y += chartGroupH
		}
		c.Rows = append(c.Rows, chartRow(tr, y, x))
		y += chartRowH
	}
	c.AxisY, c.Height = y, y+chartAxisH
	if tl.AppliedAt != nil {
		end := tl.End
		if tl.RemovedAt != nil {
			end = *tl.RemovedAt
		}
		c.Deny = &ChartBand{X: x(*tl.AppliedAt), Y: chartTop - 4, W: x(end) - x(*tl.AppliedAt),
			H: c.AxisY - chartTop + 8, Label: "deny entry in place"}
	}
	c.Ticks = ax.ticks(func(off float64) float64 { return c.PlotX + c.PlotW*ax.fraction(off) })
	return c
}

func chartRow(tr Track, y float64, x func(time.Time) float64) ChartRow {
	row := ChartRow{Label: tr.Label(), Y: y, TextY: y + chartRowH/2 + 4}
	for _, s := range tr.Segments {
		b := ChartBar{X: x(s.From), Y: row.Y + (chartRowH-chartBarH)/2, H: chartBarH, State: s.State}
		b.W = max(x(s.To)-b.X, 1)
		b.Title = fmt.Sprintf("%s: %s %s to %s", row.Label, s.Label, fmtClock(s.From), fmtClock(s.To))
		b.Mark = s.State == StateFail && b.W >= 14
		row.Bars = append(row.Bars, b)
	}
	return row
}

// Describe summarizes a timeline in one paragraph (the chart's <desc>).
func (tl Timeline) Describe() string {
	var b strings.Builder
	if tl.AppliedAt != nil {
		fmt.Fprintf(&b, "Deny entry for %s in place from %s to %s. ", tl.CIDR, fmtClock(*tl.AppliedAt), fmtClockPtr(tl.RemovedAt))
	}
	var healthy []string
	for _, tr := range tl.Tracks {
		if tr.AllOK() {
			healthy = append(healthy, tr.Label())
			continue
		}
		fmt.Fprintf(&b, "%s: %s. ", tr.Label(), tr.Summary())
	}
	if len(healthy) > 0 {
		fmt.Fprintf(&b, "Healthy throughout: %s.", strings.Join(healthy, ", "))
	}
	return strings.TrimSpace(b.String())
}

// AllOK reports whether every sample of the track was healthy.
func (tr Track) AllOK() bool {
	for _, s := range tr.Segments {
		if s.State != StateOK {
			return false
		}
	}
	return len(tr.Segments) > 0
}

// Summary lists the track's segments as text: "OK 10:00:00Z–10:01:10Z; ...".
func (tr Track) Summary() string {
	if len(tr.Segments) == 0 {
		return "no samples"
	}
	parts := make([]string, 0, len(tr.Segments))
	for _, s := range tr.Segments {
		parts = append(parts, fmt.Sprintf("%s %s–%s", s.Label, fmtClock(s.From), fmtClock(s.To)))
	}
	return strings.Join(parts, "; ")
}
