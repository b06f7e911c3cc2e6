package plan

import (
	"fmt"
	"net/netip"
	"sort"
)

// DefaultRuleNumber is the number of the ACL's catch-all "*" entry, which
// does not count toward the entry quota and can never be used.
const DefaultRuleNumber = 32767

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
// fails when no number fits or when adding one entry would exceed
// deny.max_entries.
func Steps(p *Plan, snap *ACLSnapshot) ([]Step, error) {
	egress := p.Deny.Direction != "ingress"
	proto, err := ProtocolNumber(p.Deny.Protocol)
	if err != nil {
		return nil, err
	}
	var dir []ACLEntry
	if snap != nil {
		dir = entriesIn(snap, egress)
		if n := countQuota(dir); n+1 > p.Deny.MaxEntries {
			return nil, fmt.Errorf("acl %s: %s has %d entries; one more exceeds max_entries %d",
				snap.ID, direction(egress), n, p.Deny.MaxEntries)
		}
	}
	steps := make([]Step, 0, len(p.Targets))
	for i, t := range p.Targets {
		pfx, err := netip.ParsePrefix(t.CIDR)
		if err != nil {
			return nil, fmt.Errorf("targets[%d]: cidr %q: %w", i, t.CIDR, err)
		}
		s := Step{Index: i, Target: t, Egress: egress, Protocol: proto, Action: "deny", CIDR: pfx.Masked().String()}
		if hasPorts(proto) {
			s.PortFrom, s.PortTo = 0, 65535
		}
		if snap == nil {
			s.RuleNote = offlineNote(p, egress)
		} else if s.RuleNumber, s.RuleNote, err = chooseRule(p.Deny.RuleRange, dir, pfx, proto, egress); err != nil {
			return nil, fmt.Errorf("acl %s: target %s: %w", snap.ID, s.CIDR, err)
		}
		steps = append(steps, s)
	}
	return steps, nil
}

// chooseRule picks the rule number for one target against the entries of
// its direction (sorted by number).
func chooseRule(rr *RuleRange, dir []ACLEntry, target netip.Prefix, proto string, egress bool) (int, string, error) {
	used := map[int]bool{}
	firstAllow := DefaultRuleNumber
	for _, e := range dir {
		used[e.RuleNumber] = true
		if e.Action == "allow" && e.RuleNumber < firstAllow {
			firstAllow = e.RuleNumber
		}
	}
	limit, match := DefaultRuleNumber, "no allow entry matches the target (the default rule already denies it)"
	for _, e := range dir {
		if e.Action != "allow" || !protocolsIntersect(e.Protocol, proto) {
			continue
		}
		if q, err := netip.ParsePrefix(e.CIDR); err == nil && q.Overlaps(target) {
			limit, match = e.RuleNumber, "below the first allow entry matching the target: "+describeEntry(e)
			break
		}
	}
	from, to, how := MinRuleNumber, firstAllow-1, fmt.Sprintf("highest free number below the first allow %s entry (%d)", direction(egress), firstAllow)
	if rr != nil {
		from, to, how = rr.From, rr.To, fmt.Sprintf("highest free number in rule_range %d-%d", rr.From, rr.To)
	}
	if to >= limit {
		to = limit - 1
	}
	for n := to; n >= from; n-- {
		if !used[n] {
			return n, fmt.Sprintf("%s, %s", how, match), nil
		}
	}
	return 0, "", fmt.Errorf("no free rule number: %s, %s", how, match)
}

// offlineNote says how the run will choose the rule number.
func offlineNote(p *Plan, egress bool) string {
	if rr := p.Deny.RuleRange; rr != nil {
		return fmt.Sprintf("chosen at run time: highest free number in rule_range %d-%d below the first allow %s entry matching the target",
			rr.From, rr.To, direction(egress))
	}
	return fmt.Sprintf("chosen at run time: highest free number below the ACL's first allow %s entry (and below the first allow entry matching the target)",
		direction(egress))
}

// entriesIn returns the snapshot's entries of one direction sorted by
// rule number.
func entriesIn(snap *ACLSnapshot, egress bool) []ACLEntry {
	var out []ACLEntry
	for _, e := range snap.Entries {
		if e.Egress == egress {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].RuleNumber < out[j].RuleNumber })
	return out
}

// countQuota counts the entries that count toward the per-direction quota
// (every entry but the default "*" rule).
func countQuota(dir []ACLEntry) int {
	n := 0
	for _, e := range dir {
		if e.RuleNumber != DefaultRuleNumber {
			n++
		}
	}
	return n
}

func direction(egress bool) string {
	if egress {
		return "egress"
	}
	return "ingress"
}

// describeEntry prints an entry the way the preview lists it.
func describeEntry(e ACLEntry) string {
	s := fmt.Sprintf("%d %s %s %s", e.RuleNumber, e.Action, ProtocolName(e.Protocol), e.CIDR)
	if hasPorts(e.Protocol) && !(e.PortFrom == 0 && e.PortTo == 65535) {
		s += fmt.Sprintf(" ports %d-%d", e.PortFrom, e.PortTo)
	}
	return s
}
