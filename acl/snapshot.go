package acl

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/plan"
)

// ErrACLNotFound is returned when the network ACL does not exist.
var ErrACLNotFound = fmt.Errorf("network acl not found")

// Describe reads the network ACL: entries (sorted by direction and rule
// number), tags and associated subnets.
func Describe(ctx context.Context, api EC2API, id string) (*plan.ACLSnapshot, error) {
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

func snapshotOf(a types.NetworkAcl) *plan.ACLSnapshot {
	s := &plan.ACLSnapshot{ID: aws.ToString(a.NetworkAclId), VPC: aws.ToString(a.VpcId), Tags: map[string]string{}}
	for _, t := range a.Tags {
		s.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	for _, as := range a.Associations {
		s.Subnets = append(s.Subnets, aws.ToString(as.SubnetId))
	}
	sort.Strings(s.Subnets)
	for _, e := range a.Entries {
		s.Entries = append(s.Entries, entryOf(e))
	}
	SortEntries(s.Entries)
	return s
}

func entryOf(e types.NetworkAclEntry) plan.ACLEntry {
	x := plan.ACLEntry{
		RuleNumber: int(aws.ToInt32(e.RuleNumber)), Egress: aws.ToBool(e.Egress),
		Action: string(e.RuleAction), Protocol: aws.ToString(e.Protocol), CIDR: aws.ToString(e.CidrBlock),
	}
	if x.CIDR == "" {
		x.CIDR = aws.ToString(e.Ipv6CidrBlock)
	}
	if e.PortRange != nil {
		x.PortFrom, x.PortTo = int(aws.ToInt32(e.PortRange.From)), int(aws.ToInt32(e.PortRange.To))
	}
	return x
}

// SortEntries orders entries egress first, then by rule number, so that
// two snapshots compare equal when they hold the same entries.
func SortEntries(es []plan.ACLEntry) {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Egress != es[j].Egress {
			return es[i].Egress
		}
		if es[i].RuleNumber != es[j].RuleNumber {
			return es[i].RuleNumber < es[j].RuleNumber
		}
		return es[i].CIDR < es[j].CIDR
	})
}

// Find returns the entry at rule number n in the direction, if any.
func Find(s *plan.ACLSnapshot, n int, egress bool) (plan.ACLEntry, bool) {
	for _, e := range s.Entries {
		if e.RuleNumber == n && e.Egress == egress {
			return e, true
		}
	}
	return plan.ACLEntry{}, false
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
func Diff(want, got []plan.ACLEntry) []string {
	key := func(e plan.ACLEntry) string {
		return fmt.Sprintf("%d %s %s %s %s %d-%d", e.RuleNumber, direction(e.Egress), e.Action, e.Protocol, e.CIDR, e.PortFrom, e.PortTo)
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
