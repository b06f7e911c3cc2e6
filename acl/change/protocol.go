package change

import (
	"fmt"
	"strconv"
	"strings"
)

// Protocol is an IP protocol as the EC2 API spells it: "-1" for all
// protocols, else the IANA number ("6" for tcp).
type Protocol string

// The protocols a plan may name.
const (
	AllProtocols Protocol = "-1"
	ICMP         Protocol = "1"
	TCP          Protocol = "6"
	UDP          Protocol = "17"
	ICMPv6       Protocol = "58"
)

// protocolNames is the one table of protocol names: plans accept them,
// previews and messages print them.
var protocolNames = []struct {
	name string
	p    Protocol
}{
	{"all", AllProtocols},
	{"tcp", TCP},
	{"udp", UDP},
	{"icmp", ICMP},
	{"icmpv6", ICMPv6},
}

// ParseProtocol converts a plan's protocol (all, tcp, udp, icmp, icmpv6,
// in any case, -1 or an IANA number 0-255) to the EC2 API form.
func ParseProtocol(s string) (Protocol, error) {
	for _, n := range protocolNames {
		if strings.EqualFold(s, n.name) {
			return n.p, nil
		}
	}
	if s == string(AllProtocols) {
		return AllProtocols, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 255 {
		return "", fmt.Errorf("protocol %q: want all, tcp, udp, icmp, icmpv6 or an IANA number 0-255", s)
	}
	return Protocol(strconv.Itoa(n)), nil
}

// Name is the protocol's short name for display (all, tcp, udp, icmp,
// icmpv6), or its number when it has none.
func (p Protocol) Name() string {
	for _, n := range protocolNames {
		if n.p == p {
			return n.name
		}
	}
	return string(p)
}

// HasPorts reports whether entries of the protocol carry a port range
// (tcp and udp).
func (p Protocol) HasPorts() bool { return p == TCP || p == UDP }

// IsICMP reports whether entries of the protocol carry an ICMP type and
// code (icmp and icmpv6).
func (p Protocol) IsICMP() bool { return p == ICMP || p == ICMPv6 }

// Intersects reports whether entries of the two protocols can match the
// same packet.
func (p Protocol) Intersects(q Protocol) bool {
	return p == AllProtocols || q == AllProtocols || p == q
}
