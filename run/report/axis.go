package report

import (
	"fmt"
	"time"
)

// Axis is the time scale of the charts, in seconds relative to each
// target's deny (to its first sample when it was never denied). Every
// chart of a report shares one, so the charts can be compared: the same
// x is the same time after the deny in each.
type Axis struct {
	From float64 `json:"from"` // seconds before (negative) the deny
	To   float64 `json:"to"`   // seconds after it
}

// origin is the moment a timeline's axis counts from: its deny.
func (tl Timeline) origin() time.Time {
	if tl.AppliedAt != nil {
		return *tl.AppliedAt
	}
	return tl.Start
}

// ownAxis is the span of the timeline's own samples around its deny.
func (tl Timeline) ownAxis() Axis {
	o := tl.origin()
	return Axis{From: tl.Start.Sub(o).Seconds(), To: tl.End.Sub(o).Seconds()}
}

// axis is the shared axis Build set, or the timeline's own.
func (tl Timeline) axis() Axis {
	if tl.shared != nil {
		return *tl.shared
	}
	return tl.ownAxis()
}

// SharedAxis spans every timeline with samples: from the earliest sample
// before its deny to the latest after it.
func SharedAxis(tls []Timeline) (Axis, bool) {
	var ax Axis
	found := false
	for _, tl := range tls {
		if tl.Empty() {
			continue
		}
		own := tl.ownAxis()
		if !found {
			ax, found = own, true
			continue
		}
		ax.From, ax.To = min(ax.From, own.From), max(ax.To, own.To)
	}
	return ax, found
}

// fraction places an offset from the deny on the axis, 0 to 1.
func (ax Axis) fraction(off float64) float64 {
	span := ax.To - ax.From
	if span <= 0 {
		return 0
	}
	return min(max((off-ax.From)/span, 0), 1)
}

// ticks places about six labels on whole steps from the deny ("0s" at
// the deny, "-20s" before it, "+1m00s" after); x maps an offset to the
// chart.
func (ax Axis) ticks(x func(off float64) float64) []ChartTick {
	span := ax.To - ax.From
	step := 3600.0
	for _, s := range []float64{5, 10, 15, 30, 60, 120, 300, 600, 900, 1800} {
		if span/s <= 8 {
			step = s
			break
		}
	}
	var out []ChartTick
	first := float64(int(ax.From/step)) * step // toward zero: the first whole step at or after From
	if first < ax.From {
		first += step
	}
	for off := first; off <= ax.To; off += step {
		out = append(out, ChartTick{X: x(off), Label: offsetLabel(off)})
	}
	return out
}

// offsetLabel writes an offset from the deny: "0s", "-20s", "+1m00s".
func offsetLabel(off float64) string {
	switch {
	case off < 0:
		return "-" + fmtSeconds(-off)
	case off == 0:
		return "0s"
	}
	return "+" + fmtSeconds(off)
}

// String says the axis in words, for the report: "from 20s before to
// 3m40s after each deny".
func (ax Axis) String() string {
	from := fmtSeconds(-ax.From) + " before"
	if ax.From > 0 {
		from = fmtSeconds(ax.From) + " after"
	}
	return fmt.Sprintf("from %s to %s after each deny", from, fmtSeconds(max(ax.To, 0)))
}
