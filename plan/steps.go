package plan

import (
	"fmt"
	"net/netip"

	"github.com/aclprobe/aclprobe/acl/change"
)

// Steps returns, for every target in order, the exact deny entries a run
// adds for it (one per member CIDR). It is the one code path for "what
// will change": the preview prints its result and the run executes it.
//
// Offline (snap nil) rule numbers are 0 and RuleNote says how the run
// will choose them. With a snapshot of the ACL it chooses them: the
// highest free numbers in deny.rule_range, or, without a range, the
// highest free numbers just below the ACL's first allow entry in the
// direction; in both cases each must also be lower than the first allow
// entry that matches its CIDR (same direction, overlapping CIDR,
// intersecting protocol), or the allow entry would let the traffic
// through before the deny is read. In sequential mode targets are applied
// one at a time, so steps may share rule numbers (the members of one
// service target never do). In group mode (see groupSteps) the targets
// are cut into groups that are denied together, and no two entries of a
// group share a number. It fails when no number fits (saying so when the
// deny would be shadowed by a matching allow entry below every allowed
// number) or when the entries in place at once would exceed
// deny.max_entries.
func Steps(p *Plan, snap *change.Snapshot) ([]Step, error) {
	dir := p.Deny.Dir()
	proto, err := p.Deny.Proto()
	if err != nil {
		return nil, err
	}
	var entries []change.Entry
	if snap != nil {
		entries = snap.In(dir)
		if n, k := snap.QuotaUsed(dir), maxMembers(p); !p.Strategy.Group() && n+k > p.Deny.MaxEntries {
			more := "one more"
			if k > 1 {
				more = fmt.Sprintf("%d more (a service target's entries are in place together)", k)
			}
			return nil, fmt.Errorf("acl %s: %s has %d entries; %s exceeds max_entries %d",
				snap.ID, dir, n, more, p.Deny.MaxEntries)
		}
	}
	if p.Strategy.Group() {
		return groupSteps(p, snap, proto, dir)
	}
	steps := make([]Step, 0, len(p.Targets))
	for i, t := range p.Targets {
		s := Step{Index: i, Target: t, Group: i}
		taken := map[int]bool{}
		for _, c := range t.Members() {
			pfx, err := netip.ParsePrefix(c)
			if err != nil {
				return nil, fmt.Errorf("targets[%d]: cidr %q: %w", i, c, err)
			}
			e := change.NewDeny(0, dir, proto, pfx.Masked().String())
			if snap == nil {
				s.RuleNote = offlineNote(p, dir)
			} else if e.RuleNumber, s.RuleNote, err = chooseRule(p.Deny.RuleRange, entries, taken, pfx, proto, dir); err != nil {
				return nil, fmt.Errorf("acl %s: target %s: %w", snap.ID, e.CIDR, err)
			}
			taken[e.RuleNumber] = true
			s.Entries = append(s.Entries, e)
		}
		s.Entry = s.Entries[0]
		steps = append(steps, s)
	}
	return steps, nil
}

// maxMembers is the most CIDRs one target denies together.
func maxMembers(p *Plan) int {
	n := 0
	for _, t := range p.Targets {
		n = max(n, len(t.Members()))
	}
	return n
}

// ruleBounds is the range a target's rule number is chosen from (from
// to to, highest first), the numbers in use, and how the range was set;
// an error when a matching allow entry sits below every allowed number
// (the deny would be shadowed).
func ruleBounds(rr *RuleRange, entries []change.Entry, target netip.Prefix, proto change.Protocol, dir change.Direction) (from, to int, used map[int]bool, how string, err error) {
	used = map[int]bool{}
	firstAllow := change.DefaultRuleNumber
	for _, e := range entries {
		used[e.RuleNumber] = true
		if e.Action == change.Allow && e.RuleNumber < firstAllow {
			firstAllow = e.RuleNumber
		}
	}
	limit, match := change.DefaultRuleNumber, "no allow entry matches the target (the default rule already denies it)"
	var matched change.Entry
	for _, e := range entries {
		if e.Action != change.Allow || !e.Protocol.Intersects(proto) {
			continue
		}
		if q, err := netip.ParsePrefix(e.CIDR); err == nil && q.Overlaps(target) {
			limit, match, matched = e.RuleNumber, "below the first allow entry matching the target: "+describeEntry(e), e
			break
		}
	}
	from, to, how = change.MinRuleNumber, firstAllow-1, fmt.Sprintf("highest free number below the first allow %s entry (%d)", dir, firstAllow)
	if rr != nil {
		from, to, how = rr.From, rr.To, fmt.Sprintf("highest free number in rule_range %d-%d", rr.From, rr.To)
	}
	if to >= limit {
		to = limit - 1
	}
	if from >= limit {
		return 0, 0, nil, "", fmt.Errorf("the deny would be shadowed: allow entry %s already matches the target (same direction, protocol and ports overlapping) and no number from %d up is below it (%s); choose a rule_range below %d",
			describeEntry(matched), from, how, limit)
	}
	return from, to, used, how + ", " + match, nil
}

// chooseRule picks the rule number for one CIDR against the entries of
// its direction, skipping numbers taken by the step's other members.
func chooseRule(rr *RuleRange, entries []change.Entry, taken map[int]bool, target netip.Prefix, proto change.Protocol, dir change.Direction) (int, string, error) {
	from, to, used, how, err := ruleBounds(rr, entries, target, proto, dir)
	if err != nil {
		return 0, "", err
	}
	for n := to; n >= from; n-- {
		if !used[n] && !taken[n] {
			return n, how, nil
		}
	}
	return 0, "", fmt.Errorf("no free rule number: %s", how)
}

// offlineNote says how the run will choose the rule number.
func offlineNote(p *Plan, dir change.Direction) string {
	if rr := p.Deny.RuleRange; rr != nil {
		return fmt.Sprintf("chosen at run time: highest free number in rule_range %d-%d below the first allow %s entry matching the target",
			rr.From, rr.To, dir)
	}
	return fmt.Sprintf("chosen at run time: highest free number below the ACL's first allow %s entry (and below the first allow entry matching the target)",
		dir)
}

// describeEntry prints an entry the way the preview lists it.
func describeEntry(e change.Entry) string {
	s := fmt.Sprintf("%d %s %s %s", e.RuleNumber, e.Action, e.Protocol.Name(), e.CIDR)
	if e.Protocol.HasPorts() && e.Ports != change.AllPorts {
		s += fmt.Sprintf(" ports %d-%d", e.Ports.From, e.Ports.To)
	}
	return s
}
