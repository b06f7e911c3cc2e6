package plan

import (
	"fmt"
	"net/netip"
	"sort"
)

// Values of GenerateOptions.GroupBy.
const (
	GroupByDestination = ""        // one target per destination address (the default)
	GroupByService     = "service" // one target per identified service
)

// MaxServiceMembers is the most CIDRs plan generate puts in one service
// target; a service seen at more addresses becomes several targets
// ("label (part 1/3)"), so that one target never needs more than this
// many entries at once.
const MaxServiceMembers = 10

// serviceTargets turns ranked destinations into targets, one per service:
// destinations whose identification gave the same service label (same
// AWS service and region, or same vendor and product) become one target
// with cidrs: and their evidence summed; unidentified destinations stay one
// target each. Targets are ranked like destinations (flows, then bytes).
func serviceTargets(dests []*destination) []Target {
	type svc struct {
		label   string
		members []*destination
		sum     *destination
	}
	var order []*svc
	byLabel := map[string]*svc{}
	for _, d := range dests {
		label := d.evidence().Service
		s := byLabel[label]
		if label == "" || s == nil {
			s = &svc{label: label, sum: newDestination(d.addr)}
			order = append(order, s)
			if label != "" {
				byLabel[label] = s
			}
		}
		s.members = append(s.members, d)
		s.sum.merge(d)
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i].sum.ev, order[j].sum.ev
		if a.Flows != b.Flows {
			return a.Flows > b.Flows
		}
		return a.Bytes > b.Bytes
	})
	var out []Target
	for _, s := range order {
		if len(s.members) == 1 {
			out = append(out, s.members[0].target())
			continue
		}
		parts := (len(s.members) + MaxServiceMembers - 1) / MaxServiceMembers
		for p := range parts {
			ms := s.members[p*MaxServiceMembers : min(len(s.members), (p+1)*MaxServiceMembers)]
			sum := newDestination(ms[0].addr)
			t := Target{Label: s.label}
			for _, d := range ms {
				sum.merge(d)
				t.CIDRs = append(t.CIDRs, netip.PrefixFrom(d.addr, d.addr.BitLen()).String())
			}
			if parts > 1 {
				t.Label = fmt.Sprintf("%s (part %d/%d)", s.label, p+1, parts)
			}
			if len(t.CIDRs) == 1 {
				t.CIDR, t.CIDRs = t.CIDRs[0], nil
			}
			ev := sum.evidence()
			t.Evidence = &ev
			out = append(out, t)
		}
	}
	return out
}
