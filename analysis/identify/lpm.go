package identify

import (
	"net/netip"
	"slices"
)

// prefixTable answers longest-prefix-match queries over IPv4 and IPv6
// prefixes: one hash map per prefix length, probed from the longest length
// present down, so a lookup costs at most as many map probes as there are
// distinct lengths (about 25 for AWS's ip-ranges.json), whatever the
// number of prefixes.
type prefixTable[V any] struct {
	v4, v6 lpmFamily[V]
}

type lpmFamily[V any] struct {
	lengths []int // present prefix lengths, longest first
	byLen   map[int]map[netip.Prefix]V
}

// get returns the value stored for exactly p (masked), if any.
func (t *prefixTable[V]) get(p netip.Prefix) (V, bool) {
	p = normalPrefix(p)
	v, ok := t.family(p.Addr()).byLen[p.Bits()][p]
	return v, ok
}

// put stores v for p (masked), replacing any value stored for it.
func (t *prefixTable[V]) put(p netip.Prefix, v V) {
	p = normalPrefix(p)
	f := t.family(p.Addr())
	if f.byLen == nil {
		f.byLen = map[int]map[netip.Prefix]V{}
	}
	m, ok := f.byLen[p.Bits()]
	if !ok {
		m = map[netip.Prefix]V{}
		f.byLen[p.Bits()] = m
		f.lengths = append(f.lengths, p.Bits())
		slices.SortFunc(f.lengths, func(a, b int) int { return b - a })
	}
	m[p] = v
}

// lookup returns the longest stored prefix containing a and its value.
func (t *prefixTable[V]) lookup(a netip.Addr) (netip.Prefix, V, bool) {
	a = a.Unmap()
	f := t.family(a)
	for _, bits := range f.lengths {
		p, err := a.Prefix(bits)
		if err != nil {
			continue
		}
		if v, ok := f.byLen[bits][p]; ok {
			return p, v, true
		}
	}
	var zero V
	return netip.Prefix{}, zero, false
}

// len returns the number of stored prefixes.
func (t *prefixTable[V]) len() int {
	n := 0
	for _, f := range []*lpmFamily[V]{&t.v4, &t.v6} {
		for _, m := range f.byLen {
			n += len(m)
		}
	}
	return n
}

func (t *prefixTable[V]) family(a netip.Addr) *lpmFamily[V] {
	if a.Unmap().Is4() {
		return &t.v4
	}
	return &t.v6
}

// normalPrefix masks p and turns an IPv4-mapped IPv6 prefix (::ffff:a.b.c.d/120)
// into its IPv4 form, the form lookups use.
func normalPrefix(p netip.Prefix) netip.Prefix {
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked()
}
