package run

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/probe"
)

// stateAlarm is the CloudWatch state that makes a stop alarm stop a run.
const stateAlarm = "ALARM"

// health is one poll of everything watched.
type health struct {
	all       []probe.Sample  // watched alarms, stop alarms, probes
	failing   []probe.Failure // watched alarms and probes (not stop alarms)
	stopAlarm string          // a stop alarm in ALARM, if any
	stop      []string        // names of the stop alarms polled
}

// pollTimeout bounds one poll of all sources (the SDK retries inside it).
func (r *runner) pollTimeout() time.Duration {
	return max(30*time.Second, 2*r.p.Timing.PollInterval.D())
}

// poll reads watched alarms, stop alarms and probes once, within
// pollTimeout and within ctx's deadline. An error means the health is
// unknown; h then holds what was read before it.
func (r *runner) poll(ctx context.Context) (health, error) {
	var h health
	ctx, cancel := r.clock.WithDeadline(ctx, r.clock.Now().Add(r.pollTimeout()))
	defer cancel()
	if a := r.pf.alarms; a != nil {
		s, f, err := a.Poll(ctx)
		if err != nil {
			return h, fmt.Errorf("watched alarms: %w", err)
		}
		h.all, h.failing = append(h.all, s...), append(h.failing, f...)
	}
	if a := r.pf.stop; a != nil {
		s, _, err := a.Poll(ctx)
		if err != nil {
			return h, fmt.Errorf("stop alarms: %w", err)
		}
		for _, x := range s {
			if x.State == stateAlarm && h.stopAlarm == "" {
				h.stopAlarm = x.Name
			}
			h.all = append(h.all, x)
			h.stop = append(h.stop, x.Name)
		}
	}
	if r.probes != nil {
		s, f, err := r.probes.Poll(ctx)
		if err != nil {
			return h, fmt.Errorf("probes: %w", err)
		}
		h.all, h.failing = append(h.all, s...), append(h.failing, f...)
	}
	return h, nil
}

// samples converts every sample of the poll (used for the pre-deny check).
func (h health) samples(phase string) []Sample { return h.convert(h.all, phase) }

// convert converts samples, marking those of stop alarms.
func (h health) convert(in []probe.Sample, phase string) []Sample {
	out := convertSamples(in, phase)
	for i := range out {
		out[i].Stop = out[i].Kind == probe.KindAlarm && slices.Contains(h.stop, out[i].Name)
	}
	return out
}

// healthy reports whether nothing watched is failing and every probe's
// latest attempt passed.
func (r *runner) healthy(h health) bool {
	return len(h.failing) == 0 && h.stopAlarm == "" && (r.probes == nil || r.probes.Passing())
}

func failureNames(fs []probe.Failure) string {
	parts := make([]string, 0, len(fs))
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("%s %s (%s)", f.Kind, f.Name, f.Detail))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

func breakNames(bs []Break) []string {
	out := make([]string, 0, len(bs))
	for _, b := range bs {
		out = append(out, b.Kind+" "+b.Name)
	}
	return out
}
