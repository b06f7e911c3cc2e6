package acl

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// EC2API is the part of the EC2 API aclprobe uses. *ec2.Client satisfies
// it; acl/acltest.EC2 is an in-memory fake that enforces AWS's rules.
type EC2API interface {
	// DescribeNetworkAcls returns the ACLs matching the input, with their
	// entries, tags and subnet associations.
	DescribeNetworkAcls(ctx context.Context, in *ec2.DescribeNetworkAclsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeNetworkAclsOutput, error)
	// CreateNetworkAclEntry adds one entry; a clashing rule number fails
	// with NetworkAclEntryAlreadyExists, a full ACL with
	// NetworkAclEntryLimitExceeded, DryRun with DryRunOperation.
	CreateNetworkAclEntry(ctx context.Context, in *ec2.CreateNetworkAclEntryInput, optFns ...func(*ec2.Options)) (*ec2.CreateNetworkAclEntryOutput, error)
	// DeleteNetworkAclEntry removes the entry with the rule number and
	// direction; a missing one fails with InvalidNetworkAclEntry.NotFound.
	DeleteNetworkAclEntry(ctx context.Context, in *ec2.DeleteNetworkAclEntryInput, optFns ...func(*ec2.Options)) (*ec2.DeleteNetworkAclEntryOutput, error)
	// CreateTags adds or overwrites tags on resources.
	CreateTags(ctx context.Context, in *ec2.CreateTagsInput, optFns ...func(*ec2.Options)) (*ec2.CreateTagsOutput, error)
	// DeleteTags removes tags; a tag given with a value is removed only
	// when its current value matches.
	DeleteTags(ctx context.Context, in *ec2.DeleteTagsInput, optFns ...func(*ec2.Options)) (*ec2.DeleteTagsOutput, error)
	// DescribeVpcs returns VPCs with their tags.
	DescribeVpcs(ctx context.Context, in *ec2.DescribeVpcsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeVpcsOutput, error)
	// DescribeSubnets returns the subnets named in SubnetIds with their
	// IPv4 CIDR and IPv6 CIDR associations; a missing one fails with
	// InvalidSubnetID.NotFound.
	DescribeSubnets(ctx context.Context, in *ec2.DescribeSubnetsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error)
}

// STSAPI is the part of STS aclprobe uses to know whose account it is in.
type STSAPI interface {
	// GetCallerIdentity returns the account and ARN of the caller.
	GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, optFns ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}
