package ruleset

import (
	"fmt"
	"net/netip"
	"slices"
)

// merge joins boxes until at most budget are left, each time the pair
// whose union adds the fewest unobserved pairs. Candidates are the
// neighbours in two orders, by address then port and by port then
// address, which keeps it near O(n² log n) for thousands of destinations.
func merge(boxes []box, budget int) ([]box, error) {
	boxes = slices.Clone(boxes)
	for len(boxes) > budget {
		best, ok := bestPair(boxes)
		if !ok {
			return nil, fmt.Errorf("%d rules cannot allow what was observed: it needs at least %d (one per protocol and address family)", budget, len(boxes))
		}
		var kept []box
		for _, b := range boxes {
			if !best.contains(b) {
				kept = append(kept, b)
			} else {
				best.minReply = min(best.minReply, b.minReply)
			}
		}
		boxes = append(kept, best)
		slices.SortFunc(boxes, compareBoxes)
	}
	return boxes, nil
}

// bestPair returns the cheapest union of two neighbouring boxes.
func bestPair(boxes []box) (box, bool) {
	byPort := slices.Clone(boxes)
	slices.SortFunc(byPort, func(a, b box) int {
		if c := compareProtoFamily(a, b); c != 0 {
			return c
		}
		if a.from != b.from {
			return a.from - b.from
		}
		return compareBoxes(a, b)
	})
	var best box
	bestCost, bestKey, found := 0.0, "", false
	for _, order := range [][]box{boxes, byPort} {
		for i := 0; i+1 < len(order); i++ {
			a, b := order[i], order[i+1]
			if compareProtoFamily(a, b) != 0 {
				continue
			}
			u := union(a, b)
			u.observed = a.observed + b.observed
			cost := u.size() - a.size() - b.size()
			key := a.key() + "|" + b.key()
			if !found || cost < bestCost || (cost == bestCost && key < bestKey) {
				best, bestCost, bestKey, found = u, cost, key, true
			}
		}
	}
	if found {
		// Every box the union swallows adds its observed pairs.
		best.observed = 0
		for _, b := range boxes {
			if best.contains(b) {
				best.observed += b.observed
			}
		}
	}
	return best, found
}

func compareProtoFamily(a, b box) int {
	if a.proto != b.proto {
		if a.proto < b.proto {
			return -1
		}
		return 1
	}
	return a.prefix.Addr().BitLen() - b.prefix.Addr().BitLen()
}

// union is the smallest box holding a and b (same protocol and family).
func union(a, b box) box {
	bits := min(a.prefix.Bits(), b.prefix.Bits())
	for bits > 0 {
		p := netip.PrefixFrom(a.prefix.Addr(), bits).Masked()
		if p.Contains(b.prefix.Addr()) {
			break
		}
		bits--
	}
	return box{proto: a.proto, prefix: netip.PrefixFrom(a.prefix.Addr(), bits).Masked(),
		from: min(a.from, b.from), to: max(a.to, b.to), minReply: min(a.minReply, b.minReply)}
}
