package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

// ptyProc is the aclprobe binary on a pseudo-terminal: stdin, stdout and
// stderr are the terminal, as for a person running it.
type ptyProc struct {
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	read chan struct{} // closed when the terminal's output ends
}

// startPTY runs the binary with args on a new pseudo-terminal, NO_COLOR
// unset, in e's directory.
func (e *blastEnv) startPTY(args ...string) *ptyProc {
	e.t.Helper()
	cmd := exec.Command(aclprobeBinary(e.t), args...)
	cmd.Dir = e.dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NO_COLOR=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 200})
	if err != nil {
		e.t.Fatal(err)
	}
	p := &ptyProc{cmd: cmd, tty: tty, read: make(chan struct{})}
	go func() {
		defer close(p.read)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.mu.Unlock()
			if err != nil { // EIO once the process and its children are gone
				return
			}
		}
	}()
	return p
}

func (p *ptyProc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// waitFor waits until the terminal shows s.
func (p *ptyProc) waitFor(t *testing.T, s string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(p.output(), s) {
		if time.Now().After(deadline) {
			p.cmd.Process.Kill()
			t.Fatalf("terminal never showed %q:\n%s", s, p.output())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// wait waits for the process and the end of its output; it returns the
// exit code.
func (p *ptyProc) wait() int {
	err := p.cmd.Wait()
	select {
	case <-p.read:
	case <-time.After(5 * time.Second):
	}
	p.tty.Close()
	return exitCodeOf(err)
}

// lines is the output as the terminal shows it: status line redraws
// (carriage return, erase line) leave no line behind.
func lines(out string) []string {
	var ls []string
	for _, l := range strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n") {
		if i := strings.LastIndex(l, "\r\x1b[2K"); i >= 0 {
			l = l[i+len("\r\x1b[2K"):]
		}
		ls = append(ls, l)
	}
	if len(ls) > 0 && ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// TestIntegrationTerminal drives the binary on a pseudo-terminal against
// moto_server, as a person at the terminal would.
func TestIntegrationTerminal(t *testing.T) {
	runScenarios(t,
		scenario{"a 3-target run is quiet and ends with the summary", testTerminalQuietRun},
		scenario{"a wrong confirmation changes nothing and the same --out works next", testTerminalWrongConfirmation},
		scenario{"--plan-sha256 of another plan refuses", testTerminalPlanSHA},
		scenario{"recover on a live lease without --force leaves the running test alone", testTerminalRecoverLiveLease},
	)
}

func testTerminalQuietRun(t *testing.T, e *blastEnv) {
	planPath := e.writePlan("3s", "203.0.113.7/32", "198.51.100.9/32", "203.0.113.99/32")
	stop := e.watchAlarms(map[string][]string{"kinesis": {"203.0.113.7/32"}})
	p := e.startPTY("run", planPath, "--yes", "--out", e.out)
	code := p.wait()
	stop()
	ls := lines(p.output())
	t.Logf("%d lines on the terminal:\n%s", len(ls), strings.Join(ls, "\n"))
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if len(ls) > 30 {
		t.Errorf("%d lines on the terminal for 3 targets, want at most 30", len(ls))
	}
	text := p.output()
	for _, want := range []string{"\x1b[2K", "\x1b[31m", "alarm " + e.prefix + "kinesis failing", "ACL         \x1b[32mrestored\x1b[0m: 3 entries added, 3 removed"} {
		if !strings.Contains(text, want) {
			t.Errorf("terminal lacks %q", want)
		}
	}
	if last := ls[len(ls)-1]; !strings.HasPrefix(strings.TrimSpace(last), "Log") || !strings.HasSuffix(last, filepath.Join(e.out, "run.log")) {
		t.Errorf("last line %q, want the summary's log path", last)
	}
	polls := windowPolls(t, e.out)
	if polls < 6 {
		t.Errorf("run.log has %d window polls, want every poll of three 3s windows at 500ms", polls)
	}
	e.wantRestored("after the run")
}

func testTerminalWrongConfirmation(t *testing.T, e *blastEnv) {
	planPath := e.writePlan("1s", "203.0.113.7/32")
	p := e.startPTY("run", planPath, "--out", e.out)
	p.waitFor(t, "Type the network ACL id")
	if _, err := io.WriteString(p.tty, "acl-wrong\r"); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(); code != ExitFailure || !strings.Contains(p.output(), "nothing was changed") {
		t.Fatalf("exit %d, want 1 with nothing was changed:\n%s", code, p.output())
	}
	if !strings.Contains(p.output(), "sha256 ") || !strings.Contains(p.output(), "Plan it-") {
		t.Errorf("the confirmation does not show the plan's name and sha256:\n%s", p.output())
	}
	e.wantUnchanged(e.before, e.beforeTags)
	next := e.start("run", planPath, "--yes", "--out", e.out)
	if code := next.wait(); code != 0 {
		t.Fatalf("the next try in the same --out: exit %d\n%s", code, next.stderr)
	}
}

func testTerminalPlanSHA(t *testing.T, e *blastEnv) {
	planPath := e.writePlan("1s", "203.0.113.7/32")
	p := e.startPTY("run", planPath, "--yes", "--out", e.out, "--plan-sha256", strings.Repeat("ab", 32))
	if code := p.wait(); code != ExitFailure || !strings.Contains(p.output(), "not the plan that was reviewed; nothing was changed") {
		t.Fatalf("exit %d, want 1 and the refusal:\n%s", code, p.output())
	}
	e.wantUnchanged(e.before, e.beforeTags)
	if _, err := os.Stat(e.out); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("--out created by a refused plan (%v)", err)
	}
}

func testTerminalRecoverLiveLease(t *testing.T, e *blastEnv) {
	planPath := e.writePlan("8s", "203.0.113.7/32")
	p := e.start("run", planPath, "--yes", "--out", e.out)
	e.waitDenied("203.0.113.7/32", p)
	dry := e.start("recover", "--acl", e.acl, "--region", testenv.Region, "--dry-run")
	if code := dry.wait(); code != 0 || !strings.Contains(dry.stdout.String(), "would remove") || !strings.Contains(dry.stderr.String(), "--force") {
		t.Fatalf("recover --dry-run: exit %d\n%s\n%s", code, dry.stdout, dry.stderr)
	}
	rp := e.start("recover", "--acl", e.acl, "--region", testenv.Region)
	code := rp.wait()
	msg := rp.stderr.String()
	if code != ExitFailure || !strings.Contains(msg, "the lease on "+e.acl+" is live") || !strings.Contains(msg, "owner ") ||
		!strings.Contains(msg, "started ") || !strings.Contains(msg, "expires ") || !strings.Contains(msg, "203.0.113.7/32 is on the ACL") {
		t.Fatalf("recover on a live lease: exit %d, want 1 naming the run:\n%s", code, msg)
	}
	if !e.denied("203.0.113.7/32") {
		t.Fatal("recover removed the running test's entry")
	}
	if code := p.wait(); code != 0 {
		t.Fatalf("the running test: exit %d\n%s", code, p.stderr)
	}
	if res := readResults(t, e.out); res.Targets[0].Verdict == "" || len(res.Leftovers) != 0 || res.Outcome != "completed" {
		t.Fatalf("the running test's results %+v", res)
	}
	e.wantRestored("after the run")
}
