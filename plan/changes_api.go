package plan

import "github.com/aclprobe/aclprobe/acl/change"

// Step is one target's change exactly as the run will make it: the preview
// prints Steps, the run executes them; both get them from Steps(), so what
// is previewed is what is done.
type Step struct {
	Index    int    // 0-based position in the plan
	Target   Target // the plan's target
	RuleNote string // how the rule numbers are or will be chosen
	// Group is the 0-based group the target is denied with in group mode
	// (steps of one group never share a rule number); in sequential mode
	// every step is its own group (Group == Index).
	Group int
	// Entries are the deny entries the step adds, one per member CIDR of
	// the target, all in place together: each one's Preview is the line
	// the dry run prints and its CreateInput the request the run sends.
	// Their RuleNumber is 0 offline (chosen at run time, see RuleNote).
	Entries []change.Entry
	// Entry is Entries[0], the one entry of a single-CIDR target.
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

// All are the step's entries: Entries, or the embedded Entry alone for a
// step built without Entries.
func (s Step) All() []change.Entry {
	if len(s.Entries) == 0 {
		return []change.Entry{s.Entry}
	}
	return s.Entries
}
