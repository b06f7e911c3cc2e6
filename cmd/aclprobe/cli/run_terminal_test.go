package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/run"
)

// TestRunTerminalOnFakes runs runRun on the fakes with stderr not a
// terminal and the default log level: stderr shows a line per thing that
// matters (the failing alarm with its reason, its recovery, each verdict)
// and ends with the summary, while run.log in the output directory has
// every record as JSON, down to each poll.
func TestRunTerminalOnFakes(t *testing.T) {
	a := newFakeAWS()
	o, _, stderr := a.runOptions(t, &recordingPrompter{})
	logs := &logConfig{Level: "info", Format: "text"}
	o.LogHandler = logs.Handler
	if err := runRun(context.Background(), o); err != nil {
		t.Fatalf("runRun: %v\nstderr:\n%s", err, stderr)
	}
	t.Logf("stderr:\n%s", stderr)
	for _, want := range []string{
		"FAIL alarm kinesis-errors failing 0s after the deny: ALARM: denied 203.0.113.7/32",
		"ok alarm kinesis-errors healthy again during recovery",
		"[1/2] 203.0.113.7/32 kinesis  BROKE: alarm kinesis-errors",
		"[2/2] 198.51.100.9/32 partner  no impact",
		"ACL         restored: 2 entries added, 2 removed",
		"Log         " + filepath.Join(o.Out, "run.log"),
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q", want)
		}
	}
	if strings.Contains(stderr.String(), "\r") || strings.Contains(stderr.String(), "\x1b[") {
		t.Errorf("stderr is not a terminal but has a status line or colours:\n%q", stderr)
	}
	if n := strings.Count(stderr.String(), "\n"); n > 25 {
		t.Errorf("stderr has %d lines for 2 targets, want at most 25", n)
	}
	polls := windowPolls(t, o.Out)
	if polls < 10 {
		t.Errorf("run.log has %d window polls, want every poll (at least 10 for two 10s windows at 1s)", polls)
	}
}

// TestRunPlanSHA256: --plan-sha256 with another digest refuses before
// anything (exit 1, no AWS call, no output directory); the plan's own
// digest, in any case, runs.
func TestRunPlanSHA256(t *testing.T) {
	a := newFakeAWS()
	o, _, _ := a.runOptions(t, &recordingPrompter{})
	o.PlanSHA256 = strings.Repeat("0", 64)
	err := runRun(context.Background(), o)
	if code := exitCode(context.Background(), err, io.Discard); code != ExitFailure || !strings.Contains(err.Error(), "not the plan that was reviewed; nothing was changed") {
		t.Fatalf("exit %d, err %v: want 1 and the refusal", code, err)
	}
	if n := len(a.ec2.Calls()); n != 0 {
		t.Errorf("%d EC2 calls after the refusal", n)
	}
	if _, err := os.Stat(o.Out); err == nil {
		t.Errorf("output directory created after the refusal")
	}
	_, sum, perr := plan.Load(o.PlanPath)
	if perr != nil {
		t.Fatal(perr)
	}
	o.PlanSHA256 = strings.ToUpper(sum)
	if err := runRun(context.Background(), o); err != nil {
		t.Fatalf("the plan's own digest: %v", err)
	}
}

// TestRunRefusedThenSameOut: a wrong answer at the prompt exits 1 with
// "nothing was changed", and the same --out takes the next try.
func TestRunRefusedThenSameOut(t *testing.T) {
	a := newFakeAWS()
	o, _, stderr := a.runOptions(t, &refusingPrompter{})
	err := runRun(context.Background(), o)
	if code := exitCode(context.Background(), err, io.Discard); code != ExitFailure || !strings.HasSuffix(err.Error(), "; nothing was changed") {
		t.Fatalf("exit %d, err %v: want 1 ending in nothing was changed", code, err)
	}
	if strings.Contains(stderr.String(), "Outcome") {
		t.Errorf("a refused start printed a run summary:\n%s", stderr)
	}
	o.Prompter = &recordingPrompter{}
	if err := runRun(context.Background(), o); err != nil {
		t.Fatalf("next try in the same --out: %v", err)
	}
}

// TestTerminalViewStatusLine: on a terminal the status line is redrawn
// in place (target, phase, time left, healthy and failing counts), lines
// are printed above it, and Close erases it.
func TestTerminalViewStatusLine(t *testing.T) {
	var b syncBuffer
	at := time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC)
	v := newTerminalView(&b, true, false, func() time.Time { return at })
	tgt := run.Event{Target: 1, Targets: 2, CIDR: "203.0.113.7/32", Label: "kinesis", At: at}
	e := tgt
	e.Kind, e.Phase, e.WindowEnd, e.Healthy, e.Failing = run.EventStatus, "window", at.Add(5*time.Second), 2, 1
	v.Event(e)
	f := tgt
	f.Kind, f.Item, f.Detail, f.After = run.EventFailing, "probe api", "status 500", 1500*time.Millisecond
	v.Event(f)
	v.Close()
	status := "\r\x1b[2K… [1/2] 203.0.113.7/32 kinesis · window · 5s left · 2 healthy · 1 failing"
	want := status + "\r\x1b[2K      FAIL probe api failing 1.5s after the deny: status 500\n" + status + "\r\x1b[2K"
	if got := b.String(); !strings.HasPrefix(got, status) || !strings.HasSuffix(got, "\r\x1b[2K") || !strings.Contains(got, want) {
		t.Errorf("output %q\nwant %q", got, want)
	}
}
