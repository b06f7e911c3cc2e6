package change

import "net/netip"

// Subnet is one subnet associated with the ACL and the address ranges it
// carries: the ACL's entries are on the path of traffic from or to these
// addresses only.
type Subnet struct {
	ID   string
	IPv4 []netip.Prefix // the subnet's IPv4 CIDR (none for an IPv6-only subnet)
	IPv6 []netip.Prefix // associated IPv6 CIDRs (none when the subnet has no IPv6)
}

// Contains reports whether a is one of the subnet's addresses.
func (s Subnet) Contains(a netip.Addr) bool {
	a = a.Unmap()
	for _, ps := range [][]netip.Prefix{s.IPv4, s.IPv6} {
		for _, p := range ps {
			if p.Contains(a) {
				return true
			}
		}
	}
	return false
}

// Carries reports whether the subnet has addresses of a's family (IPv4
// or IPv6).
func (s Subnet) Carries(ipv6 bool) bool {
	if ipv6 {
		return len(s.IPv6) > 0
	}
	return len(s.IPv4) > 0
}
