package acltest

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

func create(rule int, egress, dry bool) *ec2.CreateNetworkAclEntryInput {
	return &ec2.CreateNetworkAclEntryInput{NetworkAclId: aws.String("acl-1"), RuleNumber: aws.Int32(int32(rule)), Egress: aws.Bool(egress),
		Protocol: aws.String("-1"), RuleAction: types.RuleActionDeny, CidrBlock: aws.String("203.0.113.7/32"), DryRun: aws.Bool(dry)}
}

func code(err error) string {
	if ae, ok := err.(smithy.APIError); ok {
		return ae.ErrorCode()
	}
	if err != nil {
		return "other"
	}
	return ""
}

func TestFakeEnforcesAWSRules(t *testing.T) {
	ctx := context.Background()
	f := NewEC2()
	f.AddACL("acl-1", "vpc-1", nil, nil, Entry(100, true, "allow", "-1", "0.0.0.0/0"))
	f.Quota = 3
	steps := []struct {
		name string
		call func() error
		want string
	}{
		{"create 90", func() error { _, err := f.CreateNetworkAclEntry(ctx, create(90, true, false)); return err }, ""},
		{"clash on 90 egress", func() error { _, err := f.CreateNetworkAclEntry(ctx, create(90, true, false)); return err }, "NetworkAclEntryAlreadyExists"},
		{"90 ingress is another entry", func() error { _, err := f.CreateNetworkAclEntry(ctx, create(90, false, false)); return err }, ""},
		{"dry run", func() error { _, err := f.CreateNetworkAclEntry(ctx, create(91, true, true)); return err }, "DryRunOperation"},
		{"third egress entry fits", func() error { _, err := f.CreateNetworkAclEntry(ctx, create(91, true, false)); return err }, ""},
		{"quota", func() error { _, err := f.CreateNetworkAclEntry(ctx, create(92, true, false)); return err }, "NetworkAclEntryLimitExceeded"},
		{"rule number out of range", func() error { _, err := f.CreateNetworkAclEntry(ctx, create(32767, true, false)); return err }, "InvalidParameterValue"},
		{"delete missing", func() error {
			_, err := f.DeleteNetworkAclEntry(ctx, &ec2.DeleteNetworkAclEntryInput{NetworkAclId: aws.String("acl-1"), RuleNumber: aws.Int32(50), Egress: aws.Bool(true)})
			return err
		}, "InvalidNetworkAclEntry.NotFound"},
		{"missing acl", func() error {
			_, err := f.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{"acl-nope"}})
			return err
		}, "InvalidNetworkAclID.NotFound"},
		{"moto: dry run really creates", func() error {
			f.MotoMode = true
			f.Quota = 0
			_, err := f.CreateNetworkAclEntry(ctx, create(92, true, true))
			return err
		}, ""},
		{"moto: delete missing is a 500", func() error {
			_, err := f.DeleteNetworkAclEntry(ctx, &ec2.DeleteNetworkAclEntryInput{NetworkAclId: aws.String("acl-1"), RuleNumber: aws.Int32(50), Egress: aws.Bool(true)})
			return err
		}, "other"},
		{"injected throttling", func() error {
			f.Before = FailTimes(OpDescribeNetworkAcls, 1, Throttled)
			_, err := f.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{})
			return err
		}, "RequestLimitExceeded"},
		{"throttling only n times", func() error { _, err := f.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{}); return err }, ""},
	}
	for _, s := range steps {
		if got := code(s.call()); got != s.want {
			t.Fatalf("%s: error code %q, want %q", s.name, got, s.want)
		}
	}
	if n := len(f.ACL("acl-1").Entries); n != 7 {
		t.Fatalf("%d entries, want 7 (2 default, 100, 90 both ways, 91, 92)", n)
	}
}

func TestFakeConditionalTagDelete(t *testing.T) {
	ctx := context.Background()
	f := NewEC2()
	f.AddACL("acl-1", "vpc-1", map[string]string{"lease": "mine"}, nil)
	del := func(v string) {
		if _, err := f.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{"acl-1"}, Tags: []types.Tag{{Key: aws.String("lease"), Value: aws.String(v)}}}); err != nil {
			t.Fatal(err)
		}
	}
	del("theirs")
	if f.ACL("acl-1").Tags["lease"] != "mine" {
		t.Fatal("tag deleted although the value did not match")
	}
	del("mine")
	if _, ok := f.ACL("acl-1").Tags["lease"]; ok {
		t.Fatal("tag not deleted")
	}
}
