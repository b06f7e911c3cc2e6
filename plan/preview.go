package plan

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/aclprobe/aclprobe/acl/change"
)

// PreviewInput is everything the dry run shows. Steps come from Steps(),
// the same call the run makes. Snapshot and Checks are nil offline.
type PreviewInput struct {
	Path          string
	SHA256        string
	Plan          *Plan
	Steps         []Step
	Snapshot      *change.Snapshot // the ACL as read by preflight; nil offline
	Checks        []Check          // preflight results; nil offline
	OfflineReason string           // why no AWS calls were made; empty means online
	// Paths are each target's path check (plan order); nil when not run.
	Paths []Path
	// Detection is which watched checks could fail within the window;
	// nil when not run (offline).
	Detection *Detection
}

// Preview renders the dry run: the plan's identity, the guard, every step
// with its exact entry, what is watched, the time estimate and, with AWS
// access, the preflight checks and the ACL's entries with each new deny
// entry in place.
func Preview(w io.Writer, in PreviewInput) error {
	pw := &printer{w: w}
	p := in.Plan
	pw.line("Dry run: nothing is changed.")
	pw.line("")
	pw.kv("Plan", fmt.Sprintf("%s (%s)", p.Name, in.Path))
	pw.kv("SHA-256", in.SHA256)
	acl := fmt.Sprintf("%s in %s", p.Target.NetworkACL, p.Target.Region)
	if len(p.Target.Subnets) > 0 {
		acl += ", expected subnets " + strings.Join(p.Target.Subnets, ", ")
	}
	pw.kv("ACL", acl)
	pw.kv("Guard", guardText(p.Guard))
	switch {
	case in.OfflineReason != "":
		pw.kv("Mode", "offline ("+in.OfflineReason+"): rule numbers are chosen at run time; no preflight check ran")
	case in.Snapshot == nil:
		pw.kv("Mode", "online: read-only preflight ran, but the ACL could not be read (see the checks)")
	default:
		pw.kv("Mode", fmt.Sprintf("online: read-only preflight against %s (VPC %s)", in.Snapshot.ID, in.Snapshot.VPC))
	}
	pw.line("")
	previewSteps(pw, p, in)
	previewWatch(pw, p.Watch)
	pw.line("")
	pw.kv("Estimate", EstimateText(p))
	for _, l := range CampaignText(EstimateCampaign(p)) {
		pw.line(l)
	}
	if in.OfflineReason == "" {
		previewChecks(pw, in.Checks)
	}
	if in.Snapshot != nil {
		previewDiff(pw, in.Snapshot, in.Steps)
	}
	return pw.err
}

func previewSteps(pw *printer, p *Plan, in PreviewInput) {
	steps := in.Steps
	t := p.Timing
	if p.Strategy.Group() {
		end := "full window"
		if p.Strategy.EndOnBreak() {
			end = "ending at the first confirmed failure"
		}
		pw.line(fmt.Sprintf("Steps, in groups denied together (max_group %d): add every entry of the group, observe %s (%s), remove them all, wait up to %s for recovery, cool down %s; a group that breaks is split and its parts denied until each breaking target was denied alone",
			p.Strategy.MaxGroup, FormatDuration(t.Window.D()), end, FormatDuration(t.RecoveryTimeout.D()), FormatDuration(t.Cooldown.D())))
	} else {
		pw.line(fmt.Sprintf("Steps, one target at a time: add the entry, observe %s, remove it, wait up to %s for recovery, cool down %s",
			FormatDuration(t.Window.D()), FormatDuration(t.RecoveryTimeout.D()), FormatDuration(t.Cooldown.D())))
	}
	for i, s := range steps {
		if p.Strategy.Group() && (i == 0 || steps[i-1].Group != s.Group) {
			pw.line(fmt.Sprintf("  group %d", s.Group+1))
		}
		label := s.Target.Label
		if label == "" {
			label = "(no label)"
		}
		pw.line(fmt.Sprintf("  %d/%d  %s  %s", s.Index+1, len(steps), stepCIDRs(s), label))
		for _, e := range s.All() {
			pw.line("        + " + e.Preview())
		}
		pw.line("          rule number: " + s.RuleNote)
		pw.line("          evidence: " + EvidenceSummary(s.Target.Evidence))
		if s.Index < len(in.Paths) {
			pw.line("          path: " + in.Paths[s.Index].Summary())
		}
		if d := in.Detection; d != nil {
			if r := d.Reason(); r != "" {
				pw.line("          if quiet: INCONCLUSIVE, " + r)
			} else {
				pw.line("          if quiet: no-impact, seen by " + d.Summary())
			}
		}
	}
}

func previewWatch(pw *printer, w Watch) {
	pw.line("")
	pw.line("Watched during each window (a target breaks when an alarm leaves OK or a probe fails)")
	pw.kv("  alarms", listOrNone(w.Alarms))
	pw.kv("  alarm prefixes", listOrNone(w.AlarmPrefixes))
	stop := listOrNone(w.StopAlarms)
	if len(w.StopAlarms) > 0 {
		stop += " (any in ALARM stops the run and removes the entry)"
	}
	pw.kv("  stop alarms", stop)
	if len(w.Probes) == 0 {
		pw.kv("  probes", "none")
	}
	for _, pr := range w.Probes {
		pw.kv("  probe "+pr.Name, fmt.Sprintf("%s; every %s, timeout %s, fails after %d in a row",
			ProbeText(pr), pr.Interval, pr.Timeout, pr.FailureThreshold))
	}
}

// ProbeText says what a probe checks, without secrets (header values read
// from the environment are named, never shown).
func ProbeText(pr Probe) string {
	switch {
	case pr.HTTP != nil:
		h := pr.HTTP
		s := fmt.Sprintf("http %s %s", h.Method, h.URL)
		if len(h.ExpectStatus) > 0 {
			s += fmt.Sprintf(", expect status %v", h.ExpectStatus)
		} else {
			s += ", expect 2xx"
		}
		if h.BodyRegex != "" {
			s += fmt.Sprintf(", body matches %q", h.BodyRegex)
		}
		if h.MaxLatency > 0 {
			s += ", within " + h.MaxLatency.String()
		}
		for _, hd := range h.Headers {
			if hd.FromEnv != "" {
				s += fmt.Sprintf(", header %s from $%s", hd.Name, hd.FromEnv)
			} else {
				s += fmt.Sprintf(", header %s", hd.Name)
			}
		}
		return s
	case pr.TCP != nil:
		return "tcp connect " + pr.TCP.Address
	case pr.DNS != nil:
		s := "dns resolve " + pr.DNS.Name
		if pr.DNS.Server != "" {
			s += " via " + pr.DNS.Server
		}
		if len(pr.DNS.ExpectCIDRs) > 0 {
			s += " into " + strings.Join(pr.DNS.ExpectCIDRs, ", ")
		}
		return s
	case pr.Command != nil:
		return "command " + strings.Join(quoteArgv(pr.Command.Argv), " ")
	}
	return "no kind"
}

func previewChecks(pw *printer, checks []Check) {
	pw.line("")
	pw.line("Preflight checks (read-only, the same the run makes before its first change)")
	if len(checks) == 0 {
		pw.line("  none ran")
	}
	width := 0
	for _, c := range checks {
		width = max(width, len(c.Name))
	}
	for _, c := range checks {
		status := "OK  "
		switch {
		case !c.OK:
			status = "FAIL"
		case c.Warn:
			status = "WARN"
		}
		pw.line(fmt.Sprintf("  %s  %-*s  %s", status, width, c.Name, c.Detail))
	}
}

// previewDiff prints the ACL's entries in the plan's direction with each
// step's entries (in group mode: each group's) in place, marked "+".
func previewDiff(pw *printer, snap *change.Snapshot, steps []Step) {
	if len(steps) == 0 {
		return
	}
	dir := steps[0].Direction
	current := snap.In(dir)
	pw.line("")
	pw.line(fmt.Sprintf("ACL %s %s entries during each step (+ is the entry aclprobe adds, then removes)", snap.ID, dir))
	for _, w := range diffWindows(steps) {
		pw.line("  " + w.title)
		rows := append([]change.Entry(nil), current...)
		added := map[change.Entry]bool{}
		for _, e := range w.entries {
			if e.RuleNumber > 0 {
				rows = append(rows, e)
				added[e] = true
			}
		}
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].RuleNumber < rows[j].RuleNumber })
		for _, e := range rows {
			mark := " "
			if added[e] {
				mark = "+"
			}
			pw.line(fmt.Sprintf("    %s %s", mark, diffLine(e)))
		}
	}
}

type diffWindow struct {
	title   string
	entries []change.Entry
}

// diffWindows are the sets of entries in place together: each step, or
// in group mode each group (the most entries in place at once).
func diffWindows(steps []Step) []diffWindow {
	var out []diffWindow
	for i, s := range steps {
		if s.Group == s.Index && (i+1 == len(steps) || steps[i+1].Group != s.Group) && (i == 0 || steps[i-1].Group != s.Group) {
			out = append(out, diffWindow{title: fmt.Sprintf("step %d/%d: %s", s.Index+1, len(steps), stepCIDRs(s)), entries: s.All()})
			continue
		}
		if i == 0 || steps[i-1].Group != s.Group {
			out = append(out, diffWindow{title: fmt.Sprintf("group %d:", s.Group+1)})
		}
		w := &out[len(out)-1]
		w.title += " " + stepCIDRs(s)
		w.entries = append(w.entries, s.All()...)
	}
	return out
}

func diffLine(e change.Entry) string {
	num := fmt.Sprintf("%5d", e.RuleNumber)
	if e.RuleNumber == change.DefaultRuleNumber {
		num = "    *"
	}
	s := fmt.Sprintf("%s  %-5s  %-4s  %s", num, e.Action, e.Protocol.Name(), e.CIDR)
	if e.Protocol.HasPorts() {
		s += fmt.Sprintf("  ports %d-%d", e.Ports.From, e.Ports.To)
	}
	return s
}

func guardText(g Guard) string {
	s := "account " + strings.Join(g.Accounts, ", ")
	if len(g.RequireTags) > 0 {
		var tags []string
		for _, k := range sortedKeys(g.RequireTags) {
			tags = append(tags, k+"="+g.RequireTags[k])
		}
		s += "; ACL tags " + strings.Join(tags, ", ")
	}
	return s + "; ACLs or VPCs tagged as production are always refused"
}

func listOrNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

// quoteArgv quotes arguments that a reader could misread when joined.
func quoteArgv(argv []string) []string {
	out := make([]string, len(argv))
	for i, a := range argv {
		if a == "" || strings.ContainsAny(a, " \t\"'\\$`") {
			out[i] = fmt.Sprintf("%q", a)
		} else {
			out[i] = a
		}
	}
	return out
}

// printer writes lines and remembers the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(s string) {
	if p.err == nil {
		_, p.err = fmt.Fprintln(p.w, s)
	}
}

func (p *printer) kv(k, v string) {
	p.line(fmt.Sprintf("%-17s %s", k, v))
}

// stepCIDRs are the step's CIDRs as the preview titles them.
func stepCIDRs(s Step) string {
	if len(s.Target.Members()) == 0 {
		return s.CIDR
	}
	return s.Target.MembersText()
}
