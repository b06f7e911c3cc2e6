package plan

import "github.com/aclprobe/aclprobe/acl/change"

// Step is one target's change exactly as the run will make it: the preview
// prints Steps, the run executes them; both get them from Steps(), so what
// is previewed is what is done.
type Step struct {
	Index    int    // 0-based position in the plan
	Target   Target // the plan's target
	RuleNote string // how the rule number is or will be chosen
	// Entry is the deny entry the step adds: its Preview is the line the
	// dry run prints and its CreateInput the request the run sends. Its
	// RuleNumber is 0 offline (chosen at run time, see RuleNote).
	change.Entry
}

// Check is the outcome of one read-only preflight check, shown by the
// preview and enforced by the run.
type Check struct {
	Name   string // e.g. "guard: account", "acl: rule numbers free"
	OK     bool
	Warn   bool // passed, but the detail warns (e.g. verdicts will be inconclusive)
	Detail string
}
