package plan

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/acl/change"
)

var pathSubnets = []change.Subnet{
	{ID: "subnet-a", IPv4: []netip.Prefix{netip.MustParsePrefix("10.0.1.0/24")}},
	{ID: "subnet-b", IPv4: []netip.Prefix{netip.MustParsePrefix("10.0.2.0/24")}, IPv6: []netip.Prefix{netip.MustParsePrefix("2001:db8:0:2::/64")}},
}

func TestPathOf(t *testing.T) {
	tests := []struct {
		name                string
		ev                  *Evidence
		known, off, partial bool
		wantSummary         string
	}{
		{name: "no evidence", wantSummary: "not checked"},
		{name: "all covered", ev: &Evidence{Sources: []string{"10.0.1.5", "10.0.2.9"}}, known: true,
			wantSummary: "all 2 observed source(s) on the path: 10.0.1.5 (subnet-a), 10.0.2.9 (subnet-b)"},
		{name: "partial", ev: &Evidence{Sources: []string{"10.0.1.5", "10.9.0.1"}}, known: true, partial: true,
			wantSummary: "1 of 2 observed source(s) on the path: 10.0.1.5 (subnet-a); not covered: 10.9.0.1"},
		{name: "off the path", ev: &Evidence{Sources: []string{"10.9.0.1"}}, known: true, off: true,
			wantSummary: "none of the 1 observed source(s) is in the ACL's subnets (10.9.0.1)"},
		{name: "older plan: top_sources used", ev: &Evidence{TopSources: []string{"10.9.0.1", "not-an-address"}}, known: true, off: true,
			wantSummary: "none of the 1 observed source(s)"},
		{name: "sources win over top_sources", ev: &Evidence{TopSources: []string{"10.9.0.1"}, Sources: []string{"2001:db8:0:2::5"}}, known: true,
			wantSummary: "2001:db8:0:2::5 (subnet-b)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := PathOf(Target{CIDR: "203.0.113.7/32", Evidence: tc.ev}, pathSubnets)
			if p.Known() != tc.known || p.OffPath() != tc.off || p.Partial() != tc.partial {
				t.Fatalf("%+v: known %v off %v partial %v", p, p.Known(), p.OffPath(), p.Partial())
			}
			if !strings.Contains(p.Summary(), tc.wantSummary) {
				t.Fatalf("summary %q, want %q", p.Summary(), tc.wantSummary)
			}
		})
	}
}

func TestFamilyProblem(t *testing.T) {
	v4only := pathSubnets[:1]
	v6only := []change.Subnet{{ID: "subnet-6", IPv6: []netip.Prefix{netip.MustParsePrefix("2001:db8:0:6::/64")}}}
	tests := []struct {
		name    string
		cidr    string
		subnets []change.Subnet
		want    string
	}{
		{name: "ipv4 on ipv4", cidr: "203.0.113.7/32", subnets: v4only},
		{name: "ipv6 where one subnet has ipv6", cidr: "2001:db8::7/128", subnets: pathSubnets},
		{name: "ipv6 on ipv4-only subnets", cidr: "2001:db8::7/128", subnets: v4only, want: "2001:db8::7/128 is IPv6 but none of the ACL's subnets (subnet-a) has an IPv6 CIDR"},
		{name: "ipv4 on ipv6-only subnets", cidr: "203.0.113.7/32", subnets: v6only, want: "is IPv4 but none of the ACL's subnets (subnet-6) has an IPv4 CIDR"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := FamilyProblem(tc.cidr, tc.subnets)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Fatalf("FamilyProblem = %q, want %q", got, tc.want)
			}
		})
	}
}
