package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"regexp"
	"strings"

	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/run"
)

// Prompter asks the user to confirm a run before its first change.
type Prompter interface {
	// ConfirmRun shows what the run of p will do after the passed
	// preflight checks and returns nil only when the user confirms; an
	// error refuses the run (nothing is changed).
	ConfirmRun(ctx context.Context, p *plan.Plan, checks []plan.Check) error
}

// terminalPrompter asks on the terminal: type the network ACL id.
type terminalPrompter struct{ io *IO }

// ConfirmRun asks for the ACL id (see confirm).
func (t *terminalPrompter) ConfirmRun(ctx context.Context, p *plan.Plan, checks []plan.Check) error {
	return confirm(ctx, t.io, p, checks)
}

// confirm shows what the run will do and asks for the ACL id on the
// terminal; anything else refuses.
func confirm(ctx context.Context, ios *IO, p *plan.Plan, checks []plan.Check) error {
	w := ios.ErrOut
	how := "one at a time"
	if p.Strategy.Group() {
		how = fmt.Sprintf("in groups of up to %d entries (group testing)", p.Strategy.MaxGroup)
	}
	fmt.Fprintf(w, "\nAll %d preflight checks passed. aclprobe will now deny, %s, in %s (%s):\n", len(checks), how, p.Target.NetworkACL, p.Target.Region)
	for i, t := range p.Targets {
		fmt.Fprintf(w, "  %2d. %-20s %s\n", i+1, t.MembersText(), t.Label)
	}
	fmt.Fprintf(w, "each for %s, then remove it and wait up to %s for recovery (at most %s in all).\n",
		p.Timing.Window, p.Timing.RecoveryTimeout, p.Timing.MaxDuration)
	for _, c := range checks {
		if c.Warn {
			fmt.Fprintf(w, "WARNING: %s: %s\n", c.Name, c.Detail)
		}
	}
	fmt.Fprintf(w, "Type the network ACL id (%s) to start: ", p.Target.NetworkACL)
	type answer struct {
		line string
		err  error
	}
	ch := make(chan answer, 1)
	go func() {
		line, err := bufio.NewReader(ios.In).ReadString('\n')
		ch <- answer{line, err}
	}()
	var line string
	select {
	case <-ctx.Done():
		return fmt.Errorf("confirmation: %w", ctx.Err())
	case a := <-ch:
		if a.err != nil && !errors.Is(a.err, io.EOF) {
			return fmt.Errorf("read confirmation: %w", a.err)
		}
		line = a.line
	}
	if strings.TrimSpace(line) != p.Target.NetworkACL {
		return fmt.Errorf("typed %q, not %s", strings.TrimSpace(line), p.Target.NetworkACL)
	}
	return nil
}

// owner is who runs aclprobe, for the lease: user@host.
func owner() string {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	return safeName(name) + "@" + safeName(host)
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// safeName keeps a name usable in a path or a tag value.
func safeName(s string) string {
	s = unsafeChars.ReplaceAllString(s, "-")
	if s == "" {
		return "plan"
	}
	return s
}

// printVerdicts writes one line per target to stdout (data).
func printVerdicts(w io.Writer, res *run.Results) {
	fmt.Fprintf(w, "%-20s %-14s %-24s %s\n", "CIDR", "VERDICT", "LABEL", "BROKEN BY (detected after)")
	for _, t := range res.Targets {
		var by []string
		for _, b := range t.BrokenBy {
			by = append(by, fmt.Sprintf("%s %s (%.2fs)", b.Kind, b.Name, b.DetectedAfter))
		}
		extra := strings.Join(by, ", ")
		if extra == "" && t.Reason != "" {
			extra = t.Reason
		}
		fmt.Fprintf(w, "%-20s %-14s %-24s %s\n", t.Members(), t.Verdict, t.Label, extra)
	}
}
