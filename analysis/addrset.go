package analysis

import "net/netip"

// prefixSet answers "is this address inside any of these prefixes" for
// address bytes straight from a record, without allocating: IPv4 prefixes
// are compared as masked integers, IPv6 ones through netip.
type prefixSet struct {
	v4 []v4Prefix
	v6 []netip.Prefix
	// hosts holds the canonical text of the IPv4 /32 prefixes when every
	// prefix is one: flow logs write addresses canonically and parseIPv4
	// accepts only that form, so comparing text is the same test, faster.
	hosts [][]byte
}

type v4Prefix struct{ base, mask uint32 }

func newPrefixSet(prefixes []netip.Prefix) *prefixSet {
	if len(prefixes) == 0 {
		return nil
	}
	s := &prefixSet{}
	for _, p := range prefixes {
		p = p.Masked()
		if p.Addr().Is4() {
			var mask uint32
			if p.Bits() > 0 {
				mask = ^uint32(0) << (32 - p.Bits())
			}
			a := p.Addr().As4()
			base := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
			s.v4 = append(s.v4, v4Prefix{base: base, mask: mask})
			continue
		}
		s.v6 = append(s.v6, p)
	}
	if len(s.v6) == 0 {
		for _, p := range prefixes {
			if p.Bits() != 32 {
				s.hosts = nil
				break
			}
			s.hosts = append(s.hosts, []byte(p.Addr().String()))
		}
	}
	return s
}

// addrsAsPrefixes turns addresses into single-address prefixes.
func addrsAsPrefixes(addrs []netip.Addr) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(addrs))
	for _, a := range addrs {
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out
}

// contains reports whether the address spelled by b is inside the set.
// An absent or unparsable address is inside nothing.
func (s *prefixSet) contains(b []byte) bool {
	if s.hosts != nil {
		return oneOf(b, s.hosts)
	}
	if v4, ok := parseIPv4(b); ok {
		for _, p := range s.v4 {
			if v4&p.mask == p.base {
				return true
			}
		}
		return false
	}
	if len(s.v6) == 0 {
		return false
	}
	a, ok := parseAddrBytes(b)
	if !ok {
		return false
	}
	for _, p := range s.v6 {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
