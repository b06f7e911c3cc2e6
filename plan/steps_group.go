package plan

import (
	"fmt"
	"net/netip"

	"github.com/aclprobe/aclprobe/acl/change"
)

// Groups cuts the targets, in plan order, into the groups group mode
// denies together: each holds as many consecutive targets as fit in
// capacity entries (a target's members are never split). It returns the
// targets' indices per group.
func Groups(targets []Target, capacity int) [][]int {
	var out [][]int
	var cur []int
	n := 0
	for i, t := range targets {
		k := len(t.Members())
		if len(cur) > 0 && n+k > capacity {
			out = append(out, cur)
			cur, n = nil, 0
		}
		cur, n = append(cur, i), n+k
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// GroupCapacity is how many entries group mode may have in place at once:
// strategy.max_group, bounded (with a snapshot) by the free rule numbers
// that suit every target and by the room the quota leaves. pool are
// those numbers, highest first (nil offline).
func GroupCapacity(p *Plan, snap *change.Snapshot) (capacity int, pool []int, note string, err error) {
	capacity = p.Strategy.MaxGroup
	if snap == nil {
		return capacity, nil, fmt.Sprintf("group mode: %s; no two entries of a group share one", offlineNote(p, p.Deny.Dir())), nil
	}
	dir := p.Deny.Dir()
	proto, err := p.Deny.Proto()
	if err != nil {
		return 0, nil, "", err
	}
	entries := snap.In(dir)
	from, to := change.MinRuleNumber, change.MaxRuleNumber+1
	var used map[int]bool
	var how string
	for i, t := range p.Targets {
		for _, c := range t.Members() {
			pfx, err := netip.ParsePrefix(c)
			if err != nil {
				return 0, nil, "", fmt.Errorf("targets[%d]: cidr %q: %w", i, c, err)
			}
			f, hi, u, h, err := ruleBounds(p.Deny.RuleRange, entries, pfx, proto, dir)
			if err != nil {
				return 0, nil, "", fmt.Errorf("acl %s: target %s: %w", snap.ID, c, err)
			}
			if hi < to {
				to, how = hi, h
			}
			from, used = f, u
		}
	}
	for n := to; n >= from && len(pool) < capacity; n-- {
		if !used[n] {
			pool = append(pool, n)
		}
	}
	room := p.Deny.MaxEntries - snap.QuotaUsed(dir)
	capacity = min(capacity, len(pool), room)
	note = fmt.Sprintf("group mode: up to %d entries at once (max_group %d, %d free rule numbers suit every target, the quota leaves room for %d); numbers %v: %s",
		capacity, p.Strategy.MaxGroup, len(pool), room, pool, how)
	if k := maxMembers(p); capacity < max(k, 1) {
		return capacity, pool, note, fmt.Errorf("acl %s: group mode: only %d entries fit at once (%d free rule numbers, room for %d in the quota of %d); a target needs %d",
			snap.ID, capacity, len(pool), room, p.Deny.MaxEntries, max(k, 1))
	}
	return capacity, pool[:capacity], note, nil
}

// groupSteps are the steps of group mode: targets cut into Groups, and
// within a group the entries numbered from the pool in order, so that the
// entries of any part of a group are distinct.
func groupSteps(p *Plan, snap *change.Snapshot, proto change.Protocol, dir change.Direction) ([]Step, error) {
	capacity, pool, note, err := GroupCapacity(p, snap)
	if err != nil {
		return nil, err
	}
	steps := make([]Step, len(p.Targets))
	for g, idx := range Groups(p.Targets, capacity) {
		k := 0
		for _, i := range idx {
			t := p.Targets[i]
			s := Step{Index: i, Target: t, Group: g, RuleNote: note}
			for _, c := range t.Members() {
				pfx, err := netip.ParsePrefix(c)
				if err != nil {
					return nil, fmt.Errorf("targets[%d]: cidr %q: %w", i, c, err)
				}
				e := change.NewDeny(0, dir, proto, pfx.Masked().String())
				if pool != nil {
					e.RuleNumber = pool[k]
				}
				k++
				s.Entries = append(s.Entries, e)
			}
			s.Entry = s.Entries[0]
			steps[i] = s
		}
	}
	return steps, nil
}
