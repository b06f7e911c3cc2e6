package acl

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/acl/change"
)

// ErrACLNotFound is returned when the network ACL does not exist.
var ErrACLNotFound = fmt.Errorf("network acl not found")

// Describe reads the network ACL: entries (sorted by direction and rule
// number), tags and associated subnets.
func Describe(ctx context.Context, api EC2API, id string) (*change.Snapshot, error) {
	out, err := api.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{id}})
	if err != nil {
		if isNotFound(err) {
			return nil, fmt.Errorf("acl %s: %w", id, ErrACLNotFound)
		}
		return nil, fmt.Errorf("acl %s: describe: %w", id, err)
	}
	for _, a := range out.NetworkAcls {
		if aws.ToString(a.NetworkAclId) == id {
			return snapshotOf(a), nil
		}
	}
	return nil, fmt.Errorf("acl %s: %w", id, ErrACLNotFound)
}

func snapshotOf(a types.NetworkAcl) *change.Snapshot {
	s := &change.Snapshot{ID: aws.ToString(a.NetworkAclId), VPC: aws.ToString(a.VpcId), Tags: map[string]string{}}
	for _, t := range a.Tags {
		s.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	for _, as := range a.Associations {
		s.Subnets = append(s.Subnets, aws.ToString(as.SubnetId))
	}
	sort.Strings(s.Subnets)
	for _, e := range a.Entries {
		s.Entries = append(s.Entries, change.FromEC2(e))
	}
	change.SortEntries(s.Entries)
	return s
}

// VPCTags reads the tags of a VPC.
func VPCTags(ctx context.Context, api EC2API, vpcID string) (map[string]string, error) {
	out, err := api.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{vpcID}})
	if err != nil {
		return nil, fmt.Errorf("vpc %s: describe: %w", vpcID, err)
	}
	if len(out.Vpcs) == 0 {
		return nil, fmt.Errorf("vpc %s: not found", vpcID)
	}
	tags := map[string]string{}
	for _, t := range out.Vpcs[0].Tags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags, nil
}

// Diff lists, for humans, how got differs from want (entries only).
// It is empty when they hold the same entries.
func Diff(want, got []change.Entry) []string {
	key := func(e change.Entry) string {
		return fmt.Sprintf("%d %s %s %s %s %d-%d", e.RuleNumber, e.Direction, e.Action, e.Protocol, e.CIDR, e.Ports.From, e.Ports.To)
	}
	w, g := map[string]bool{}, map[string]bool{}
	for _, e := range want {
		w[key(e)] = true
	}
	for _, e := range got {
		g[key(e)] = true
	}
	var d []string
	for _, e := range want {
		if !g[key(e)] {
			d = append(d, "missing: "+key(e))
		}
	}
	for _, e := range got {
		if !w[key(e)] {
			d = append(d, "unexpected: "+key(e))
		}
	}
	return d
}
