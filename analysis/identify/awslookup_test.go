package identify

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/analysis"
)

// fakeEC2 is an in-memory account's interfaces and Elastic IPs. Like EC2
// it rejects a filter with more than 200 values and an unknown filter
// name, and pages interfaces (pageSize per call). Fail, when set, answers
// every call.
type fakeEC2 struct {
	enis     []types.NetworkInterface
	eips     []types.Address
	pageSize int
	fail     error
	calls    []string // "DescribeNetworkInterfaces filter=N values"
}

func (f *fakeEC2) filterValues(call string, filters []types.Filter) (string, []string, error) {
	if f.fail != nil {
		return "", nil, f.fail
	}
	if len(filters) != 1 {
		return "", nil, fmt.Errorf("fake: want one filter, got %d", len(filters))
	}
	name, vals := aws.ToString(filters[0].Name), filters[0].Values
	if len(vals) > 200 {
		return "", nil, fmt.Errorf("FilterLimitExceeded: %d values in %s", len(vals), name)
	}
	f.calls = append(f.calls, fmt.Sprintf("%s %s=%d", call, name, len(vals)))
	return name, vals, nil
}

func (f *fakeEC2) DescribeNetworkInterfaces(_ context.Context, in *ec2.DescribeNetworkInterfacesInput, _ ...func(*ec2.Options)) (*ec2.DescribeNetworkInterfacesOutput, error) {
	name, vals, err := f.filterValues("DescribeNetworkInterfaces", in.Filters)
	if err != nil {
		return nil, err
	}
	var match []types.NetworkInterface
	for _, eni := range f.enis {
		var have []string
		if name == "network-interface-id" {
			have = append(have, aws.ToString(eni.NetworkInterfaceId))
		}
		for _, p := range eni.PrivateIpAddresses {
			switch name {
			case "addresses.private-ip-address":
				have = append(have, aws.ToString(p.PrivateIpAddress))
			case "addresses.association.public-ip":
				if p.Association != nil {
					have = append(have, aws.ToString(p.Association.PublicIp))
				}
			case "ipv6-addresses.ipv6-address", "network-interface-id":
			default:
				return nil, fmt.Errorf("InvalidParameterValue: filter %s", name)
			}
		}
		for _, p := range eni.Ipv6Addresses {
			if name == "ipv6-addresses.ipv6-address" {
				have = append(have, aws.ToString(p.Ipv6Address))
			}
		}
		if slices.ContainsFunc(have, func(s string) bool { return slices.Contains(vals, s) }) {
			match = append(match, eni)
		}
	}
	start, _ := strconv.Atoi(aws.ToString(in.NextToken))
	end := len(match)
	if f.pageSize > 0 {
		end = min(end, start+f.pageSize)
	}
	out := &ec2.DescribeNetworkInterfacesOutput{NetworkInterfaces: match[start:end]}
	if end < len(match) {
		out.NextToken = aws.String(strconv.Itoa(end))
	}
	return out, nil
}

func (f *fakeEC2) DescribeAddresses(_ context.Context, in *ec2.DescribeAddressesInput, _ ...func(*ec2.Options)) (*ec2.DescribeAddressesOutput, error) {
	_, vals, err := f.filterValues("DescribeAddresses", in.Filters)
	if err != nil {
		return nil, err
	}
	out := &ec2.DescribeAddressesOutput{}
	for _, a := range f.eips {
		if slices.Contains(vals, aws.ToString(a.PublicIp)) {
			out.Addresses = append(out.Addresses, a)
		}
	}
	return out, nil
}

// eni builds an interface holding private (and public, when not "").
func eni(id, typ, desc, instance, private, public string) types.NetworkInterface {
	p := types.NetworkInterfacePrivateIpAddress{PrivateIpAddress: aws.String(private)}
	if public != "" {
		p.Association = &types.NetworkInterfaceAssociation{PublicIp: aws.String(public)}
	}
	n := types.NetworkInterface{NetworkInterfaceId: aws.String(id), InterfaceType: types.NetworkInterfaceType(typ),
		Description: aws.String(desc), PrivateIpAddress: aws.String(private), PrivateIpAddresses: []types.NetworkInterfacePrivateIpAddress{p}}
	if instance != "" {
		n.Attachment = &types.NetworkInterfaceAttachment{InstanceId: aws.String(instance)}
	}
	return n
}

func stagingAccount() *fakeEC2 {
	return &fakeEC2{pageSize: 1, enis: []types.NetworkInterface{
		eni("eni-0a1", "nat_gateway", "Interface for NAT Gateway nat-0b2c3d", "", "10.20.0.10", "54.247.88.120"),
		eni("eni-0a2", "interface", "ELB app/orders/50dc6c495c0c9188", "", "10.20.3.7", "52.48.1.2"),
		eni("eni-0a3", "vpc_endpoint", "VPC Endpoint Interface vpce-0f1e2d", "", "10.20.5.9", ""),
		eni("eni-0a4", "interface", "primary network interface", "i-0123456789abcdef0", "10.20.8.4", "34.240.1.1"),
		eni("eni-0a5", "network_load_balancer", "ELB net/payments/7a8b9c", "", "10.20.6.6", ""),
	}, eips: []types.Address{
		{PublicIp: aws.String("52.16.0.9"), AllocationId: aws.String("eipalloc-0c0ffee")},
		{PublicIp: aws.String("54.247.88.120"), AllocationId: aws.String("eipalloc-0a1"), NetworkInterfaceId: aws.String("eni-0a1")},
	}}
}

func TestLookupOwners(t *testing.T) {
	addrs := []netip.Addr{
		netip.MustParseAddr("54.247.88.120"), netip.MustParseAddr("52.48.1.2"), netip.MustParseAddr("10.20.5.9"),
		netip.MustParseAddr("10.20.8.4"), netip.MustParseAddr("10.20.6.6"), netip.MustParseAddr("52.16.0.9"),
		netip.MustParseAddr("52.94.216.17"), netip.MustParseAddr("10.99.0.1"),
	}
	f := stagingAccount()
	got, err := LookupOwners(context.Background(), f, addrs)
	if err != nil {
		t.Fatal(err)
	}
	wantCalls := []string{"DescribeAddresses public-ip=4", "DescribeNetworkInterfaces network-interface-id=1",
		"DescribeNetworkInterfaces addresses.association.public-ip=2",
		// three interfaces match, one a page: three pages
		"DescribeNetworkInterfaces addresses.private-ip-address=4", "DescribeNetworkInterfaces addresses.private-ip-address=4",
		"DescribeNetworkInterfaces addresses.private-ip-address=4"}
	if !slices.Equal(f.calls, wantCalls) {
		t.Errorf("calls %q, want %q", f.calls, wantCalls)
	}
	want := map[string]string{
		"54.247.88.120": "NAT gateway nat-0b2c3d (eni-0a1: Interface for NAT Gateway nat-0b2c3d)",
		"52.48.1.2":     "load balancer app/orders/50dc6c495c0c9188 (eni-0a2: ELB app/orders/50dc6c495c0c9188)",
		"10.20.5.9":     "VPC endpoint vpce-0f1e2d (eni-0a3: VPC Endpoint Interface vpce-0f1e2d)",
		"10.20.8.4":     "instance i-0123456789abcdef0 (eni-0a4: primary network interface)",
		"10.20.6.6":     "load balancer net/payments/7a8b9c (eni-0a5: ELB net/payments/7a8b9c)",
		"52.16.0.9":     "Elastic IP eipalloc-0c0ffee (not associated)",
	}
	for _, a := range addrs {
		l, ok := got[a]
		if w, wantOK := want[a.String()]; ok != wantOK || l.Service != w || (ok && l.Source != SourceAWS) {
			t.Errorf("%s: %+v (found %v), want %q", a, l, ok, w)
		}
	}
}

func TestLookupOwnersBatches(t *testing.T) {
	f := stagingAccount()
	var addrs []netip.Addr
	for i := range 450 {
		addrs = append(addrs, netip.AddrFrom4([4]byte{10, 30, byte(i / 256), byte(i % 256)}))
	}
	addrs = append(addrs, netip.MustParseAddr("10.20.0.10"))
	got, err := LookupOwners(context.Background(), f, addrs)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got[netip.MustParseAddr("10.20.0.10")].Service, "NAT gateway nat-0b2c3d") {
		t.Errorf("NAT gateway's private address: %+v", got)
	}
	want := []string{"DescribeNetworkInterfaces addresses.private-ip-address=200",
		"DescribeNetworkInterfaces addresses.private-ip-address=200", "DescribeNetworkInterfaces addresses.private-ip-address=51"}
	if !slices.Equal(f.calls, want) {
		t.Errorf("calls %q, want %q", f.calls, want)
	}
}

func TestLookupOwnersError(t *testing.T) {
	f := &fakeEC2{fail: errors.New("UnauthorizedOperation: not authorized to perform ec2:DescribeNetworkInterfaces")}
	_, err := LookupOwners(context.Background(), f, []netip.Addr{netip.MustParseAddr("10.20.0.10")})
	if err == nil || !strings.Contains(err.Error(), "aws lookup: ec2 DescribeNetworkInterfaces") || !strings.Contains(err.Error(), "UnauthorizedOperation") {
		t.Fatalf("err = %v", err)
	}
}

func TestAnnotateAWS(t *testing.T) {
	id, err := New(Options{IPRangesFile: "testdata/feeds/aws.json", AWS: stagingAccount()})
	if err != nil {
		t.Fatal(err)
	}
	res := &analysis.Result{By: []string{"dst-endpoint", "pkt-dst-aws-service"}, Rows: []analysis.Row{
		{Keys: []string{"10.20.0.10", "-"}},    // private: the NAT gateway
		{Keys: []string{"3.250.1.1", "-"}},     // EC2 range, not ours
		{Keys: []string{"52.94.216.17", "-"}},  // KINESIS: specific, not looked up
		{Keys: []string{"10.20.5.9", "S3"}},    // the record's own label wins
		{Keys: []string{"10.20.8.4", "-"}},     // an instance
		{Keys: []string{"198.51.100.77", "-"}}, // not AWS: not looked up
	}}
	if err := id.Annotate(context.Background(), res); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.Rows {
		got = append(got, r.Service+" | "+r.ServiceSource)
	}
	want := []string{
		"NAT gateway nat-0b2c3d (eni-0a1: Interface for NAT Gateway nat-0b2c3d) | aws",
		"EC2 (eu-west-1) | ip-ranges",
		"KINESIS (eu-west-1) | ip-ranges",
		"S3 | pkt-dst-aws-service",
		"instance i-0123456789abcdef0 (eni-0a4: primary network interface) | aws",
		" | ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("labels:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
