package acl

import (
	"context"
	"fmt"
	"net/netip"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/acl/change"
)

// Subnets reads the subnets ids (an ACL snapshot's associations) with
// their IPv4 CIDR and associated IPv6 CIDRs, sorted by id. No ids means
// no subnets (and no call). A subnet the answer lacks is an error.
func Subnets(ctx context.Context, api EC2API, ids []string) ([]change.Subnet, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	out, err := api.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: ids})
	if err != nil {
		return nil, fmt.Errorf("subnets %v: describe: %w", ids, err)
	}
	byID := map[string]change.Subnet{}
	for _, s := range out.Subnets {
		sub, err := subnetOf(s)
		if err != nil {
			return nil, err
		}
		byID[sub.ID] = sub
	}
	subs := make([]change.Subnet, 0, len(ids))
	for _, id := range ids {
		s, ok := byID[id]
		if !ok {
			return nil, fmt.Errorf("subnet %s: not in the DescribeSubnets answer", id)
		}
		subs = append(subs, s)
	}
	sort.Slice(subs, func(i, j int) bool { return subs[i].ID < subs[j].ID })
	return subs, nil
}

// subnetOf reads one subnet; IPv6 CIDRs count only while associated.
func subnetOf(s types.Subnet) (change.Subnet, error) {
	sub := change.Subnet{ID: aws.ToString(s.SubnetId)}
	if c := aws.ToString(s.CidrBlock); c != "" {
		p, err := netip.ParsePrefix(c)
		if err != nil {
			return sub, fmt.Errorf("subnet %s: cidr %q: %w", sub.ID, c, err)
		}
		sub.IPv4 = append(sub.IPv4, p.Masked())
	}
	for _, a := range s.Ipv6CidrBlockAssociationSet {
		if st := a.Ipv6CidrBlockState; st != nil && st.State != "" && st.State != types.SubnetCidrBlockStateCodeAssociated {
			continue
		}
		c := aws.ToString(a.Ipv6CidrBlock)
		p, err := netip.ParsePrefix(c)
		if err != nil {
			return sub, fmt.Errorf("subnet %s: ipv6 cidr %q: %w", sub.ID, c, err)
		}
		sub.IPv6 = append(sub.IPv6, p.Masked())
	}
	return sub, nil
}
