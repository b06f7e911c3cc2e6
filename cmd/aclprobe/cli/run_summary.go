package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/run"
	"github.com/aclprobe/aclprobe/run/report"
)

// writeSummary writes the block that ends a run on stderr: outcome,
// counts by verdict, what broke for which target, whether the ACL was
// restored (entries added and removed, from the journal), anything left
// with the command that removes it, and where the report, results and
// log are. recs is the run's journal (nil when it could not be read).
func writeSummary(w io.Writer, st style, res *run.Results, recs []acl.JournalRecord, outDir string) {
	row := func(k, v string) { fmt.Fprintf(w, "  %-11s %s\n", k, v) }
	took := res.EndedAt.Sub(res.StartedAt).Round(time.Second)
	fmt.Fprintf(w, "\n%s\n", st.bold(fmt.Sprintf("aclprobe run %s: %s in %s", res.RunID, res.Outcome, took)))
	outcome := res.Outcome
	if res.Reason != "" {
		outcome += ": " + res.Reason
	}
	if res.Outcome != run.OutcomeCompleted {
		outcome = st.yellow(outcome)
	}
	row("Outcome", outcome)
	row("Verdicts", verdictCounts(st, res))
	broke := false
	for i, t := range res.Targets {
		if t.Verdict != run.VerdictBroke {
			continue
		}
		broke = true
		var by []string
		for _, b := range t.BrokenBy {
			s := fmt.Sprintf("%s %s after %s", b.Kind, b.Name, seconds(time.Duration(b.DetectedAfter*float64(time.Second))))
			if b.Detail != "" {
				s += " (" + b.Detail + ")"
			}
			by = append(by, s)
		}
		name := fmt.Sprintf("%d. %s", i+1, t.CIDR)
		if t.Label != "" {
			name += " " + t.Label
		}
		row(map[bool]string{true: "What broke", false: ""}[i == firstBroke(res)], st.red(name)+": "+strings.Join(by, "; "))
	}
	if !broke {
		row("What broke", "nothing")
	}
	added, removed := entryCounts(recs)
	acls := fmt.Sprintf("%s: %d %s added, %d removed", st.green("restored"), added, plural(added, "entry", "entries"), removed)
	entriesLeft := 0
	for _, l := range res.Leftovers {
		if !l.LeaseTag() {
			entriesLeft++
		}
	}
	if entriesLeft > 0 || added != removed {
		acls = fmt.Sprintf("%s: %d %s added, %d removed", st.red("NOT restored"), added, plural(added, "entry", "entries"), removed)
	}
	row("ACL", acls)
	if len(res.Leftovers) == 0 {
		row("Left", "nothing")
	}
	for i, l := range res.Leftovers {
		row(map[bool]string{true: "Left", false: ""}[i == 0], st.red(l.Describe()))
		row("", "remove it with: "+st.bold(l.Command))
	}
	row("Report", filepath.Join(outDir, report.HTMLFile))
	row("Results", filepath.Join(outDir, run.ResultsFile))
	row("Log", filepath.Join(outDir, run.LogFile))
}

func firstBroke(res *run.Results) int {
	for i, t := range res.Targets {
		if t.Verdict == run.VerdictBroke {
			return i
		}
	}
	return -1
}

func verdictCounts(st style, res *run.Results) string {
	n := map[string]int{}
	for _, t := range res.Targets {
		n[t.Verdict]++
	}
	return fmt.Sprintf("%s %d · %s %d · %s %d", st.verdict(run.VerdictBroke), n[run.VerdictBroke],
		st.verdict(run.VerdictNoImpact), n[run.VerdictNoImpact], st.verdict(run.VerdictInconclusive), n[run.VerdictInconclusive])
}

// entryCounts counts the targets' deny entries the journal records as
// created, and how many of those it records as removed afterwards. The
// preflight's DryRun check entry (acl.ProbeCIDR) is not one of them.
func entryCounts(recs []acl.JournalRecord) (added, removed int) {
	in := map[string]bool{}
	for _, r := range recs {
		if r.CIDR == "" || r.CIDR == acl.ProbeCIDR {
			continue
		}
		key := fmt.Sprintf("%s %d %t %s", r.ACL, r.RuleNumber, r.Egress, r.CIDR)
		switch r.Op {
		case acl.OpCreateDone:
			added++
			in[key] = true
		case acl.OpDeleteDone:
			if in[key] {
				removed++
				in[key] = false
			}
		}
	}
	return added, removed
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
