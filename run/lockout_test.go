package run

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/plan"
)

func TestLockoutCheck(t *testing.T) {
	res := fakeResolver{
		"monitoring.eu-west-1.amazonaws.com": {netip.MustParseAddr("52.94.200.10"), netip.MustParseAddr("2a05:d018::10")},
		"sts.eu-west-1.amazonaws.com":        {netip.MustParseAddr("::ffff:67.220.224.5")},
	}
	eps := []string{"https://monitoring.eu-west-1.amazonaws.com", "sts.eu-west-1.amazonaws.com", "http://[::1]:4566"}
	tests := []struct {
		name      string
		endpoints []string
		targets   []string
		ok        bool
		detail    string
	}{
		{"clear", eps, []string{"203.0.113.7/32", "2001:db8::/64"}, true, "4 endpoint address(es)"},
		{"covers cloudwatch", eps, []string{"52.94.0.0/16"}, false, "52.94.0.0/16 covers 52.94.200.10"},
		{"covers an ipv6 address", eps, []string{"2a05:d018::/32"}, false, "covers 2a05:d018::10"},
		{"covers an ipv4-mapped answer", eps, []string{"67.220.224.0/24"}, false, "covers 67.220.224.5"},
		{"covers a loopback endpoint", eps, []string{"::1/128"}, false, "covers ::1"},
		{"unresolvable endpoint", []string{"https://ec2.nowhere.example"}, []string{"203.0.113.7/32"}, false, "no such host"},
		{"no endpoints known", nil, []string{"203.0.113.7/32"}, false, "cannot prove"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &plan.Plan{}
			for _, c := range tc.targets {
				p.Targets = append(p.Targets, plan.Target{CIDR: c})
			}
			c := lockoutCheck(context.Background(), Deps{Endpoints: tc.endpoints, Resolver: res}, p)
			if c.OK != tc.ok || !strings.Contains(c.Detail, tc.detail) {
				t.Fatalf("check = %+v, want ok=%v and %q", c, tc.ok, tc.detail)
			}
		})
	}
}
