package identify

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/analysis"
)

// SourceAWS is the Label.Source of a label naming a resource of the
// caller's own account (--aws-lookup).
const SourceAWS = "aws"

// lookupBatch is the most values one EC2 filter is given.
const lookupBatch = 200

// EC2API is the read-only EC2 calls --aws-lookup makes; *ec2.Client
// satisfies it.
type EC2API interface {
	// DescribeNetworkInterfaces lists the interfaces matching the input's
	// filters, one page per call (NextToken).
	DescribeNetworkInterfaces(ctx context.Context, in *ec2.DescribeNetworkInterfacesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeNetworkInterfacesOutput, error)
	// DescribeAddresses lists the Elastic IP addresses matching the
	// input's filters (not paginated).
	DescribeAddresses(ctx context.Context, in *ec2.DescribeAddressesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeAddressesOutput, error)
}

// LookupOwners names what owns each of addrs in the account api calls.
// Public addresses are looked up as Elastic IPs first (DescribeAddresses,
// public-ip), then the interfaces those are associated with
// (network-interface-id); the other public addresses by the interfaces'
// public association (addresses.association.public-ip), private ones by
// addresses.private-ip-address, IPv6 ones by ipv6-addresses.ipv6-address.
// Each filter gets at most 200 values a call. Addresses owned by nothing
// in the account are absent from the result.
func LookupOwners(ctx context.Context, api EC2API, addrs []netip.Addr) (map[netip.Addr]Label, error) {
	want := make(map[netip.Addr]bool, len(addrs))
	var public, private, v6 []string
	for _, a := range addrs {
		a = a.Unmap()
		want[a] = true
		switch {
		case a.Is6():
			v6 = append(v6, a.String())
		case a.IsPrivate():
			private = append(private, a.String())
		default:
			public = append(public, a.String())
		}
	}
	out := map[netip.Addr]Label{}
	eips := map[netip.Addr]types.Address{}
	for batch := range slices.Chunk(public, lookupBatch) {
		if err := describeAddresses(ctx, api, batch, eips); err != nil {
			return nil, err
		}
	}
	var eniIDs []string
	for _, eip := range eips {
		if id := aws.ToString(eip.NetworkInterfaceId); id != "" && !slices.Contains(eniIDs, id) {
			eniIDs = append(eniIDs, id)
		}
	}
	slices.Sort(eniIDs)
	public = slices.DeleteFunc(public, func(s string) bool { _, ok := eips[netip.MustParseAddr(s)]; return ok })
	for _, q := range []struct {
		filter string
		vals   []string
	}{
		{"network-interface-id", eniIDs},
		{"addresses.association.public-ip", public},
		{"addresses.private-ip-address", private},
		{"ipv6-addresses.ipv6-address", v6},
	} {
		for batch := range slices.Chunk(q.vals, lookupBatch) {
			if err := describeInterfaces(ctx, api, q.filter, batch, want, out); err != nil {
				return nil, err
			}
		}
	}
	for a, eip := range eips {
		if _, ok := out[a]; !ok {
			out[a] = Label{Service: eipOwner(eip), Source: SourceAWS}
		}
	}
	return out, nil
}

// describeInterfaces lists the interfaces matching filter=vals and labels
// their addresses that are in want.
func describeInterfaces(ctx context.Context, api EC2API, filter string, vals []string, want map[netip.Addr]bool, out map[netip.Addr]Label) error {
	in := &ec2.DescribeNetworkInterfacesInput{Filters: []types.Filter{{Name: aws.String(filter), Values: vals}}}
	p := ec2.NewDescribeNetworkInterfacesPaginator(api, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("aws lookup: ec2 DescribeNetworkInterfaces (%s, %d values): %w", filter, len(vals), err)
		}
		for _, eni := range page.NetworkInterfaces {
			l := Label{Service: interfaceOwner(eni), Source: SourceAWS}
			for _, a := range interfaceAddrs(eni) {
				if want[a] {
					out[a] = l
				}
			}
		}
	}
	return nil
}

// interfaceAddrs returns every address an interface holds: private, their
// public associations, and IPv6.
func interfaceAddrs(eni types.NetworkInterface) []netip.Addr {
	var out []netip.Addr
	add := func(s *string) {
		if a, err := netip.ParseAddr(aws.ToString(s)); err == nil {
			out = append(out, a.Unmap())
		}
	}
	add(eni.PrivateIpAddress)
	if eni.Association != nil {
		add(eni.Association.PublicIp)
	}
	for _, p := range eni.PrivateIpAddresses {
		add(p.PrivateIpAddress)
		if p.Association != nil {
			add(p.Association.PublicIp)
		}
	}
	for _, p := range eni.Ipv6Addresses {
		add(p.Ipv6Address)
	}
	return out
}

// describeAddresses adds the Elastic IPs among vals to eips.
func describeAddresses(ctx context.Context, api EC2API, vals []string, eips map[netip.Addr]types.Address) error {
	resp, err := api.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{
		Filters: []types.Filter{{Name: aws.String("public-ip"), Values: vals}},
	})
	if err != nil {
		return fmt.Errorf("aws lookup: ec2 DescribeAddresses (%d values): %w", len(vals), err)
	}
	for _, eip := range resp.Addresses {
		if a, err := netip.ParseAddr(aws.ToString(eip.PublicIp)); err == nil {
			eips[a.Unmap()] = eip
		}
	}
	return nil
}

// interfaceOwner names what an interface belongs to, with the interface's
// id and description: "NAT gateway nat-0a1b (eni-0c2d: Interface for NAT
// Gateway nat-0a1b)", "load balancer app/api/50dc6c495c0c9188 (...)",
// "VPC endpoint vpce-0e1f (...)", "instance i-0a1b (...)".
func interfaceOwner(eni types.NetworkInterface) string {
	desc := aws.ToString(eni.Description)
	var owner string
	switch {
	case eni.InterfaceType == types.NetworkInterfaceTypeNatGateway, eni.InterfaceType == "nat_gateway",
		strings.HasPrefix(desc, "Interface for NAT Gateway "): // the API sends nat_gateway, the SDK's enum says natGateway
		owner = "NAT gateway " + wordWithPrefix(desc, "nat-")
	case strings.HasPrefix(desc, "ELB "):
		owner = "load balancer " + strings.TrimPrefix(desc, "ELB ")
	case eni.InterfaceType == types.NetworkInterfaceTypeNetworkLoadBalancer,
		eni.InterfaceType == types.NetworkInterfaceTypeGatewayLoadBalancer:
		owner = "load balancer"
	case eni.InterfaceType == types.NetworkInterfaceTypeVpcEndpoint:
		owner = "VPC endpoint " + wordWithPrefix(desc, "vpce-")
	case eni.Attachment != nil && aws.ToString(eni.Attachment.InstanceId) != "":
		owner = "instance " + aws.ToString(eni.Attachment.InstanceId)
	case eni.InterfaceType != "" && eni.InterfaceType != types.NetworkInterfaceTypeInterface:
		owner = strings.ReplaceAll(string(eni.InterfaceType), "_", " ")
	case aws.ToString(eni.RequesterId) != "":
		owner = "interface of " + aws.ToString(eni.RequesterId)
	default:
		owner = "network interface"
	}
	owner = strings.TrimSpace(owner)
	id := aws.ToString(eni.NetworkInterfaceId)
	if desc != "" {
		id += ": " + desc
	}
	return owner + " (" + id + ")"
}

// eipOwner names an Elastic IP that no listed interface holds.
func eipOwner(eip types.Address) string {
	id := aws.ToString(eip.AllocationId)
	switch {
	case aws.ToString(eip.InstanceId) != "":
		return "Elastic IP " + id + " (instance " + aws.ToString(eip.InstanceId) + ")"
	case aws.ToString(eip.NetworkInterfaceId) != "":
		return "Elastic IP " + id + " (" + aws.ToString(eip.NetworkInterfaceId) + ")"
	default:
		return "Elastic IP " + id + " (not associated)"
	}
}

// wordWithPrefix returns the first space-separated word of s that starts
// with prefix, or "".
func wordWithPrefix(s, prefix string) string {
	for _, w := range strings.Fields(s) {
		if strings.HasPrefix(w, prefix) {
			return w
		}
	}
	return ""
}

// awsCandidate reports whether addr, labelled l by the ranges, may be a
// resource of the caller's account: a private address, or one AWS lists
// only under its catch-alls AMAZON or EC2 (an address any customer may
// hold).
func awsCandidate(addr netip.Addr, l Label) bool {
	if addr.Unmap().IsPrivate() {
		return true
	}
	if l.Source != "ip-ranges" {
		return false
	}
	svc, _, _ := strings.Cut(l.Service, " (")
	return svc == amazonService || svc == genericService
}

// annotateAWS relabels the rows whose destination (addrs[i]) is an AWS
// candidate owned by the account, with one batched lookup of the distinct
// addresses, and returns the owned addresses.
func (id *Identifier) annotateAWS(ctx context.Context, res *analysis.Result, addrs []netip.Addr) (map[netip.Addr]bool, error) {
	seen := map[netip.Addr]bool{}
	var cands []netip.Addr
	for i, r := range res.Rows {
		a := addrs[i]
		if !a.IsValid() || seen[a] || r.ServiceSource == "pkt-dst-aws-service" {
			continue
		}
		if awsCandidate(a, Label{Service: r.Service, Source: r.ServiceSource}) {
			seen[a] = true
			cands = append(cands, a)
		}
	}
	if len(cands) == 0 {
		return nil, nil
	}
	owners, err := LookupOwners(ctx, id.aws, cands)
	if err != nil {
		return nil, err
	}
	owned := map[netip.Addr]bool{}
	for i := range res.Rows {
		if l, ok := owners[addrs[i].Unmap()]; ok && seen[addrs[i]] {
			res.Rows[i].Service, res.Rows[i].ServiceSource = l.Service, l.Source
			owned[addrs[i]] = true
		}
	}
	return owned, nil
}
