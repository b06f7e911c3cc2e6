package analysis

import (
	"encoding/binary"
	"net/netip"
)

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
	// hostWords holds hosts again as (length, first 8 bytes, next 8
	// bytes, zero-padded), compared with two word loads (see hasHost).
	hostWords []hostText
}

// hostText is the text of an IPv4 address (at most 15 bytes) as words.
type hostText struct{ n, lo, hi uint64 }

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
	for _, h := range s.hosts {
		var pad [16]byte
		copy(pad[:], h)
		s.hostWords = append(s.hostWords, hostText{uint64(len(h)), binary.LittleEndian.Uint64(pad[:]), binary.LittleEndian.Uint64(pad[8:])})
	}
	return s
}

// hasHost is oneOf(b, s.hosts) for b whose backing array has 16 bytes
// from b's start (a field in the middle of a chunk): it loads those 16
// bytes once, masks off what is past len(b) and compares words.
func (s *prefixSet) hasHost(b []byte) bool {
	n := uint64(len(b))
	if n > 15 || cap(b) < 16 {
		return oneOf(b, s.hosts)
	}
	w := b[:16:16]
	lo := binary.LittleEndian.Uint64(w) & (1<<(8*min(n, 8)) - 1)
	hi := binary.LittleEndian.Uint64(w[8:]) & (1<<(8*(max(n, 8)-8)) - 1)
	for _, h := range s.hostWords {
		if h.n == n && h.lo == lo && h.hi == hi {
			return true
		}
	}
	return false
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
		return s.hasHost(b)
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
