package change

import "testing"

func TestParseProtocol(t *testing.T) {
	for _, tc := range []struct {
		in       string
		want     Protocol
		name     string
		hasPorts bool
	}{
		{"all", AllProtocols, "all", false},
		{"-1", AllProtocols, "all", false},
		{"TCP", TCP, "tcp", true},
		{"6", TCP, "tcp", true},
		{"udp", UDP, "udp", true},
		{"icmp", ICMP, "icmp", false},
		{"icmpv6", ICMPv6, "icmpv6", false},
		{"58", ICMPv6, "icmpv6", false},
		{"047", "47", "47", false},
		{"0", "0", "0", false},
		{"255", "255", "255", false},
	} {
		p, err := ParseProtocol(tc.in)
		if err != nil || p != tc.want {
			t.Fatalf("ParseProtocol(%q) = %q, %v; want %q", tc.in, p, err, tc.want)
		}
		if p.Name() != tc.name || p.HasPorts() != tc.hasPorts {
			t.Errorf("%q: Name %q, HasPorts %v; want %q, %v", p, p.Name(), p.HasPorts(), tc.name, tc.hasPorts)
		}
		if again, err := ParseProtocol(p.Name()); err != nil || again != p {
			t.Errorf("the name %q of %q parses to %q, %v", p.Name(), p, again, err)
		}
	}
	for _, bad := range []string{"", "sctp", "256", "-2", "6.0"} {
		if p, err := ParseProtocol(bad); err == nil {
			t.Errorf("ParseProtocol(%q) = %q, want an error", bad, p)
		}
	}
}

func TestProtocolIntersects(t *testing.T) {
	for _, tc := range []struct {
		a, b Protocol
		want bool
	}{
		{AllProtocols, TCP, true},
		{UDP, AllProtocols, true},
		{TCP, TCP, true},
		{TCP, UDP, false},
		{ICMP, ICMPv6, false},
	} {
		if got := tc.a.Intersects(tc.b); got != tc.want {
			t.Errorf("%s.Intersects(%s) = %v, want %v", tc.a.Name(), tc.b.Name(), got, tc.want)
		}
	}
}
