package run

import (
	"context"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/plan"
)

// The plan's real probes run on the run's clock: the baseline's spacing
// moves the virtual clock, and the samples are stamped by it.
func TestProbesRunOnTheRunsClock(t *testing.T) {
	w := newWorld()
	specs := []plan.Probe{{Name: "smoke", Command: &plan.CommandProbe{Argv: []string{"true"}}, FailureThreshold: 3, Timeout: plan.Duration(10 * time.Second)}}
	set, err := w.deps().newProbes(specs, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	start := w.clock.Now()
	samples, err := set.Baseline(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if moved := w.clock.Now().Sub(start); moved != 2*time.Minute {
		t.Errorf("baseline of 3 attempts a minute apart moved the run's clock %v, want 2m", moved)
	}
	want := []time.Time{start, start.Add(time.Minute), start.Add(2 * time.Minute)}
	if len(samples) != len(want) {
		t.Fatalf("%d samples, want %d", len(samples), len(want))
	}
	for i, s := range samples {
		if !s.At.Equal(want[i]) || !s.OK {
			t.Errorf("sample %d at %v ok=%v, want %v ok", i, s.At, s.OK, want[i])
		}
	}
}
