package probe

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aclprobe/aclprobe/internal/clock"
	"github.com/aclprobe/aclprobe/plan"
)

// Set runs a plan's probes: a baseline before the first change, then each
// probe concurrently on its own interval between Start and Stop, reported
// through Poll. It is safe for concurrent use.
type Set struct {
	// Clock schedules the attempts (the intervals of the baseline and of
	// the background loops) and stamps the samples; nil means the wall
	// clock. Set it before the first Baseline, Start or RunOnce. The
	// checks' own timeouts bound real network and process I/O, so they
	// stay on the wall clock.
	Clock clock.Clock

	runners []*runner

	mu     sync.Mutex
	cancel context.CancelFunc // non-nil while started
	wg     sync.WaitGroup
}

// Result is one probe's outcome from RunOnce.
type Result struct {
	Name   string
	Type   string // http, tcp, dns or command
	Sample Sample
}

// NewSet builds the probes of specs. Zero intervals become
// defaultInterval (the plan's poll interval), zero timeouts 5s (or the
// interval when shorter) and zero thresholds 2. Header values named by
// from_env are read now: a missing variable is an error, so every problem
// shows before the first change. All problems are reported at once.
func NewSet(specs []plan.Probe, defaultInterval time.Duration) (*Set, error) {
	s := &Set{}
	var problems []error
	seen := map[string]bool{}
	for _, p := range specs {
		if seen[p.Name] && p.Name != "" {
			problems = append(problems, fmt.Errorf("duplicate probe name %q", p.Name))
			continue
		}
		seen[p.Name] = true
		r, err := newRunner(p, defaultInterval)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		s.runners = append(s.runners, r)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("probes: %w", errors.Join(problems...))
	}
	return s, nil
}

// Names returns the probe names in plan order.
func (s *Set) Names() []string {
	names := make([]string, len(s.runners))
	for i, r := range s.runners {
		names[i] = r.name
	}
	return names
}

// Baseline checks that every probe passes threshold times in a row (the
// attempts of one probe spaced by its interval, the probes concurrently).
// It returns every sample taken; when a probe fails, the error wraps a
// *NotOKError carrying that probe's evidence. Baseline samples are not
// returned again by Poll.
func (s *Set) Baseline(ctx context.Context) ([]Sample, error) {
	var (
		mu       sync.Mutex
		samples  []Sample
		failures = make([]*Failure, len(s.runners))
		wg       sync.WaitGroup
		clk      = clock.Or(s.Clock)
	)
	for i, r := range s.runners {
		wg.Go(func() {
			got, f := r.baseline(ctx, clk)
			mu.Lock()
			samples = append(samples, got...)
			mu.Unlock()
			failures[i] = f
		})
	}
	wg.Wait()
	sortSamples(samples)
	if err := ctx.Err(); err != nil {
		return samples, fmt.Errorf("probe baseline: %w", err)
	}
	var failing []Failure
	for _, f := range failures {
		if f != nil {
			failing = append(failing, *f)
		}
	}
	if len(failing) > 0 {
		return samples, fmt.Errorf("probe baseline: %w", &NotOKError{Failures: failing})
	}
	return samples, nil
}

// baseline makes up to threshold attempts, stopping at the first failure.
func (r *runner) baseline(ctx context.Context, clk clock.Clock) ([]Sample, *Failure) {
	var samples []Sample
	for i := range r.threshold {
		if i > 0 && clk.Sleep(ctx, r.interval) != nil {
			return samples, nil
		}
		smp := r.attempt(ctx, clk)
		if ctx.Err() != nil {
			return samples, nil
		}
		r.record(smp, false)
		samples = append(samples, smp)
		if !smp.OK {
			return samples, &Failure{Kind: KindProbe, Name: r.name, Since: smp.At,
				Detail: fmt.Sprintf("%s probe failed baseline attempt %d of %d: %s", r.kind, i+1, r.threshold, evidence(smp))}
		}
	}
	return samples, nil
}

// Start runs every probe in the background, each at once and then every
// interval, until Stop or ctx ends. Starting a started Set does nothing.
func (s *Set) Start(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		return
	}
	ctx, s.cancel = context.WithCancel(ctx)
	clk := clock.Or(s.Clock)
	for _, r := range s.runners {
		s.wg.Go(func() { r.loop(ctx, clk) })
	}
}

// Stop ends the background probes and waits for them; an attempt in
// flight is abandoned, not recorded. Stopping a stopped Set does nothing;
// it may be started again (failure streaks carry over).
func (s *Set) Stop() {
	s.mu.Lock()
	cancel := s.cancel
	s.cancel = nil
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	s.wg.Wait()
}

// Poll implements Source: the samples the background probes took since
// the previous Poll (oldest first) and a Failure for every probe whose
// consecutive failures have reached its threshold, with Since the first
// failure of the streak and Detail the latest evidence. It never errors:
// a probe that cannot run is a failing probe.
func (s *Set) Poll(context.Context) ([]Sample, []Failure, error) {
	var samples []Sample
	var failing []Failure
	for _, r := range s.runners {
		got, f := r.drain()
		samples = append(samples, got...)
		if f != nil {
			failing = append(failing, *f)
		}
	}
	sortSamples(samples)
	return samples, failing, nil
}

// Passing reports whether every probe's latest sample passed: stricter
// than an empty failing list from Poll, which ignores failures below the
// threshold. Use it to decide that probes have recovered.
func (s *Set) Passing() bool {
	for _, r := range s.runners {
		if !r.passing() {
			return false
		}
	}
	return true
}

// RunOnce attempts every probe once, now, concurrently, ignoring
// thresholds and without touching streaks: `aclprobe probe`.
func (s *Set) RunOnce(ctx context.Context) []Result {
	out := make([]Result, len(s.runners))
	clk := clock.Or(s.Clock)
	var wg sync.WaitGroup
	for i, r := range s.runners {
		wg.Go(func() { out[i] = Result{Name: r.name, Type: r.kind, Sample: r.attempt(ctx, clk)} })
	}
	wg.Wait()
	return out
}

func sortSamples(s []Sample) {
	slices.SortStableFunc(s, func(a, b Sample) int { return a.At.Compare(b.At) })
}
