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
func EstimateDuration(p *Plan) time.Duration {
	per := p.Timing.Window.D() + p.Timing.RecoveryTimeout.D() + p.Timing.Cooldown.D()
	return time.Duration(len(p.Targets)) * per
}

// EstimateText explains the estimate with its formula, e.g.
// "3 targets × (5m window + 10m recovery timeout + 1m cooldown) = 48m".
func EstimateText(p *Plan) string {
	t := p.Timing
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
