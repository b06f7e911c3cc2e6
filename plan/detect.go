package plan

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Detector is one watched check and how soon after a break it can fail:
// an alarm's Period x DatapointsToAlarm (EvaluationPeriods when unset), a
// probe's interval x failure_threshold.
type Detector struct {
	Kind string // alarm or probe
	Name string
	// Needs is the shortest time from a break to the check failing; 0
	// with Unknown set when it cannot be known.
	Needs time.Duration
	// How says where Needs comes from ("period 300s x 3 datapoints").
	How string
	// Unknown says why Needs is not known; such a check never counts as
	// able to see a break.
	Unknown string
}

// Label is "alarm NAME" or "probe NAME".
func (d Detector) Label() string { return d.Kind + " " + d.Name }

// Describe is the label with what the check needs ("alarm x needs 30s
// (period 10s x 3 datapoints)").
func (d Detector) Describe() string {
	if d.Unknown != "" {
		return fmt.Sprintf("%s: time to fail unknown (%s)", d.Label(), d.Unknown)
	}
	return fmt.Sprintf("%s needs %s (%s)", d.Label(), FormatDuration(d.Needs), d.How)
}

// Detection is what could notice a break within one window.
type Detection struct {
	Window    time.Duration
	Detectors []Detector // every watched alarm and probe
}

// CouldDetect returns the checks that could fail within the window, in
// the order they were given.
func (d Detection) CouldDetect() []Detector {
	var out []Detector
	for _, x := range d.Detectors {
		if x.Unknown == "" && x.Needs <= d.Window {
			out = append(out, x)
		}
	}
	return out
}

// Enough is the shortest window in which some watched check could fail;
// false when no check's time is known.
func (d Detection) Enough() (time.Duration, bool) {
	var best time.Duration
	found := false
	for _, x := range d.Detectors {
		if x.Unknown == "" && (!found || x.Needs < best) {
			best, found = x.Needs, true
		}
	}
	return best, found
}

// Reason says why no check could see a break within the window, with
// the window that would be enough ("window 1m is shorter than the 15m
// alarm x needs; no probe covers it; a window of 15m would be enough").
// It is "" when some check could.
func (d Detection) Reason() string {
	if len(d.CouldDetect()) > 0 {
		return ""
	}
	win := FormatDuration(d.Window)
	if len(d.Detectors) == 0 {
		return "nothing is watched: no alarm or probe could have failed"
	}
	var parts []string
	for _, x := range d.Detectors {
		if x.Unknown != "" {
			parts = append(parts, fmt.Sprintf("%s's time to fail is unknown (%s)", x.Label(), x.Unknown))
			continue
		}
		parts = append(parts, fmt.Sprintf("window %s is shorter than the %s %s needs (%s)", win, FormatDuration(x.Needs), x.Label(), x.How))
	}
	if !slices.ContainsFunc(d.Detectors, func(x Detector) bool { return x.Kind == "probe" }) {
		parts = append(parts, "no probe covers it")
	}
	s := strings.Join(parts, "; ")
	if enough, ok := d.Enough(); ok {
		s += "; a window of " + FormatDuration(enough) + " would be enough"
	}
	return s
}

// Summary says in one line which checks could fail within the window.
func (d Detection) Summary() string {
	if r := d.Reason(); r != "" {
		return "nothing could fail within the window: " + r
	}
	could := d.CouldDetect()
	parts := make([]string, len(could))
	for i, x := range could {
		parts[i] = x.Describe()
	}
	return fmt.Sprintf("within the %s window: %s", FormatDuration(d.Window), strings.Join(parts, "; "))
}

// ProbeDetectors are the plan's probes (defaults applied) as detectors:
// a probe fails after failure_threshold failures in a row, one per
// interval.
func ProbeDetectors(probes []Probe) []Detector {
	out := make([]Detector, 0, len(probes))
	for _, pr := range probes {
		out = append(out, Detector{Kind: "probe", Name: pr.Name, Needs: pr.Interval.D() * time.Duration(pr.FailureThreshold),
			How: fmt.Sprintf("every %s x %d failures", FormatDuration(pr.Interval.D()), pr.FailureThreshold)})
	}
	return out
}
