package ruleset

import (
	"net/netip"
	"testing"

	"github.com/aclprobe/aclprobe/acl/change"
)

func entry(n int, d change.Direction, a change.Action, p change.Protocol, cidr string, from, to int) change.Entry {
	return change.Entry{RuleNumber: n, Direction: d, Action: a, Protocol: p, CIDR: cidr, Ports: change.PortRange{From: from, To: to}}
}

func pkt(d change.Direction, p change.Protocol, remote string, port int) Packet {
	return Packet{Direction: d, Protocol: p, Remote: netip.MustParseAddr(remote), Port: port}
}

func TestEvaluate(t *testing.T) {
	eg, in := change.Egress, change.Ingress
	set := Set{Entries: []change.Entry{
		// Out of order on purpose: evaluation sorts by rule number.
		entry(200, eg, change.Allow, change.AllProtocols, "0.0.0.0/0", 0, 0),
		entry(100, eg, change.Deny, change.TCP, "203.0.113.7/32", 0, 65535),
		entry(110, eg, change.Allow, change.TCP, "10.50.7.0/24", 443, 443),
		entry(120, eg, change.Allow, change.UDP, "10.50.7.0/24", 53, 53),
		entry(130, eg, change.Allow, change.ICMP, "10.50.7.0/24", 0, 0),
		entry(100, in, change.Allow, change.TCP, "10.50.7.0/24", 1024, 65535),
		entry(110, in, change.Allow, change.TCP, "2001:db8::/32", 443, 443),
	}}
	tests := []struct {
		name     string
		p        Packet
		allowed  bool
		wantRule int // 0: the implicit deny
	}{
		{"lower rule number wins over a later allow", pkt(eg, change.TCP, "203.0.113.7", 443), false, 100},
		{"port inside the range", pkt(eg, change.TCP, "10.50.7.9", 443), true, 110},
		{"port outside falls through to the allow-all", pkt(eg, change.TCP, "10.50.7.9", 8443), true, 200},
		{"udp rule", pkt(eg, change.UDP, "10.50.7.2", 53), true, 120},
		{"icmp ignores ports", pkt(eg, change.ICMP, "10.50.7.2", 0), true, 130},
		{"protocol all matches any protocol", pkt(eg, change.Protocol("47"), "198.51.100.1", 0), true, 200},
		{"ingress reply on an ephemeral port", pkt(in, change.TCP, "10.50.7.9", 50000), true, 100},
		{"ingress below the ephemeral range: final deny", pkt(in, change.TCP, "10.50.7.9", 1023), false, 0},
		{"ingress from elsewhere: final deny", pkt(in, change.TCP, "198.51.100.1", 50000), false, 0},
		{"IPv6 inside", pkt(in, change.TCP, "2001:db8::5", 443), true, 110},
		{"IPv6 outside: final deny", pkt(in, change.TCP, "2001:db9::5", 443), false, 0},
		{"an IPv4-mapped address is IPv4", pkt(eg, change.TCP, "::ffff:10.50.7.9", 443), true, 110},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := set.Evaluate(tc.p)
			got := 0
			if v.Rule != nil {
				got = v.Rule.RuleNumber
			}
			if v.Allowed != tc.allowed || got != tc.wantRule {
				t.Errorf("Evaluate = allowed %v by %s; want allowed %v by rule %d", v.Allowed, v.RuleText(), tc.allowed, tc.wantRule)
			}
		})
	}
}
