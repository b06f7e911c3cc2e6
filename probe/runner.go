package probe

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aclprobe/aclprobe/internal/clock"
)

// maxPending bounds the samples kept between two Polls (oldest dropped).
const maxPending = 10000

// runner is one probe: its check, its schedule and its failure streak.
type runner struct {
	name      string
	kind      string
	interval  time.Duration
	timeout   time.Duration
	threshold int
	checker   checker
	secrets   redactor

	mu          sync.Mutex
	pending     []Sample  // taken since the last Poll
	streak      int       // consecutive failures
	streakStart time.Time // when the streak's first failure was seen
	lastFail    Sample    // the latest failing sample: the evidence
	last        *Sample   // the latest sample
}

// attempt runs the check once within the probe's timeout (real time: it
// bounds real I/O) and returns the sample (At = when the result was known
// on clk; secrets redacted).
func (r *runner) attempt(ctx context.Context, clk clock.Clock) Sample {
	actx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	o := r.safeCheck(actx)
	s := Sample{
		At: clk.Now().UTC(), Kind: KindProbe, Name: r.name, OK: o.ok, State: "ok", Latency: o.latency,
		Error: r.secrets.apply(o.err), Output: r.secrets.apply(o.output), Detail: r.secrets.apply(o.detail),
	}
	if !s.OK {
		s.State = "fail"
		if s.Error == "" {
			s.Error = "failed"
		}
	}
	return s
}

// safeCheck runs the check and turns a panic into a failed attempt: probes
// run in background goroutines during a window, and a panic there would
// kill the process with a deny entry in place instead of letting the run
// undo it.
func (r *runner) safeCheck(ctx context.Context) (o outcome) {
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			o = failed(time.Since(start), "%s probe check panicked: %v", r.kind, p)
		}
	}()
	return r.checker.check(ctx)
}

// record updates the streak with s and, when keep, queues it for Poll.
func (r *runner) record(s Sample, keep bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if keep {
		r.pending = append(r.pending, s)
		if over := len(r.pending) - maxPending; over > 0 {
			r.pending = append(r.pending[:0], r.pending[over:]...)
		}
	}
	r.last = &s
	if s.OK {
		r.streak = 0
		return
	}
	if r.streak == 0 {
		r.streakStart = s.At
	}
	r.streak++
	r.lastFail = s
}

// drain returns the queued samples and the current failure, if the
// streak has reached the threshold.
func (r *runner) drain() ([]Sample, *Failure) {
	r.mu.Lock()
	defer r.mu.Unlock()
	samples := r.pending
	r.pending = nil
	if r.streak < r.threshold {
		return samples, nil
	}
	return samples, &Failure{Kind: KindProbe, Name: r.name, Since: r.streakStart,
		Detail: fmt.Sprintf("%s probe failed %d times in a row: %s", r.kind, r.streak, evidence(r.lastFail))}
}

// passing reports whether the latest sample passed.
func (r *runner) passing() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last != nil && r.last.OK
}

// loop attempts the probe now and then every interval on clk until ctx
// ends. An attempt cut short by ctx ending is not recorded: stopping is
// not a failure.
func (r *runner) loop(ctx context.Context, clk clock.Clock) {
	for ctx.Err() == nil {
		s := r.attempt(ctx, clk)
		if ctx.Err() != nil {
			return
		}
		r.record(s, true)
		if clk.Sleep(ctx, r.interval) != nil {
			return
		}
	}
}
