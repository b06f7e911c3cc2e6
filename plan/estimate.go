package plan

import (
	"fmt"
	"strings"
	"time"
)

// EstimateDuration is the worst-case wall time of a run, the figure checked
// against timing.max_duration:
//
//	targets × (window + recovery_timeout + cooldown)
//
// Each target is denied for its window, then the run waits up to the
// recovery timeout for every alarm and probe to be healthy again (the
// worst case; usually much shorter), then cools down. Preflight and the
// probes' baseline are not counted: they take seconds.
//
// In group mode the count is the worst case's windows instead of targets
// (every target breaks: 2n-1 windows for a group of n).
func EstimateDuration(p *Plan) time.Duration {
	per := p.Timing.Window.D() + p.Timing.RecoveryTimeout.D() + p.Timing.Cooldown.D()
	return time.Duration(worstWindows(p)) * per
}

// worstWindows is the most windows a run of p can take.
func worstWindows(p *Plan) int {
	if !p.Strategy.Group() {
		return len(p.Targets)
	}
	n := 0
	for _, g := range Groups(p.Targets, p.Strategy.MaxGroup) {
		n += 2*len(g) - 1
	}
	return n
}

// EstimateText explains the estimate with its formula, e.g.
// "3 targets × (5m window + 10m recovery timeout + 1m cooldown) = 48m".
func EstimateText(p *Plan) string {
	t := p.Timing
	if p.Strategy.Group() {
		return fmt.Sprintf("%d window(s) (group mode, every target breaking) × (%s window + %s recovery timeout + %s cooldown) = %s (worst case; max_duration %s)",
			worstWindows(p), FormatDuration(t.Window.D()), FormatDuration(t.RecoveryTimeout.D()),
			FormatDuration(t.Cooldown.D()), FormatDuration(EstimateDuration(p)), FormatDuration(t.MaxDuration.D()))
	}
	return fmt.Sprintf("%d target(s) × (%s window + %s recovery timeout + %s cooldown) = %s (worst case; max_duration %s)",
		len(p.Targets), FormatDuration(t.Window.D()), FormatDuration(t.RecoveryTimeout.D()),
		FormatDuration(t.Cooldown.D()), FormatDuration(EstimateDuration(p)), FormatDuration(t.MaxDuration.D()))
}

// FormatDuration prints a duration Go-style without trailing zero units
// ("5m", "1h30m", "90s" stays "1m30s").
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
