package cli

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/internal/testenv"
	"github.com/aclprobe/aclprobe/run"
)

// TestIntegrationGroup runs service targets and group testing through the
// real binary against moto. moto never evaluates alarms: a watcher sets
// high-resolution alarms (period 10s) from what is denied on the ACL.
// Windows are 10s, as long as those alarms need, so a quiet window is
// honestly no-impact.
func TestIntegrationGroup(t *testing.T) {
	runScenarios(t,
		scenario{"a two-CIDR service target breaks only while both are denied", testServiceTargetBreaks},
		scenario{"group mode: 32 targets, 2 breakers, max_group 8", testGroup32},
		scenario{"kill -9 in a group window, then recover", testGroupKillRecover},
	)
}

// writeGroupPlan writes a plan with the given strategy block and targets
// YAML (list items indented by 2 spaces), deny rules 80..99 and room for
// long runs (max_duration 2h).
func (e *blastEnv) writeGroupPlan(window, strategy, targets string) string {
	return e.writePlanFile(window, "2h", "deny:\n  rule_range: {from: 80, to: 99}\n"+strategy, targets)
}

// writeGroup8Plan writes a group-mode plan (max_group 8) of n targets,
// the YAML of the i-th (from 1) given by item.
func (e *blastEnv) writeGroup8Plan(window string, n int, item func(i int) string) string {
	var tb strings.Builder
	for i := 1; i <= n; i++ {
		tb.WriteString(item(i))
	}
	return e.writeGroupPlan(window, "strategy: {mode: group, max_group: 8}", tb.String())
}

// mostInPlace replays the journal: the most entries (other than the DryRun
// check's) that were possibly on the ACL at once, from create-intent to
// delete-done.
func mostInPlace(t *testing.T, out string) int {
	t.Helper()
	recs := testenv.Journal(t, filepath.Join(out, run.JournalFile))
	open, most := map[string]bool{}, 0
	for _, r := range recs {
		if r.CIDR == "" || r.CIDR == acl.ProbeCIDR {
			continue
		}
		switch r.Op {
		case acl.OpCreateIntent:
			open[r.CIDR] = true
		case acl.OpDeleteDone:
			delete(open, r.CIDR)
		}
		most = max(most, len(open))
	}
	return most
}

func (e *blastEnv) runToEnd(planPath, out string) (run.Results, *proc) {
	e.t.Helper()
	p := e.start("run", planPath, "--yes", "--out", out)
	if code := p.wait(); code != 0 {
		e.t.Fatalf("exit %d; stderr:\n%s", code, p.stderr)
	}
	return readResults(e.t, out), p
}

func testServiceTargetBreaks(t *testing.T, e *blastEnv) {
	both := []string{"52.94.216.10/32", "52.94.217.20/32"}
	planPath := e.writeGroupPlan("10s", "", fmt.Sprintf("  - cidrs: [%s, %s]\n    label: KINESIS (us-east-1)\n  - cidr: 203.0.113.99/32\n    label: idle\n", both[0], both[1]))
	stop := e.watchAlarms(map[string][]string{"kinesis": both})
	res, p := e.runToEnd(planPath, e.out)
	stop()
	if got := []string{res.Targets[0].Verdict, res.Targets[1].Verdict}; !reflect.DeepEqual(got, []string{run.VerdictBroke, run.VerdictNoImpact}) {
		t.Fatalf("verdicts %v; stderr:\n%s", got, p.stderr)
	}
	if b := res.Targets[0].BrokenBy; len(b) != 1 || b[0].Name != e.prefix+"kinesis" || !reflect.DeepEqual(res.Targets[0].CIDRs, both) {
		t.Fatalf("service target %+v", res.Targets[0])
	}
	if n := mostInPlace(t, e.out); n != 2 {
		t.Fatalf("%d entries in place at most, want the service's two together", n)
	}
	e.wantRestored("after the run")
	if md := readFile(t, filepath.Join(e.out, "report.md")); !strings.Contains(string(md), both[0]+" + "+both[1]) {
		t.Fatalf("report.md does not show the service's members:\n%s", md)
	}
}

func testGroup32(t *testing.T, e *blastEnv) {
	breakers := map[int]string{5: "kinesis", 22: "payments"} // 0-based target index -> alarm
	rules := map[string][]string{}
	for i, a := range breakers {
		rules[a] = []string{fmt.Sprintf("203.0.113.%d/32", i+1)}
	}
	planPath := e.writeGroup8Plan("10s", 32, func(i int) string { return fmt.Sprintf("  - cidr: 203.0.113.%d/32\n    label: t%d\n", i, i) })
	stop := e.watchAlarms(rules)
	res, p := e.runToEnd(planPath, e.out)
	stop()
	for i, tr := range res.Targets {
		want, blame := run.VerdictNoImpact, ""
		if a, ok := breakers[i]; ok {
			want, blame = run.VerdictBroke, e.prefix+a
		}
		var names []string
		for _, b := range tr.BrokenBy {
			names = append(names, b.Name)
		}
		if tr.Verdict != want || (blame != "" && !reflect.DeepEqual(names, []string{blame})) || (blame == "" && len(names) > 0) {
			t.Errorf("target %d: %s %v, want %s %s (%s)", i+1, tr.Verdict, names, want, blame, tr.Reason)
		}
	}
	if n := mostInPlace(t, e.out); n > 8 {
		t.Errorf("%d entries in place at once, max_group 8", n)
	}
	if n := len(res.Steps); n > 16 {
		t.Errorf("%d windows, want at most 16 (half of sequential's 32)", n)
	}
	t.Logf("%d windows for 32 targets; steps: %+v", len(res.Steps), res.Steps)
	e.wantRestored("after the run")
	if t.Failed() {
		t.Logf("stderr:\n%s", p.stderr)
	}
}

func testGroupKillRecover(t *testing.T, e *blastEnv) {
	planPath := e.writeGroup8Plan("60s", 16, func(i int) string { return fmt.Sprintf("  - cidr: 198.51.100.%d/32\n", i) })
	p := e.start("run", planPath, "--yes", "--out", e.out)
	e.waitDenied("198.51.100.8/32", p) // the last entry of the first group
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.wait()
	entries, tags := e.snapshot()
	denied := 0
	for i := range 8 {
		if deniedIn(entries, fmt.Sprintf("198.51.100.%d/32", i+1)) {
			denied++
		}
	}
	if v, _ := acl.LeaseValue(tags); denied != 8 || strings.Count(v, "entry=") != 8 {
		t.Fatalf("after kill -9: %d of 8 entries, lease %q", denied, v)
	}
	// From the lease tags alone; the killed run's lease is still live, so
	// recover needs --force.
	rp := e.start("recover", "--acl", e.acl, "--region", "us-east-1", "--force")
	if code := rp.wait(); code != 0 || strings.Count("\n"+rp.stdout.String(), "\nremoved ") != 8 {
		t.Fatalf("recover: exit %d\n%s\n%s", code, rp.stdout, rp.stderr)
	}
	rp = e.start("recover", "--journal", filepath.Join(e.out, run.JournalFile)) // a no-op now
	if code := rp.wait(); code != 0 || strings.Contains("\n"+rp.stdout.String(), "\nremoved ") {
		t.Fatalf("second recover: exit %d\n%s\n%s", code, rp.stdout, rp.stderr)
	}
	if tags := e.wantRestored("after recover"); len(tags) != 1 { // Environment only: no lease tag, no continuation
		t.Fatalf("tags after recover: %v", tags)
	}
}
