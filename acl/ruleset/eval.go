package ruleset

import (
	"fmt"
	"net/netip"

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
// packet no entry matches is denied. To evaluate many packets, build the
// Evaluator once.
func (s Set) Evaluate(p Packet) Verdict { return s.Evaluator().Evaluate(p) }

// Evaluator is a Set made ready for many packets: each direction's
// entries in evaluation order, their CIDRs parsed once.
type Evaluator struct {
	byDir map[change.Direction][]compiled
}

type compiled struct {
	entry  change.Entry
	prefix netip.Prefix
	valid  bool // the CIDR parses; an entry that does not never matches
}

// Evaluator sorts and parses s's entries once for Evaluate.
func (s Set) Evaluator() Evaluator {
	ev := Evaluator{byDir: map[change.Direction][]compiled{}}
	for _, d := range []change.Direction{change.Egress, change.Ingress} {
		for _, e := range change.EntriesIn(s.Entries, d) {
			pfx, err := netip.ParsePrefix(e.CIDR)
			ev.byDir[d] = append(ev.byDir[d], compiled{entry: e, prefix: pfx, valid: err == nil})
		}
	}
	return ev
}

// Evaluate is Set.Evaluate on the prepared entries.
func (ev Evaluator) Evaluate(p Packet) Verdict {
	for _, c := range ev.byDir[p.Direction] {
		if c.valid && c.matches(p) {
			e := c.entry
			return Verdict{Allowed: e.Action == change.Allow, Rule: &e}
		}
	}
	return Verdict{}
}

// Matches reports whether entry e matches packet p: same direction, its
// protocol all or p's, its CIDR (of p's address family) holding p's
// remote address, and for tcp and udp p's port in its range.
func Matches(e change.Entry, p Packet) bool {
	pfx, err := netip.ParsePrefix(e.CIDR)
	return err == nil && compiled{entry: e, prefix: pfx}.matches(p)
}

// matches is Matches with the CIDR already parsed.
func (c compiled) matches(p Packet) bool {
	e := c.entry
	if e.Direction != p.Direction || (e.Protocol != change.AllProtocols && e.Protocol != p.Protocol) {
		return false
	}
	if !c.prefix.Contains(p.Remote.Unmap()) {
		return false
	}
	if e.Protocol.HasPorts() {
		return p.Port >= e.Ports.From && p.Port <= e.Ports.To
	}
	return true
}
