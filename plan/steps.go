package plan

import (
	"fmt"
	"net/netip"

	"github.com/aclprobe/aclprobe/acl/change"
)

// Steps returns, for every target in order, the exact deny entry a run
// adds. It is the one code path for "what will change": the preview prints
// its result and the run executes it.
//
// Offline (snap nil) the rule number is 0 and RuleNote says how the run
// will choose it. With a snapshot of the ACL it chooses the number: the
// highest free number in deny.rule_range, or, without a range, the highest
// free number just below the ACL's first allow entry in the direction; in
// both cases it must also be lower than the first allow entry that matches
// the target (same direction, overlapping CIDR, intersecting protocol), or
// the allow entry would let the traffic through before the deny is read.
// Targets are applied one at a time, so steps may share a rule number. It
// fails when no number fits (saying so when the deny would be shadowed by
// a matching allow entry below every allowed number) or when adding one
// entry would exceed deny.max_entries.
func Steps(p *Plan, snap *change.Snapshot) ([]Step, error) {
	dir := p.Deny.Dir()
	proto, err := p.Deny.Proto()
	if err != nil {
		return nil, err
	}
	var entries []change.Entry
	if snap != nil {
		entries = snap.In(dir)
		if n := snap.QuotaUsed(dir); n+1 > p.Deny.MaxEntries {
			return nil, fmt.Errorf("acl %s: %s has %d entries; one more exceeds max_entries %d",
				snap.ID, dir, n, p.Deny.MaxEntries)
		}
	}
	steps := make([]Step, 0, len(p.Targets))
	for i, t := range p.Targets {
		pfx, err := netip.ParsePrefix(t.CIDR)
		if err != nil {
			return nil, fmt.Errorf("targets[%d]: cidr %q: %w", i, t.CIDR, err)
		}
		s := Step{Index: i, Target: t, Entry: change.NewDeny(0, dir, proto, pfx.Masked().String())}
		if snap == nil {
			s.RuleNote = offlineNote(p, dir)
		} else if s.RuleNumber, s.RuleNote, err = chooseRule(p.Deny.RuleRange, entries, pfx, proto, dir); err != nil {
			return nil, fmt.Errorf("acl %s: target %s: %w", snap.ID, s.CIDR, err)
		}
		steps = append(steps, s)
	}
	return steps, nil
}

// chooseRule picks the rule number for one target against the entries of
// its direction (sorted by number).
func chooseRule(rr *RuleRange, entries []change.Entry, target netip.Prefix, proto change.Protocol, dir change.Direction) (int, string, error) {
	used := map[int]bool{}
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
	from, to, how := change.MinRuleNumber, firstAllow-1, fmt.Sprintf("highest free number below the first allow %s entry (%d)", dir, firstAllow)
	if rr != nil {
		from, to, how = rr.From, rr.To, fmt.Sprintf("highest free number in rule_range %d-%d", rr.From, rr.To)
	}
	if to >= limit {
		to = limit - 1
	}
	if from >= limit {
		return 0, "", fmt.Errorf("the deny would be shadowed: allow entry %s already matches the target (same direction, protocol and ports overlapping) and no number from %d up is below it (%s); choose a rule_range below %d",
			describeEntry(matched), from, how, limit)
	}
	for n := to; n >= from; n-- {
		if !used[n] {
			return n, fmt.Sprintf("%s, %s", how, match), nil
		}
	}
	return 0, "", fmt.Errorf("no free rule number: %s, %s", how, match)
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
