package probe

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/internal/clock/clocktest"
)

// panicCheck is a checker with a bug: it panics.
type panicCheck struct{}

func (panicCheck) check(context.Context) outcome { panic("nil map write") }

// A probe check that panics must count as a failed attempt, in the
// background loop as anywhere else, never crash the process (which would
// leave the run's deny entry in place).
func TestPanickingCheckIsAFailure(t *testing.T) {
	r := &runner{name: "buggy", kind: TypeHTTP, interval: time.Millisecond, timeout: time.Second, threshold: 1, checker: panicCheck{}}
	clk := clocktest.NewManual(t0)
	set := &Set{runners: []*runner{r}, Clock: clk}
	ctx := context.Background()

	smp := r.attempt(ctx, clk)
	if smp.OK || !strings.Contains(smp.Error, "panicked: nil map write") {
		t.Fatalf("attempt = %+v, want a failure naming the panic", smp)
	}
	if res := set.RunOnce(ctx); len(res) != 1 || res[0].Sample.OK {
		t.Fatalf("RunOnce = %+v, want one failed result", res)
	}
	if _, err := set.Baseline(ctx); err == nil {
		t.Fatal("Baseline passed with a panicking probe")
	}
	set.Start(ctx)
	waitAttempted(t, clk, 1)
	if _, failing, _ := set.Poll(ctx); len(failing) != 1 || failing[0].Name != "buggy" {
		t.Fatalf("the background loop did not report the panicking probe as failing: %+v", failing)
	}
	set.Stop()
}
