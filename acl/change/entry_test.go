package change

import "testing"

func TestNewDenyPorts(t *testing.T) {
	for _, tc := range []struct {
		p    Protocol
		want PortRange
	}{
		{TCP, AllPorts}, {UDP, AllPorts}, {AllProtocols, PortRange{}}, {ICMP, PortRange{}}, {"47", PortRange{}},
	} {
		if e := NewDeny(90, Egress, tc.p, "203.0.113.7/32"); e.Ports != tc.want || e.Action != Deny {
			t.Errorf("NewDeny(%s) = %+v, want ports %+v", tc.p.Name(), e, tc.want)
		}
	}
}

func TestEntryMatches(t *testing.T) {
	ours := NewDeny(90, Egress, TCP, "2001:db8::/64")
	tests := []struct {
		name string
		edit func(*Entry)
		want bool
	}{
		{"identical", func(*Entry) {}, true},
		{"ipv6 spelled differently", func(e *Entry) { e.CIDR = "2001:0db8:0000::/64" }, true},
		{"action case", func(e *Entry) { e.Action = "DENY" }, true},
		{"other rule number", func(e *Entry) { e.RuleNumber = 91 }, false},
		{"other direction", func(e *Entry) { e.Direction = Ingress }, false},
		{"allow", func(e *Entry) { e.Action = Allow }, false},
		{"other protocol", func(e *Entry) { e.Protocol = UDP }, false},
		{"other cidr", func(e *Entry) { e.CIDR = "2001:db8:1::/64" }, false},
		{"other ports", func(e *Entry) { e.Ports = PortRange{From: 443, To: 443} }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := ours
			tc.edit(&x)
			if got := ours.Matches(x); got != tc.want {
				t.Fatalf("Matches(%+v) = %v, want %v", x, got, tc.want)
			}
		})
	}
}

func TestEntryText(t *testing.T) {
	for _, tc := range []struct {
		e            Entry
		str, preview string
	}{
		{NewDeny(90, Egress, AllProtocols, "203.0.113.7/32"), "90 egress deny all 203.0.113.7/32", "egress rule 90 deny all 203.0.113.7/32"},
		{NewDeny(0, Ingress, TCP, "10.0.0.0/8"), "0 ingress deny tcp 10.0.0.0/8", "ingress rule (chosen at run time) deny tcp 10.0.0.0/8 ports 0-65535"},
		{NewDeny(7, Egress, "47", "2001:db8::/64"), "7 egress deny 47 2001:db8::/64", "egress rule 7 deny 47 2001:db8::/64"},
	} {
		if got := tc.e.String(); got != tc.str {
			t.Errorf("String() = %q, want %q", got, tc.str)
		}
		if got := tc.e.Preview(); got != tc.preview {
			t.Errorf("Preview() = %q, want %q", got, tc.preview)
		}
	}
}
