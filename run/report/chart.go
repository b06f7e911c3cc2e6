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

// ChartTick is one time label on the axis, relative to the deny.
type ChartTick struct {
	X     float64
	Label string
}

// Chart computes the SVG chart of a timeline.
func (tl Timeline) Chart() Chart {
	c := Chart{
		ID: fmt.Sprintf("t%d", tl.Index), Width: chartWidth, PlotX: chartLabelW,
		PlotW:  chartWidth - chartLabelW - chartPadR,
		Height: chartTop + float64(len(tl.Tracks))*chartRowH + chartAxisH,
	}
	c.AxisY = chartTop + float64(len(tl.Tracks))*chartRowH
	c.Title = fmt.Sprintf("Timeline of target %d (%s): alarm and probe states", tl.Index, tl.CIDR)
	c.Desc = tl.Describe()
	x := func(t time.Time) float64 {
		span := tl.End.Sub(tl.Start).Seconds()
		if span <= 0 {
			return c.PlotX
		}
		f := t.Sub(tl.Start).Seconds() / span
		return c.PlotX + c.PlotW*min(max(f, 0), 1)
	}
	if tl.AppliedAt != nil {
		end := tl.End
		if tl.RemovedAt != nil {
			end = *tl.RemovedAt
		}
		c.Deny = &ChartBand{X: x(*tl.AppliedAt), Y: chartTop - 4, W: x(end) - x(*tl.AppliedAt),
			H: c.AxisY - chartTop + 8, Label: "deny entry in place"}
	}
	for i, tr := range tl.Tracks {
		row := ChartRow{Label: tr.Kind + " " + tr.Name, Y: chartTop + float64(i)*chartRowH}
		row.TextY = row.Y + chartRowH/2 + 4
		for _, s := range tr.Segments {
			b := ChartBar{X: x(s.From), Y: row.Y + (chartRowH-chartBarH)/2, H: chartBarH, State: s.State}
			b.W = max(x(s.To)-b.X, 1)
			b.Title = fmt.Sprintf("%s: %s %s to %s", row.Label, s.Label, fmtClock(s.From), fmtClock(s.To))
			b.Mark = s.State == StateFail && b.W >= 14
			row.Bars = append(row.Bars, b)
		}
		c.Rows = append(c.Rows, row)
	}
	c.Ticks = ticks(tl, x)
	return c
}

// ticks places about six labels relative to the deny (or the start).
func ticks(tl Timeline, x func(time.Time) float64) []ChartTick {
	origin := tl.Start
	if tl.AppliedAt != nil {
		origin = *tl.AppliedAt
	}
	span := tl.End.Sub(tl.Start).Seconds()
	step := 3600.0
	for _, s := range []float64{5, 10, 15, 30, 60, 120, 300, 600, 900, 1800} {
		if span/s <= 8 {
			step = s
			break
		}
	}
	var out []ChartTick
	first := float64(int(tl.Start.Sub(origin).Seconds()/step)) * step
	for off := first; origin.Add(seconds(off)).Compare(tl.End) <= 0; off += step {
		at := origin.Add(seconds(off))
		if at.Before(tl.Start) {
			continue
		}
		label := "+" + fmtSeconds(off)
		if off < 0 {
			label = "-" + fmtSeconds(-off)
		} else if off == 0 {
			label = "0s"
		}
		out = append(out, ChartTick{X: x(at), Label: label})
	}
	return out
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
			healthy = append(healthy, tr.Kind+" "+tr.Name)
			continue
		}
		fmt.Fprintf(&b, "%s %s: %s. ", tr.Kind, tr.Name, tr.Summary())
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
