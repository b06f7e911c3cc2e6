package acltest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

var dryRunErr = APIError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.")

// DescribeNetworkAcls returns the ACLs named in NetworkAclIds (all when
// none are named) that match every filter (see aclFilters); a missing id
// is InvalidNetworkAclID.NotFound (InvalidRouteTableID.NotFound in
// MotoMode, as moto answers).
func (f *EC2) DescribeNetworkAcls(ctx context.Context, in *ec2.DescribeNetworkAclsInput, _ ...func(*ec2.Options)) (*ec2.DescribeNetworkAclsOutput, error) {
	if err := f.enter(ctx, OpDescribeNetworkAcls, in); err != nil {
		return nil, err
	}
	if err := checkFilters(in.Filters); err != nil {
		return nil, err
	}
	out := &ec2.DescribeNetworkAclsOutput{}
	missing := func(id string) error {
		if f.MotoMode {
			return APIError("InvalidRouteTableID.NotFound", fmt.Sprintf("The routeTable ID '%s' does not exist", id))
		}
		return notFoundACL(id)
	}
	err := describe(f, OpDescribeNetworkAcls, in, in.NetworkAclIds, f.acls, missing, func(_ string, a *ACL) {
		if a.matches(in.Filters) {
			out.NetworkAcls = append(out.NetworkAcls, a.sdk())
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (a *ACL) sdk() types.NetworkAcl {
	c := a.copy()
	n := types.NetworkAcl{NetworkAclId: aws.String(c.ID), VpcId: aws.String(c.VPC), Entries: c.Entries, Tags: sdkTags(c.Tags)}
	for _, s := range c.Subnets {
		n.Associations = append(n.Associations, types.NetworkAclAssociation{SubnetId: aws.String(s), NetworkAclId: aws.String(c.ID),
			NetworkAclAssociationId: aws.String("aclassoc-" + strings.TrimPrefix(s, "subnet-"))})
	}
	return n
}

// CreateNetworkAclEntry enforces: the ACL exists, the rule number is in
// 1..32766 and free in that direction, the direction has room (Quota).
// MotoMode checks only the first and the free rule number, as moto does.
func (f *EC2) CreateNetworkAclEntry(ctx context.Context, in *ec2.CreateNetworkAclEntryInput, _ ...func(*ec2.Options)) (*ec2.CreateNetworkAclEntryOutput, error) {
	err := f.changeEntries(ctx, OpCreateNetworkAclEntry, in, in.NetworkAclId, func(a *ACL) (func(), error) {
		rule, egress := int(aws.ToInt32(in.RuleNumber)), aws.ToBool(in.Egress)
		switch {
		case a == nil:
			return nil, notFoundACL(aws.ToString(in.NetworkAclId))
		case (rule < 1 || rule > 32766) && !f.MotoMode:
			return nil, APIError("InvalidParameterValue", fmt.Sprintf("Invalid value '%d' for RuleNumber", rule))
		case aws.ToBool(in.DryRun) && !f.MotoMode:
			return nil, dryRunErr
		case a.find(rule, egress) >= 0:
			return nil, APIError("NetworkAclEntryAlreadyExists", fmt.Sprintf("The network acl entry identified by %d already exists.", rule))
		case a.count(egress) >= f.quota() && !f.MotoMode:
			return nil, APIError("NetworkAclEntryLimitExceeded", "The maximum number of network ACL entries has been reached.")
		}
		return func() {
			a.Entries = append(a.Entries, types.NetworkAclEntry{
				RuleNumber: in.RuleNumber, Egress: aws.Bool(egress), Protocol: in.Protocol, RuleAction: in.RuleAction,
				CidrBlock: in.CidrBlock, Ipv6CidrBlock: in.Ipv6CidrBlock, PortRange: in.PortRange, IcmpTypeCode: in.IcmpTypeCode,
			})
		}, nil
	})
	if err != nil {
		return nil, err
	}
	return &ec2.CreateNetworkAclEntryOutput{}, nil
}

// changeEntries is the one path of an entry change: the Before hook,
// then, under the lock, check on the ACL aclID names (nil when there is
// none) says the AWS error or the change to make, then the After hook.
func (f *EC2) changeEntries(ctx context.Context, op string, in any, aclID *string, check func(a *ACL) (apply func(), err error)) error {
	if err := f.enter(ctx, op, in); err != nil {
		return err
	}
	f.mu.Lock()
	apply, err := check(f.acls[aws.ToString(aclID)])
	if err == nil {
		apply()
	}
	f.mu.Unlock()
	if err != nil {
		return err
	}
	return f.leave(op, in)
}

func (f *EC2) quota() int {
	if f.Quota > 0 {
		return f.Quota
	}
	return DefaultQuota
}

func (a *ACL) count(egress bool) int {
	n := 0
	for _, e := range a.Entries {
		if *e.Egress == egress && *e.RuleNumber < 32767 {
			n++
		}
	}
	return n
}

// DeleteNetworkAclEntry removes the entry with the rule number and
// direction; a missing entry is InvalidNetworkAclEntry.NotFound (a 500
// in MotoMode).
func (f *EC2) DeleteNetworkAclEntry(ctx context.Context, in *ec2.DeleteNetworkAclEntryInput, _ ...func(*ec2.Options)) (*ec2.DeleteNetworkAclEntryOutput, error) {
	err := f.changeEntries(ctx, OpDeleteNetworkAclEntry, in, in.NetworkAclId, func(a *ACL) (func(), error) {
		if a == nil {
			return nil, notFoundACL(aws.ToString(in.NetworkAclId))
		}
		i := a.find(int(aws.ToInt32(in.RuleNumber)), aws.ToBool(in.Egress))
		switch {
		case aws.ToBool(in.DryRun) && !f.MotoMode:
			return nil, dryRunErr
		case i < 0 && f.MotoMode:
			return nil, &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 500}},
				Err: fmt.Errorf("internal server error")}
		case i < 0:
			return nil, APIError("InvalidNetworkAclEntry.NotFound", fmt.Sprintf("The network acl entry identified by %d does not exist.", aws.ToInt32(in.RuleNumber)))
		}
		return func() { a.Entries = append(a.Entries[:i], a.Entries[i+1:]...) }, nil
	})
	if err != nil {
		return nil, err
	}
	return &ec2.DeleteNetworkAclEntryOutput{}, nil
}

// CreateTags sets tags on ACLs and VPCs; DryRun answers DryRunOperation.
func (f *EC2) CreateTags(ctx context.Context, in *ec2.CreateTagsInput, _ ...func(*ec2.Options)) (*ec2.CreateTagsOutput, error) {
	if err := f.enter(ctx, OpCreateTags, in); err != nil {
		return nil, err
	}
	for _, t := range in.Tags {
		if v := aws.ToString(t.Value); utf8.RuneCountInString(v) > maxTagValue {
			return nil, APIError("InvalidParameterValue", fmt.Sprintf("Tag value exceeds the maximum length of %d characters", maxTagValue))
		}
	}
	err := f.editTags(OpCreateTags, in, in.Resources, aws.ToBool(in.DryRun), func(tags map[string]string) {
		for _, t := range in.Tags {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	})
	if err != nil {
		return nil, err
	}
	return &ec2.CreateTagsOutput{}, nil
}

// maxTagValue is the longest tag value EC2 accepts (characters).
const maxTagValue = 256

// DeleteTags removes tags; a tag given with a value is only removed when
// the current value matches, as in AWS. DryRun answers DryRunOperation.
func (f *EC2) DeleteTags(ctx context.Context, in *ec2.DeleteTagsInput, _ ...func(*ec2.Options)) (*ec2.DeleteTagsOutput, error) {
	if err := f.enter(ctx, OpDeleteTags, in); err != nil {
		return nil, err
	}
	err := f.editTags(OpDeleteTags, in, in.Resources, aws.ToBool(in.DryRun), func(tags map[string]string) {
		for _, t := range in.Tags {
			k := aws.ToString(t.Key)
			if t.Value == nil || tags[k] == aws.ToString(t.Value) {
				delete(tags, k)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return &ec2.DeleteTagsOutput{}, nil
}

// editTags applies edit to the tags of every resource under f.mu, or
// changes nothing when tagsToChange refuses, then runs the After hooks
// for op.
func (f *EC2) editTags(op string, in any, resources []string, dryRun bool, edit func(tags map[string]string)) error {
	f.mu.Lock()
	all, err := f.tagsToChange(resources, dryRun)
	if err != nil {
		f.mu.Unlock()
		return err
	}
	for _, tags := range all {
		edit(tags)
	}
	f.mu.Unlock()
	return f.leave(op, in)
}

// tagsToChange returns the tags of every resource, or the error for the
// first that does not exist, or DryRunOperation (honoured in both modes,
// as moto does for tags): nothing is changed unless all can be. f.mu is
// held.
func (f *EC2) tagsToChange(resources []string, dryRun bool) ([]map[string]string, error) {
	var all []map[string]string
	for _, r := range resources {
		tags, err := f.tagsOf(r)
		if err != nil {
			return nil, err
		}
		all = append(all, tags)
	}
	if dryRun {
		return nil, dryRunErr
	}
	return all, nil
}

func (f *EC2) tagsOf(id string) (map[string]string, error) {
	if a, ok := f.acls[id]; ok {
		return a.Tags, nil
	}
	if t, ok := f.vpcs[id]; ok {
		return t, nil
	}
	return nil, APIError("InvalidID", fmt.Sprintf("The ID '%s' is not valid", id))
}

// DescribeVpcs returns the named VPCs (all when none are named) with
// their tags; a missing id is InvalidVpcID.NotFound.
func (f *EC2) DescribeVpcs(ctx context.Context, in *ec2.DescribeVpcsInput, _ ...func(*ec2.Options)) (*ec2.DescribeVpcsOutput, error) {
	if err := f.enter(ctx, OpDescribeVpcs, in); err != nil {
		return nil, err
	}
	out := &ec2.DescribeVpcsOutput{}
	missing := func(id string) error {
		return APIError("InvalidVpcID.NotFound", fmt.Sprintf("The vpc ID '%s' does not exist", id))
	}
	err := describe(f, OpDescribeVpcs, in, in.VpcIds, f.vpcs, missing, func(id string, tags map[string]string) {
		out.Vpcs = append(out.Vpcs, types.Vpc{VpcId: aws.String(id), Tags: sdkTags(tags)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DescribeSubnets returns the subnets named in SubnetIds (all when none
// are named) with their IPv4 CIDR and associated IPv6 CIDRs; a missing id
// is InvalidSubnetID.NotFound. Filters are refused (aclprobe names its
// subnets).
func (f *EC2) DescribeSubnets(ctx context.Context, in *ec2.DescribeSubnetsInput, _ ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error) {
	if err := f.enter(ctx, OpDescribeSubnets, in); err != nil {
		return nil, err
	}
	if len(in.Filters) > 0 {
		return nil, APIError("InvalidParameterValue", "acltest applies no DescribeSubnets filter")
	}
	out := &ec2.DescribeSubnetsOutput{}
	missing := func(id string) error {
		return APIError("InvalidSubnetID.NotFound", fmt.Sprintf("The subnet ID '%s' does not exist", id))
	}
	err := describe(f, OpDescribeSubnets, in, in.SubnetIds, f.subs, missing, func(_ string, s Subnet) {
		out.Subnets = append(out.Subnets, s.sdk())
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s Subnet) sdk() types.Subnet {
	out := types.Subnet{SubnetId: aws.String(s.ID), VpcId: aws.String(s.VPC), Ipv6Native: aws.Bool(s.CIDR == "")}
	if s.CIDR != "" {
		out.CidrBlock = aws.String(s.CIDR)
	}
	for i, c := range s.IPv6 {
		out.Ipv6CidrBlockAssociationSet = append(out.Ipv6CidrBlockAssociationSet, types.SubnetIpv6CidrBlockAssociation{
			AssociationId: aws.String(fmt.Sprintf("subnet-cidr-assoc-%s-%d", s.ID, i)), Ipv6CidrBlock: aws.String(c),
			Ipv6CidrBlockState: &types.SubnetCidrBlockState{State: types.SubnetCidrBlockStateCodeAssociated},
		})
	}
	return out
}

// describe is the one path of a Describe call after its Before hook:
// under the lock, add sees each id of ids (every key of m when ids is
// empty) with its value, and the first id m lacks is answered with
// missing(id); then the After hook.
func describe[V any](f *EC2, op string, in any, ids []string, m map[string]V, missing func(id string) error, add func(id string, v V)) error {
	f.mu.Lock()
	for _, id := range idsOrAll(ids, m) {
		v, ok := m[id]
		if !ok {
			f.mu.Unlock()
			return missing(id)
		}
		add(id, v)
	}
	f.mu.Unlock()
	return f.leave(op, in)
}

// idsOrAll returns ids, or every key of m when ids is empty (a Describe
// call that names nothing lists everything).
func idsOrAll[V any](ids []string, m map[string]V) []string {
	if len(ids) > 0 {
		return ids
	}
	all := make([]string, 0, len(m))
	for id := range m {
		all = append(all, id)
	}
	return all
}

// sdkTags returns tags as EC2 tags.
func sdkTags(tags map[string]string) []types.Tag {
	var out []types.Tag
	for k, v := range tags {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}
