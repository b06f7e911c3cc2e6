package acl

import (
	"context"
	"net/netip"
	"reflect"
	"testing"

	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/acl/change"
)

func TestSubnets(t *testing.T) {
	f := acltest.NewEC2()
	f.AddSubnet(acltest.Subnet{ID: "subnet-b", VPC: "vpc-1", CIDR: "10.0.2.0/24", IPv6: []string{"2001:db8:0:2::/64"}})
	f.AddSubnet(acltest.Subnet{ID: "subnet-a", VPC: "vpc-1", CIDR: "10.0.1.0/24"})
	f.AddSubnet(acltest.Subnet{ID: "subnet-v6", VPC: "vpc-1", IPv6: []string{"2001:db8:0:6::/64"}})
	tests := []struct {
		name    string
		ids     []string
		want    []change.Subnet
		wantErr bool
	}{
		{name: "no association, no call"},
		{name: "ipv4 and ipv6, sorted by id", ids: []string{"subnet-b", "subnet-a"}, want: []change.Subnet{
			{ID: "subnet-a", IPv4: []netip.Prefix{netip.MustParsePrefix("10.0.1.0/24")}},
			{ID: "subnet-b", IPv4: []netip.Prefix{netip.MustParsePrefix("10.0.2.0/24")}, IPv6: []netip.Prefix{netip.MustParsePrefix("2001:db8:0:2::/64")}},
		}},
		{name: "ipv6 only", ids: []string{"subnet-v6"}, want: []change.Subnet{
			{ID: "subnet-v6", IPv6: []netip.Prefix{netip.MustParsePrefix("2001:db8:0:6::/64")}},
		}},
		{name: "missing subnet", ids: []string{"subnet-a", "subnet-gone"}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Subnets(context.Background(), f, tc.ids)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Subnets = %v, want error %v", err, tc.wantErr)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Subnets = %+v, want %+v", got, tc.want)
			}
		})
	}
	if calls := f.Calls(); len(calls) != 3 {
		t.Fatalf("calls %v: want one DescribeSubnets per named set, none without ids", calls)
	}
}
