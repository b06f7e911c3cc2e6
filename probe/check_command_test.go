package probe

import (
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/plan"
)

func TestCommandCheck(t *testing.T) {
	tests := []struct {
		name    string
		cmd     plan.CommandProbe
		timeout time.Duration
		ok      bool
		want    string // in Error when failing, in Detail when passing
		output  string // exact Output, when not "-"
	}{
		{"true", plan.CommandProbe{Argv: []string{"true"}}, 0, true, "exit 0", ""},
		{"false", plan.CommandProbe{Argv: []string{"false"}}, 0, false, "exit status 1", ""},
		{"killed after the timeout", plan.CommandProbe{Argv: []string{"sleep", "30"}}, 200 * time.Millisecond, false, "timed out after 200ms (killed)", ""},
		{"children killed with it", plan.CommandProbe{Argv: []string{"sh", "-c", "sleep 30; echo never"}}, 200 * time.Millisecond, false, "timed out", ""},
		{"no shell: argv is literal", plan.CommandProbe{Argv: []string{"echo", "$HOME", "|", "false"}}, 0, true, "exit 0 $HOME | false", "$HOME | false"},
		{"environment", plan.CommandProbe{Argv: []string{"sh", "-c", `test "$PROBE_TARGET" = kinesis && echo "target $PROBE_TARGET"`},
			Env: map[string]string{"PROBE_TARGET": "kinesis"}}, 0, true, "target kinesis", "target kinesis"},
		{"missing program", plan.CommandProbe{Argv: []string{"/nonexistent/smoke-test"}}, 0, false, "run /nonexistent/smoke-test", ""},
		{"last ten lines kept", plan.CommandProbe{Argv: []string{"sh", "-c", `i=1; while [ $i -le 15 ]; do echo "line $i"; i=$((i+1)); done; echo "oops" >&2; exit 3`}},
			0, false, "exit status 3", "line 7\nline 8\nline 9\nline 10\nline 11\nline 12\nline 13\nline 14\nline 15\noops"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := checkOnce(t, plan.Probe{Name: "smoke", Command: &tt.cmd, Timeout: dur(tt.timeout), Interval: dur(time.Minute)}, tt.ok, tt.want)
			if tt.output != "" && s.Output != tt.output {
				t.Errorf("Output = %q, want %q", s.Output, tt.output)
			}
		})
	}
}

func TestTailWriterKeepsTheEnd(t *testing.T) {
	w := &tailWriter{}
	long := strings.Repeat("x", tailLineMax+50)
	for range 2000 { // well past the byte buffer
		_, _ = w.Write([]byte("noise line\n"))
	}
	_, _ = w.Write([]byte(long + "\nlast\n"))
	lines := w.lines()
	if len(lines) != tailLines || lines[tailLines-1] != "last" || lines[tailLines-2] != long[:tailLineMax]+"..." {
		t.Errorf("lines = %q", lines)
	}
}
