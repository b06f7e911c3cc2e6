package change

import (
	"fmt"
	"net/netip"
	"strings"
)

// Action is what an entry does with the traffic it matches.
type Action string

// The two actions of a network ACL entry, as the EC2 API spells them.
const (
	Allow Action = "allow"
	Deny  Action = "deny"
)

// PortRange is an inclusive range of ports.
type PortRange struct {
	From, To int
}

// AllPorts is every port: the range of aclprobe's tcp and udp entries.
var AllPorts = PortRange{From: 0, To: 65535}

// Entry is one network ACL entry, all of it identity: an entry at the same
// rule number and direction that differs in action, protocol, CIDR or
// ports is another entry. The preview prints it and the EC2 requests are
// built from it (CreateInput, DeleteInput).
type Entry struct {
	RuleNumber int // 0 while not chosen yet (an offline preview)
	Direction  Direction
	Action     Action
	Protocol   Protocol
	CIDR       string    // IPv4 or IPv6 CIDR
	Ports      PortRange // zero unless Protocol.HasPorts()
}

// NewDeny is the deny entry aclprobe adds for cidr: every port for tcp
// and udp, every ICMP type and code for icmp and icmpv6.
func NewDeny(rule int, d Direction, p Protocol, cidr string) Entry {
	e := Entry{RuleNumber: rule, Direction: d, Action: Deny, Protocol: p, CIDR: cidr}
	if p.HasPorts() {
		e.Ports = AllPorts
	}
	return e
}

// Matches reports whether x is exactly this entry: the same rule number,
// direction, action, protocol, CIDR (compared by value, as AWS may print
// IPv6 differently) and ports.
func (e Entry) Matches(x Entry) bool {
	return x.RuleNumber == e.RuleNumber && x.Direction == e.Direction &&
		strings.EqualFold(string(x.Action), string(e.Action)) && x.Protocol == e.Protocol &&
		SameCIDR(x.CIDR, e.CIDR) && x.Ports == e.Ports
}

// String describes the entry for logs and messages:
// "90 egress deny all 203.0.113.7/32".
func (e Entry) String() string {
	return fmt.Sprintf("%d %s %s %s %s", e.RuleNumber, e.Direction, e.Action, e.Protocol.Name(), e.CIDR)
}

// Preview is the entry as the dry run lists a step:
// "egress rule 89 deny tcp 52.94.0.12/32 ports 0-65535", with "rule
// (chosen at run time)" while the rule number is 0.
func (e Entry) Preview() string {
	rule := "rule (chosen at run time)"
	if e.RuleNumber > 0 {
		rule = fmt.Sprintf("rule %d", e.RuleNumber)
	}
	s := fmt.Sprintf("%s %s %s %s %s", e.Direction, rule, e.Action, e.Protocol.Name(), e.CIDR)
	if e.Protocol.HasPorts() {
		s += fmt.Sprintf(" ports %d-%d", e.Ports.From, e.Ports.To)
	}
	return s
}

// IsIPv6 reports whether the entry's CIDR is an IPv6 one.
func (e Entry) IsIPv6() bool { return strings.Contains(e.CIDR, ":") }

// SameCIDR compares CIDRs by value; unparsable ones by text.
func SameCIDR(a, b string) bool {
	pa, errA := netip.ParsePrefix(a)
	pb, errB := netip.ParsePrefix(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return pa.Masked() == pb.Masked()
}
