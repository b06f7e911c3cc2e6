package plan

import (
	"fmt"
	"math"
	"time"
)

// CampaignCase is the number of windows and the time a campaign takes in
// one case (best, expected, worst).
type CampaignCase struct {
	Windows float64
	Time    time.Duration
}

// Campaign is the preview's comparison of the two strategies for a plan:
// the number of windows and the campaign time, each window counted as
// window + cooldown (recovery waits are not counted: usually seconds, at
// worst recovery_timeout each).
type Campaign struct {
	Targets     int
	MaxGroup    int     // the group size compared (the plan's, or the default)
	Breaking    float64 // assumed share of breaking targets, 0..1
	Sequential  [3]CampaignCase
	Group       [3]CampaignCase // best, expected, worst
	PerWindow   time.Duration
	GroupIsPlan bool // the plan uses group mode
}

// Campaign cases, indexes into Campaign.Sequential and Campaign.Group.
const (
	CaseBest = iota
	CaseExpected
	CaseWorst
)

// EstimateCampaign compares sequential and group testing for p. Group
// mode is modelled exactly as the run schedules it (see GroupWindows):
// best case no target breaks, worst case every target does, expected
// case each target breaks independently with the assumed share.
func EstimateCampaign(p *Plan) Campaign {
	g := p.Strategy.MaxGroup
	if g == 0 {
		g = DefaultMaxGroup
	}
	c := Campaign{Targets: len(p.Targets), MaxGroup: g, Breaking: p.Strategy.AssumedBreaking(),
		PerWindow: p.Timing.Window.D() + p.Timing.Cooldown.D(), GroupIsPlan: p.Strategy.Group()}
	var sizes []int
	for _, idx := range Groups(p.Targets, g) {
		sizes = append(sizes, len(idx))
	}
	n := float64(len(p.Targets))
	for i, share := range []float64{0, c.Breaking, 1} {
		c.Sequential[i] = c.at(n)
		c.Group[i] = c.at(GroupWindows(sizes, share))
	}
	return c
}

func (c Campaign) at(windows float64) CampaignCase {
	return CampaignCase{Windows: windows, Time: time.Duration(math.Round(windows * float64(c.PerWindow)))}
}

// GroupWindows is the expected number of windows group testing takes for
// groups of the given sizes when each target breaks independently with
// probability share (0: every group is quiet, one window each; 1: every
// target breaks, 2n-1 windows for a group of n).
func GroupWindows(sizes []int, share float64) float64 {
	m := groupModel{q: 1 - share, test: map[int]float64{}, search: map[int]float64{}}
	total := 0.0
	for _, n := range sizes {
		total += m.testCost(n)
	}
	return total
}

// SplitAt is where group testing splits a group of n (n >= 2) targets
// that broke: the first SplitAt(n) targets are tested first.
func SplitAt(n int) int { return (n + 1) / 2 }

// groupModel computes the expected windows of the run's group scheduler:
// test(S) denies S; a quiet S is done; a single target is done; else
// search(S). search(S), knowing S holds a breaking target, denies its
// first part L: a quiet L means the rest R holds it, so R is searched
// without being tested whole (a single R is denied alone to prove it);
// an L that breaks is searched (unless single) and R is tested afresh.
type groupModel struct {
	q            float64
	test, search map[int]float64
}

func (m groupModel) testCost(n int) float64 {
	if v, ok := m.test[n]; ok {
		return v
	}
	v := 1.0
	if n > 1 {
		v += (1 - math.Pow(m.q, float64(n))) * m.searchCost(n)
	}
	m.test[n] = v
	return v
}

// searchCost is the expected windows of search(S) for |S| = n >= 2, given
// that S holds at least one breaking target.
func (m groupModel) searchCost(n int) float64 {
	if v, ok := m.search[n]; ok {
		return v
	}
	a := SplitAt(n)
	b := n - a
	some := 1 - math.Pow(m.q, float64(n))
	if some <= 0 {
		return 0
	}
	lQuiet := math.Pow(m.q, float64(a)) * (1 - math.Pow(m.q, float64(b))) / some
	lBreaks := (1 - math.Pow(m.q, float64(a))) / some
	rCost := 1.0 // a single R is denied alone
	if b > 1 {
		rCost = m.searchCost(b)
	}
	lCost := 0.0 // a single L that broke is proven
	if a > 1 {
		lCost = m.searchCost(a)
	}
	v := 1 + lQuiet*rCost + lBreaks*(lCost+m.testCost(b))
	m.search[n] = v
	return v
}

// CampaignText renders the comparison as the preview prints it.
func CampaignText(c Campaign) []string {
	mark := func(group bool) string {
		if group == c.GroupIsPlan {
			return " (this plan)"
		}
		return ""
	}
	cell := func(cc CampaignCase) string {
		return fmt.Sprintf("%5s windows %8s", trimFloat(cc.Windows), FormatDuration(cc.Time.Round(time.Second)))
	}
	lines := []string{
		fmt.Sprintf("Campaign: windows, and time at %s (window + cooldown) each; recovery waits not counted", FormatDuration(c.PerWindow)),
		fmt.Sprintf("  %-28s %-22s %-22s %s", "strategy", "best (none breaks)", fmt.Sprintf("expected (%s%% break)", trimFloat(c.Breaking*100)), "worst (all break)"),
	}
	for _, row := range []struct {
		name  string
		cases [3]CampaignCase
		group bool
	}{
		{"sequential" + mark(false), c.Sequential, false},
		{fmt.Sprintf("group, max_group %d%s", c.MaxGroup, mark(true)), c.Group, true},
	} {
		lines = append(lines, fmt.Sprintf("  %-28s %-22s %-22s %s", row.name, cell(row.cases[CaseBest]), cell(row.cases[CaseExpected]), cell(row.cases[CaseWorst])))
	}
	return lines
}

// trimFloat prints a count with at most one decimal ("32", "9.3").
func trimFloat(f float64) string {
	if f == math.Trunc(f) {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprintf("%.1f", f)
}
