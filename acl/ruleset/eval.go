package ruleset

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/aclprobe/aclprobe/acl/change"
)

// Packet is what a network ACL sees of one packet crossing the subnet's
// edge: the direction, the protocol, the address on the far side (the
// destination of an egress packet, the source of an ingress one) and the
// packet's destination port (for ingress replies, the subnet side's
// ephemeral port).
type Packet struct {
	Direction change.Direction
	Protocol  change.Protocol
	Remote    netip.Addr
	Port      int
}

// Set is a rule set: the entries of one network ACL, both directions.
type Set struct {
	Entries []change.Entry
}

// Verdict is the outcome of evaluating a packet.
type Verdict struct {
	Allowed bool
	// Rule is the entry that matched; nil when no entry did and the
	// implicit final deny ("*") applied.
	Rule *change.Entry
}

// RuleText is the matching rule as people read it: "egress 100 allow tcp
// 10.50.7.0/24 443-443", or "* (implicit deny)".
func (v Verdict) RuleText() string {
	if v.Rule == nil {
		return "* (implicit deny)"
	}
	e := v.Rule
	return fmt.Sprintf("%s %d %s %s %s%s", e.Direction, e.RuleNumber, e.Action, e.Protocol.Name(), e.CIDR, portsText(*e))
}

// Evaluate applies the set to p as AWS does: the entries of p's direction
// in ascending rule number order, the first that matches decides, and a
// packet no entry matches is denied.
func (s Set) Evaluate(p Packet) Verdict {
	for _, e := range s.sorted(p.Direction) {
		if Matches(e, p) {
			return Verdict{Allowed: e.Action == change.Allow, Rule: &e}
		}
	}
	return Verdict{}
}

// sorted returns the entries of direction d by rule number.
func (s Set) sorted(d change.Direction) []change.Entry {
	var out []change.Entry
	for _, e := range s.Entries {
		if e.Direction == d {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b change.Entry) int { return a.RuleNumber - b.RuleNumber })
	return out
}

// Matches reports whether entry e matches packet p: same direction, its
// protocol all or p's, its CIDR (of p's address family) holding p's
// remote address, and for tcp and udp p's port in its range.
func Matches(e change.Entry, p Packet) bool {
	if e.Direction != p.Direction || (e.Protocol != change.AllProtocols && e.Protocol != p.Protocol) {
		return false
	}
	pfx, err := netip.ParsePrefix(e.CIDR)
	if err != nil || !pfx.Contains(p.Remote.Unmap()) {
		return false
	}
	if e.Protocol.HasPorts() {
		return p.Port >= e.Ports.From && p.Port <= e.Ports.To
	}
	return true
}
