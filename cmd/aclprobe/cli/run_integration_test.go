package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/internal/testenv"
	"github.com/aclprobe/aclprobe/run"
)

// TestIntegrationBlast runs the real CLI binary against moto_server: a
// run where one target breaks an alarm, kill -9 then recover, Ctrl-C,
// and a production-tagged ACL. Each case has its own VPC, ACL and alarms
// and runs in parallel.
func TestIntegrationBlast(t *testing.T) {
	runScenarios(t,
		scenario{"one target breaks an alarm, the others do not", testRunBreaksOneTarget},
		scenario{"kill -9 mid-window, then recover from the journal", testKillThenRecover(true)},
		scenario{"kill -9 mid-window, then recover from the lease tag", testKillThenRecover(false)},
		scenario{"SIGINT mid-window restores before exit", testInterruptRestores(syscall.SIGINT)},
		scenario{"SIGTERM mid-window restores before exit", testInterruptRestores(syscall.SIGTERM)},
		scenario{"SIGHUP (ssh session lost) mid-window restores before exit", testInterruptRestores(syscall.SIGHUP)},
		scenario{"Ctrl-C with stderr piped to a reader that died (| tee) restores before exit", testBrokenStderrPipe},
		scenario{"production-tagged ACL is refused", testProductionRefused},
		scenario{"stdin from /dev/null without --yes is refused", testStdinDevNullRefused},
	)
}

func testRunBreaksOneTarget(t *testing.T, e *blastEnv) {
	// A real TCP probe (probe.Set through the binary) against a local
	// listener that stays healthy.
	probes := fmt.Sprintf("  probes:\n    - name: local-tcp\n      tcp: {address: %q}\n      timeout: 400ms\n", testenv.TCPListener(t))
	planPath := e.writePlanWithProbes("3s", probes, "203.0.113.7/32", "198.51.100.9/32", "203.0.113.99/32")
	// The "service": kinesis breaks while 203.0.113.7 is denied.
	stop := e.watchAlarms(map[string][]string{"kinesis": {"203.0.113.7/32"}})
	p := e.start("run", planPath, "--yes", "--out", e.out)
	code := p.wait()
	stop()
	stdout, stderr := p.stdout, p.stderr
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	t.Logf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
	if entries, _ := os.ReadDir(e.out); len(entries) < 3 {
		t.Errorf("output dir has %d files, want journal, results and the reports", len(entries))
	}
	res := readResults(t, e.out)
	var got []string
	for _, tr := range res.Targets {
		got = append(got, tr.Verdict)
	}
	if want := []string{run.VerdictBroke, run.VerdictNoImpact, run.VerdictNoImpact}; !reflect.DeepEqual(got, want) {
		t.Fatalf("verdicts %v, want %v\nstderr:\n%s", got, want, stderr)
	}
	if b := res.Targets[0].BrokenBy; len(b) != 1 || b[0].Name != e.prefix+"kinesis" || b[0].DetectedAfter < 0 {
		t.Fatalf("broken_by %+v", b)
	}
	if res.Outcome != run.OutcomeCompleted || res.Account != "123456789012" || len(res.Leftovers) != 0 {
		t.Fatalf("results %+v", res)
	}
	if !reflect.DeepEqual(res.Watched.Probes, []string{"local-tcp"}) || len(res.Baseline) == 0 {
		t.Fatalf("probes watched %v, baseline %+v", res.Watched.Probes, res.Baseline)
	}
	probeSamples := 0
	for _, s := range res.Targets[1].Timeline {
		if s.Kind == "probe" && s.Phase == "window" && s.OK {
			probeSamples++
		}
	}
	if probeSamples == 0 {
		t.Fatalf("no passing probe sample in target 2's window: %+v", res.Targets[1].Timeline)
	}
	e.wantRestored("after the run")
	recs := testenv.Journal(t, filepath.Join(e.out, run.JournalFile))
	ops := map[string]int{}
	for _, r := range recs {
		ops[r.Op]++
	}
	// 3 targets plus the DryRun check entry moto really creates.
	if ops[acl.OpCreateIntent] != 4 || ops[acl.OpDeleteDone] != 4 || ops[acl.OpCreateDone] != 3 || len(acl.Pending(recs)) != 0 {
		t.Fatalf("journal ops %v", ops)
	}
	if !strings.Contains(stdout.String(), "203.0.113.7/32") || !strings.Contains(stdout.String(), "broke") {
		t.Fatalf("stdout:\n%s", stdout)
	}
	checkReports(t, e)
}

// checkReports asserts that the reports run wrote from this real run
// (in e.out) name the broken target and what broke it, and that `aclprobe
// report` renders the same Markdown again from the run directory alone.
func checkReports(t *testing.T, e *blastEnv) {
	t.Helper()
	out := e.out
	md := readFile(t, filepath.Join(out, "report.md"))
	for _, want := range []string{"| `203.0.113.7/32` |", "✗ **broke**", "alarm " + e.prefix + "kinesis", "✓ **no-impact**", "## Timelines", "## Journal"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	html := readFile(t, filepath.Join(out, "report.html"))
	for _, want := range []string{"<svg", "203.0.113.7/32", "<th scope="} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	p := e.start("report", out, "--format", "md")
	if code := p.wait(); code != 0 {
		t.Fatalf("aclprobe report: exit %d: %s", code, p.stderr)
	}
	if p.stdout.String() != string(md) {
		t.Errorf("aclprobe report re-rendered a different report.md:\n%s", p.stdout)
	}
}

func testKillThenRecover(withJournal bool) func(*testing.T, *blastEnv) {
	return func(t *testing.T, e *blastEnv) { killThenRecover(t, e, withJournal) }
}

func killThenRecover(t *testing.T, e *blastEnv, withJournal bool) {
	planPath := e.writePlan("60s", "203.0.113.7/32")
	p := e.start("run", planPath, "--yes", "--out", e.out)
	e.waitDenied("203.0.113.7/32", p)
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.wait()
	if !e.denied("203.0.113.7/32") {
		t.Fatal("the entry should still be there after kill -9")
	}
	first := []string{"recover", "--acl", e.acl, "--region", "us-east-1"} // from the lease tag alone
	if withJournal {
		first = []string{"recover", "--journal", filepath.Join(e.out, run.JournalFile)}
	}
	// The lease has not expired: without --force, recover cannot know the
	// run is dead and refuses, changing nothing.
	rp := e.start(first...)
	if code := rp.wait(); code != ExitFailure || !strings.Contains(rp.stderr.String(), "is on the ACL") ||
		!strings.Contains(rp.stderr.String(), "--force") || !e.denied("203.0.113.7/32") {
		t.Fatalf("recover without --force on a live lease: exit %d, entry denied %t\n%s", code, e.denied("203.0.113.7/32"), rp.stderr)
	}
	first = append(first, "--force")
	for i, args := range [][]string{first, {"recover", "--acl", e.acl, "--region", "us-east-1"}} { // the second is a no-op
		rp := e.start(args...)
		rout := rp.stdout
		if code := rp.wait(); code != 0 {
			t.Fatalf("recover #%d: exit %d\n%s\n%s", i+1, code, rout, rp.stderr)
		}
		if i == 0 && !strings.Contains(rout.String(), "removed") {
			t.Fatalf("recover said:\n%s", rout)
		}
		if i == 1 && strings.Contains(rout.String(), "removed") {
			t.Fatalf("second recover removed something:\n%s", rout)
		}
	}
	e.wantRestored("after recover")
}

func testInterruptRestores(sig syscall.Signal) func(*testing.T, *blastEnv) {
	return func(t *testing.T, e *blastEnv) { interruptRestores(t, e, sig) }
}

func interruptRestores(t *testing.T, e *blastEnv, sig syscall.Signal) {
	planPath := e.writePlan("60s", "203.0.113.7/32", "198.51.100.9/32")
	p := e.start("run", planPath, "--yes", "--out", e.out)
	e.waitDenied("203.0.113.7/32", p)
	p.cmd.Process.Signal(sig)
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(p.stderr.String(), "stopping") && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	// A second Ctrl-C must neither kill the process nor skip the undo
	// (whether it lands during the undo depends on timing: the message it
	// prints is checked in TestUndoNoticeSecondSignal).
	p.cmd.Process.Signal(sig)
	stderr := p.stderr
	if code, want := p.wait(), ExitSignalBase+int(sig); code != want {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, want, stderr)
	}
	e.wantRestored(fmt.Sprintf("after %v", sig))
	if res := readResults(t, e.out); res.Outcome != run.OutcomeInterrupted {
		t.Fatalf("outcome %q", res.Outcome)
	}
	if !strings.Contains(stderr.String(), "undo: removing deny entry 99 egress deny all 203.0.113.7/32") {
		t.Fatalf("the undo is not announced; stderr:\n%s", stderr)
	}
}

func testProductionRefused(_ *testing.T, e *blastEnv) {
	e.tag(e.acl, map[string]string{"Name": "edge-prod-1"}) // with Environment=staging
	e.refused(e.writePlan("3s", "203.0.113.7/32"), "production")
}

// testBrokenStderrPipe: `aclprobe run ... 2>&1 | tee run.log` and Ctrl-C
// kills tee too; the undo's next line on stderr then hits a broken pipe,
// which must not kill aclprobe (SIGPIPE) before it removed the entry.
func testBrokenStderrPipe(t *testing.T, e *blastEnv) {
	planPath := e.writePlan("60s", "203.0.113.7/32")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	p := startBinary(t, e.dir, w, "run", planPath, "--yes", "--out", e.out)
	w.Close()
	copied := make(chan struct{})
	go func() { // the "tee": reads stderr until the test closes it
		defer close(copied)
		buf := make([]byte, 4096)
		for {
			n, err := r.Read(buf)
			p.stderr.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	e.waitDenied("203.0.113.7/32", p)
	r.Close() // tee dies with the Ctrl-C
	<-copied
	p.cmd.Process.Signal(syscall.SIGINT)
	if code, want := p.wait(), ExitSignalBase+int(syscall.SIGINT); code != want {
		t.Fatalf("exit %d (%v), want %d; stderr before the pipe broke:\n%s", code, p.err, want, p.stderr)
	}
	e.wantRestored("after Ctrl-C with a broken stderr")
}
