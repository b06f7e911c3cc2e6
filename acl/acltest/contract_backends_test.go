package acltest_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/internal/testenv"
)

// quirks names every way an implementation is known to differ from AWS's
// documented behaviour. The contract asserts AWS's behaviour where a flag
// is false and the quirk's exact behaviour where it is true, so neither
// side can drift unnoticed: the fake's moto mode must show exactly the
// quirks moto shows.
type quirks struct {
	// DryRunIgnored: CreateNetworkAclEntry and DeleteNetworkAclEntry never
	// answer DryRunOperation; the call really happens (moto 5.2.1 does
	// not check DryRun on network ACL entries).
	DryRunIgnored bool
	// DeleteMissingIs500: deleting an entry that does not exist is an
	// HTTP 500 (an uncaught StopIteration in moto), not
	// InvalidNetworkAclEntry.NotFound.
	DeleteMissingIs500 bool
	// NoEntryQuota: there is no limit of 20 entries per direction.
	NoEntryQuota bool
	// RuleNumberUnchecked: rule numbers outside 1..32766 are accepted.
	RuleNumberUnchecked bool
	// MissingACLIsRouteTableCode: DescribeNetworkAcls of an id that does
	// not exist answers InvalidRouteTableID.NotFound (moto raises its
	// route table error there), not InvalidNetworkAclID.NotFound.
	MissingACLIsRouteTableCode bool
	// NewACLWithoutDefaults: a new network ACL has no entries at all;
	// AWS gives it the deny-all entry (rule 32767) in each direction.
	// This is moto's CreateNetworkAcl; the fake's AddACL is a fixture
	// that models AWS in both modes.
	NewACLWithoutDefaults bool
}

// world is one case's fresh resources: a tagged VPC with one subnet,
// associated with a tagged network ACL.
type world struct {
	VPC, ACL, Subnet string
}

// The tags every world starts with.
var (
	vpcTags = map[string]string{"Environment": "staging", "Name": "contract"}
	aclTags = map[string]string{"Team": "sre"}
)

// backend is one implementation of acl.EC2API held to the contract.
type backend struct {
	name   string
	quirks quirks
	// newWorld makes a fresh world and returns the API to check with.
	newWorld func(t *testing.T) (acl.EC2API, world)
}

func backends() []backend {
	return []backend{
		{name: "fake", newWorld: fakeWorld(false)},
		{name: "fake-moto-mode", newWorld: fakeWorld(true), quirks: quirks{
			DryRunIgnored: true, DeleteMissingIs500: true, NoEntryQuota: true,
			RuleNumberUnchecked: true, MissingACLIsRouteTableCode: true,
		}},
		{name: "moto", newWorld: motoWorld, quirks: quirks{
			DryRunIgnored: true, DeleteMissingIs500: true, NoEntryQuota: true,
			RuleNumberUnchecked: true, MissingACLIsRouteTableCode: true, NewACLWithoutDefaults: true,
		}},
	}
}

func fakeWorld(moto bool) func(*testing.T) (acl.EC2API, world) {
	return func(*testing.T) (acl.EC2API, world) {
		w := world{VPC: "vpc-0c0e1a2b3c4d5e6f7", ACL: "acl-0c0e1a2b3c4d5e6f7", Subnet: "subnet-0c0e1a2b3c4d5e6f7"}
		f := acltest.NewEC2()
		f.MotoMode = moto
		f.AddVPC(w.VPC, vpcTags)
		f.AddVPC("vpc-0other000000000000", map[string]string{"Environment": "other"})
		f.AddACL(w.ACL, w.VPC, aclTags, []string{w.Subnet})
		f.AddACL("acl-0other000000000000", "vpc-0other000000000000", nil, []string{"subnet-0other000000000000"})
		return f, w
	}
}

var motoSeq atomic.Int64

// motoWorld builds the world in moto through the real *ec2.Client, with
// fresh resources (other packages share the emulator: never reset it).
// The client retries only a broken connection (testenv.TransportRetryer),
// so every answer checked is moto's own.
func motoWorld(t *testing.T) (acl.EC2API, world) {
	testenv.MotoURL(t)
	c := ec2.NewFromConfig(testenv.Config(t), func(o *ec2.Options) { o.Retryer = testenv.TransportRetryer() })
	ctx := context.Background()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("moto fixture: %s: %v", what, err)
		}
	}
	n := motoSeq.Add(1) % 250
	vpc, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(fmt.Sprintf("10.%d.0.0/16", n))})
	must("create vpc", err)
	w := world{VPC: aws.ToString(vpc.Vpc.VpcId)}
	sub, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(w.VPC), CidrBlock: aws.String(fmt.Sprintf("10.%d.1.0/24", n))})
	must("create subnet", err)
	w.Subnet = aws.ToString(sub.Subnet.SubnetId)
	a, err := c.CreateNetworkAcl(ctx, &ec2.CreateNetworkAclInput{VpcId: aws.String(w.VPC)})
	must("create network acl", err)
	w.ACL = aws.ToString(a.NetworkAcl.NetworkAclId)

	// A new subnet is associated with the VPC's default ACL: move it.
	d, err := c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{
		Filters: []types.Filter{{Name: aws.String("association.subnet-id"), Values: []string{w.Subnet}}}})
	must("find the subnet's association", err)
	assoc := ""
	for _, n := range d.NetworkAcls {
		for _, as := range n.Associations {
			if aws.ToString(as.SubnetId) == w.Subnet {
				assoc = aws.ToString(as.NetworkAclAssociationId)
			}
		}
	}
	if assoc == "" {
		t.Fatalf("moto fixture: subnet %s has no network ACL association", w.Subnet)
	}
	_, err = c.ReplaceNetworkAclAssociation(ctx, &ec2.ReplaceNetworkAclAssociationInput{AssociationId: aws.String(assoc), NetworkAclId: aws.String(w.ACL)})
	must("associate the subnet", err)
	_, err = c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{w.VPC}, Tags: sdkTags(vpcTags)})
	must("tag the vpc", err)
	_, err = c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{w.ACL}, Tags: sdkTags(aclTags)})
	must("tag the acl", err)
	return c, w
}

func sdkTags(m map[string]string) []types.Tag {
	var out []types.Tag
	for k, v := range m {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}
