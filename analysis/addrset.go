package analysis

import (
	"encoding/binary"
	"net/netip"
	"strconv"
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
	// leads holds, when every prefix is IPv4 with a length of 8, 16 or
	// 24 bits, the text each address inside it starts with ("10.0." for
	// 10.0.0.0/16), as masked words: an address matching none of them
	// is outside without being parsed (see mayContain).
	leads []leadText
}

// leadText is the start of an IPv4 address's text (at most 12 bytes) as
// two words and the masks selecting its bytes.
type leadText struct{ lo, hi, mlo, mhi uint64 }

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
	s.leads = v4Leads(prefixes)
	for _, h := range s.hosts {
		var pad [16]byte
		copy(pad[:], h)
		s.hostWords = append(s.hostWords, hostText{uint64(len(h)), binary.LittleEndian.Uint64(pad[:]), binary.LittleEndian.Uint64(pad[8:])})
	}
	return s
}

// v4Leads returns the leading text of every prefix, or nil unless every
// prefix is IPv4 with 8, 16 or 24 bits.
func v4Leads(prefixes []netip.Prefix) []leadText {
	var leads []leadText
	for _, p := range prefixes {
		p = p.Masked()
		if !p.Addr().Is4() || p.Bits() == 0 || p.Bits()%8 != 0 || p.Bits() == 32 {
			return nil
		}
		a := p.Addr().As4()
		var text []byte
		for _, o := range a[:p.Bits()/8] {
			text = strconv.AppendUint(text, uint64(o), 10)
			text = append(text, '.')
		}
		var pad, mask [16]byte
		copy(pad[:], text)
		for i := range text {
			mask[i] = 0xff
		}
		leads = append(leads, leadText{
			lo: binary.LittleEndian.Uint64(pad[:]), hi: binary.LittleEndian.Uint64(pad[8:]),
			mlo: binary.LittleEndian.Uint64(mask[:]), mhi: binary.LittleEndian.Uint64(mask[8:]),
		})
	}
	return leads
}

// mayContain is false when b, with 16 readable bytes from its start,
// starts with none of s.leads: the canonical text of an address inside a
// prefix starts with its lead, and parseIPv4 accepts only that text.
func (s *prefixSet) mayContain(b []byte) bool {
	if s.leads == nil || cap(b) < 16 {
		return true
	}
	w := b[:16:16]
	lo, hi := binary.LittleEndian.Uint64(w), binary.LittleEndian.Uint64(w[8:])
	for _, l := range s.leads {
		if lo&l.mlo == l.lo && hi&l.mhi == l.hi {
			return true
		}
	}
	return false
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
	if !s.mayContain(b) {
		return false
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
