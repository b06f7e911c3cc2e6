package plan

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/aclprobe/aclprobe/acl/change"
)

// MaxSources is how many source addresses a target's evidence keeps.
const MaxSources = 32

// Broadest prefixes allowed without allow_broad: true.
const (
	BroadestIPv4 = 16
	BroadestIPv6 = 48
)

func validateTargets(p *Plan, ps *problems) {
	if len(p.Targets) == 0 {
		ps.add("targets", "missing: list at least one target CIDR to deny")
		return
	}
	proto, _ := p.Deny.Proto()
	var prev []netip.Prefix
	var prevIdx []int
	for i, t := range p.Targets {
		path := fmt.Sprintf("targets[%d]", i)
		switch {
		case t.CIDR != "" && len(t.CIDRs) > 0:
			ps.add(path, "both cidr and cidrs: a target is one CIDR (cidr:) or a set denied together (cidrs:), not both")
			continue
		case t.CIDR == "" && t.CIDRs != nil && len(t.CIDRs) == 0:
			ps.add(path+".cidrs", "empty: list the CIDRs denied together, or use cidr: for one")
			continue
		}
		for k, c := range t.Members() {
			mpath := path + ".cidr"
			if t.IsService() {
				mpath = fmt.Sprintf("%s.cidrs[%d]", path, k)
			}
			pfx, ok := validateMember(c, t.AllowBroad, proto, mpath, ps)
			if !ok {
				continue
			}
			for j, q := range prev {
				switch {
				case q == pfx:
					ps.add(mpath, "duplicate target %s (also targets[%d])", c, prevIdx[j])
				case q.Overlaps(pfx):
					ps.add(mpath, "%s overlaps targets[%d] %s: targets are denied one at a time, each must stand alone", c, prevIdx[j], q)
				}
			}
			prev = append(prev, pfx)
			prevIdx = append(prevIdx, i)
		}
		if n := len(t.CIDRs); n > p.Deny.MaxEntries {
			ps.add(path+".cidrs", "%d CIDRs: more than deny.max_entries %d, so they could never be in place together", n, p.Deny.MaxEntries)
		}
		if len(t.Members()) == 0 {
			ps.add(path+".cidr", "missing: a CIDR such as 203.0.113.10/32 (or cidrs: [...] for a service)")
		}
		if e := t.Evidence; e != nil && (e.Flows < 0 || e.Packets < 0 || e.Bytes < 0) {
			ps.add(path+".evidence", "flows, packets and bytes must not be negative")
		}
		if e := t.Evidence; e != nil {
			validateSources(e, path+".evidence", ps)
		}
	}
}

// validateSources insists that the evidence's sources are addresses: the
// path check compares them with the ACL's subnets. (top_sources, older and
// for people, is not checked: the path check skips what does not parse.)
func validateSources(e *Evidence, path string, ps *problems) {
	if len(e.Sources) > MaxSources {
		ps.add(path+".sources", "%d sources: at most %d (the busiest)", len(e.Sources), MaxSources)
	}
	for i, a := range e.Sources {
		if _, err := netip.ParseAddr(a); err != nil {
			ps.add(fmt.Sprintf("%s.sources[%d]", path, i), "%q is not an IP address", a)
		}
	}
}

// validateMember checks one CIDR of a target at path.
func validateMember(c string, allowBroad bool, proto change.Protocol, path string, ps *problems) (netip.Prefix, bool) {
	pfx, msg := parseCanonicalPrefix(c)
	if msg != "" {
		ps.add(path, "%s", msg)
		return pfx, false
	}
	validateBreadth(pfx, allowBroad, path, ps)
	if pfx.Addr().Is4() && proto == change.ICMPv6 {
		ps.add(path, "%s is IPv4 but deny.protocol is icmpv6", c)
	}
	if pfx.Addr().Is6() && proto == change.ICMP {
		ps.add(path, "%s is IPv6 but deny.protocol is icmp (use icmpv6)", c)
	}
	return pfx, true
}

func validateBreadth(pfx netip.Prefix, allowBroad bool, path string, ps *problems) {
	if pfx.Bits() == 0 {
		ps.add(path, "%s would deny all traffic: never allowed, even with allow_broad", pfx)
		return
	}
	limit := BroadestIPv4
	if pfx.Addr().Is6() {
		limit = BroadestIPv6
	}
	if pfx.Bits() < limit && !allowBroad {
		ps.add(path, "%s is broader than /%d: split it, or set allow_broad: true on this target after review", pfx, limit)
	}
}

// parseCanonicalPrefix parses a CIDR and insists on its canonical form
// (network address, lower case, no zone, no IPv4-mapped IPv6). It returns
// a message saying what is wrong and what to write instead.
func parseCanonicalPrefix(s string) (netip.Prefix, string) {
	if s == "" {
		return netip.Prefix{}, "missing: a CIDR such as 203.0.113.10/32"
	}
	pfx, err := netip.ParsePrefix(s)
	if err != nil {
		if a, aerr := netip.ParseAddr(s); aerr == nil {
			return netip.Prefix{}, fmt.Sprintf("%q is an address, not a CIDR: write %s", s, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
		}
		return netip.Prefix{}, fmt.Sprintf("%q is not a valid CIDR (e.g. 203.0.113.10/32)", s)
	}
	if pfx.Addr().Is4In6() {
		return netip.Prefix{}, fmt.Sprintf("%q is an IPv4-mapped IPv6 prefix: write the IPv4 CIDR instead", s)
	}
	canon := pfx.Masked()
	if canon.String() != s {
		if canon != pfx {
			return netip.Prefix{}, fmt.Sprintf("%q is not canonical: host bits are set; the network is %s (or write %s/%d for the single address)",
				s, canon, pfx.Addr(), pfx.Addr().BitLen())
		}
		return netip.Prefix{}, fmt.Sprintf("%q is not canonical: write %s", s, canon)
	}
	return canon, ""
}

// CanonicalCIDR returns the canonical form of a valid target CIDR.
func CanonicalCIDR(s string) (string, error) {
	pfx, msg := parseCanonicalPrefix(strings.TrimSpace(s))
	if msg != "" {
		return "", fmt.Errorf("%s", msg)
	}
	return pfx.String(), nil
}
