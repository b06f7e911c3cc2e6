package acltest_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/acl"
)

// TestEC2Contract holds every acl.EC2API implementation to one contract:
// the in-memory fake (AWS's documented behaviour), the fake in moto mode,
// and moto_server through the real *ec2.Client (when ACLPROBE_MOTO_URL is
// set). Where moto differs from AWS, the case asserts the named quirk, so
// the fake's moto mode and the emulator cannot drift apart unnoticed.
func TestEC2Contract(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			for _, c := range contractCases {
				t.Run(c.name, func(t *testing.T) {
					api, w := b.newWorld(t)
					c.run(&harness{t: t, ctx: context.Background(), api: api, w: w, q: b.quirks})
				})
			}
		})
	}
}

// Entries the cases create; 192.0.2.0/24, 198.51.100.0/24 and
// 203.0.113.0/24 are documentation ranges.
var (
	denyHTTPS = spec{rule: 90, egress: true, action: types.RuleActionDeny, protocol: "6", cidr: "203.0.113.7/32", from: 443, to: 443}
	allowDNS  = spec{rule: 90, egress: false, action: types.RuleActionAllow, protocol: "17", cidr: "10.0.0.0/8", from: 53, to: 53}
	denyAll   = spec{rule: 91, egress: true, action: types.RuleActionDeny, protocol: "-1", cidr: "198.51.100.0/24"}
	denyHigh  = spec{rule: 92, egress: true, action: types.RuleActionDeny, protocol: "6", cidr: "192.0.2.0/24", from: 1024, to: 65535}
)

// missingACL is a well-formed network ACL id that no backend holds.
const missingACL = "acl-0000000000000dead"

var contractCases = []struct {
	name string
	run  func(h *harness)
}{
	{"a new ACL holds only the deny-all entries", func(h *harness) {
		want := []string{"egress 32767 deny -1 0.0.0.0/0", "ingress 32767 deny -1 0.0.0.0/0"}
		if h.q.NewACLWithoutDefaults {
			want = nil
		}
		if got := h.entries(true); !slices.Equal(got, want) {
			h.t.Fatalf("entries of a new ACL = %q, want %q", got, want)
		}
	}},
	{"entries round-trip their full identity and are deleted by rule number and direction", func(h *harness) {
		h.mustCreate(denyHTTPS, allowDNS, denyAll, denyHigh)
		h.wantEntries(denyHTTPS, allowDNS, denyAll, denyHigh)
		h.wantNoErr("delete egress 90", h.delete(90, true, false))
		h.wantEntries(allowDNS, denyAll, denyHigh)
	}},
	{"a clashing rule number fails with NetworkAclEntryAlreadyExists and changes nothing", func(h *harness) {
		h.mustCreate(denyHTTPS)
		clash := spec{rule: 90, egress: true, action: types.RuleActionAllow, protocol: "-1", cidr: "0.0.0.0/0"}
		h.wantCode("create clashing egress 90", h.create(clash, false), acl.CodeEntryExists)
		h.wantEntries(denyHTTPS)
	}},
	{"deleting a missing entry fails and changes nothing", func(h *harness) {
		h.mustCreate(allowDNS) // rule 90 exists, but ingress
		err := h.delete(90, true, false)
		if h.q.DeleteMissingIs500 {
			if err == nil || httpStatus(err) != 500 || acl.ErrorCode(err) != "" {
				h.t.Fatalf("delete missing egress 90 = %v (status %d), want the quirk: an HTTP 500 with no error code", err, httpStatus(err))
			}
		} else {
			h.wantCode("delete missing egress 90", err, acl.CodeEntryNotFound)
		}
		h.wantEntries(allowDNS)
	}},
	{"DryRun create answers DryRunOperation and creates nothing", func(h *harness) {
		err := h.create(denyHTTPS, true)
		if h.q.DryRunIgnored {
			h.wantNoErr("quirk: DryRun create really creates", err)
			h.wantEntries(denyHTTPS)
			return
		}
		h.wantCode("DryRun create", err, acl.CodeDryRun)
		h.wantEntries()
	}},
	{"DryRun delete answers DryRunOperation and deletes nothing", func(h *harness) {
		h.mustCreate(denyHTTPS)
		err := h.delete(90, true, true)
		if h.q.DryRunIgnored {
			h.wantNoErr("quirk: DryRun delete really deletes", err)
			h.wantEntries()
			return
		}
		h.wantCode("DryRun delete", err, acl.CodeDryRun)
		h.wantEntries(denyHTTPS)
	}},
	{"entry calls on a missing ACL fail with InvalidNetworkAclID.NotFound", func(h *harness) {
		h.w.ACL = missingACL
		h.wantCode("create on a missing ACL", h.create(denyHTTPS, false), acl.CodeACLNotFound)
		h.wantCode("delete on a missing ACL", h.delete(90, true, false), acl.CodeACLNotFound)
	}},
	{"rule numbers outside 1..32766 are refused", func(h *harness) {
		zero := spec{rule: 0, egress: true, action: types.RuleActionDeny, protocol: "-1", cidr: "203.0.113.0/24"}
		err := h.create(zero, false)
		if h.q.RuleNumberUnchecked {
			h.wantNoErr("quirk: rule number 0 is accepted", err)
			h.wantEntries(zero)
			return
		}
		h.wantCode("create rule 0", err, "InvalidParameterValue")
		h.wantEntries()
	}},
	{"tags are created, overwritten, and deleted only when the given value matches", caseTags},
	{"DryRun tag calls answer DryRunOperation and change nothing", caseTagsDryRun},
	{"DescribeVpcs returns the VPC with its tags", caseVpcs},
	{"DescribeNetworkAcls selects by id and filters, with the VPC, tags and subnet association", caseDescribe},
	{"each direction holds at most 20 entries besides the defaults", caseQuota},
}

func caseTags(h *harness) {
	const lease = "aclprobe:lease"
	h.tags(h.w.ACL, map[string]string{lease: "run-1", "Owner": "a"})
	h.tags(h.w.ACL, map[string]string{lease: "run-2"})
	want := map[string]string{lease: "run-2", "Owner": "a"}
	for k, v := range aclTags {
		want[k] = v
	}
	h.wantTags("after create and overwrite", tagMap(h.describe().Tags), want)

	h.untag(h.w.ACL, lease, aws.String("run-1"))
	h.wantTags("after deleting the lease with a stale value", tagMap(h.describe().Tags), want)
	h.untag(h.w.ACL, lease, aws.String("run-2"))
	h.untag(h.w.ACL, "Owner", nil)
	h.wantTags("after deleting the lease with its value and Owner without one", tagMap(h.describe().Tags), aclTags)
}

func caseTagsDryRun(h *harness) {
	_, err := h.api.CreateTags(h.ctx, &ec2.CreateTagsInput{Resources: []string{h.w.ACL}, DryRun: aws.Bool(true),
		Tags: sdkTags(map[string]string{"Team": "other", "aclprobe:lease": "run-1"})})
	h.wantCode("DryRun create tags", err, acl.CodeDryRun)
	_, err = h.api.DeleteTags(h.ctx, &ec2.DeleteTagsInput{Resources: []string{h.w.ACL}, DryRun: aws.Bool(true),
		Tags: []types.Tag{{Key: aws.String("Team")}}})
	h.wantCode("DryRun delete tags", err, acl.CodeDryRun)
	h.wantTags("after DryRun tag calls", tagMap(h.describe().Tags), aclTags)
}

func caseVpcs(h *harness) {
	describe := func() map[string]string {
		out, err := h.api.DescribeVpcs(h.ctx, &ec2.DescribeVpcsInput{VpcIds: []string{h.w.VPC}})
		h.wantNoErr("describe vpc", err)
		if len(out.Vpcs) != 1 || aws.ToString(out.Vpcs[0].VpcId) != h.w.VPC {
			h.t.Fatalf("describe %s returned %+v", h.w.VPC, out.Vpcs)
		}
		return tagMap(out.Vpcs[0].Tags)
	}
	h.wantTags("vpc", describe(), vpcTags)
	h.tags(h.w.VPC, map[string]string{"Environment": "prod"})
	h.wantTags("vpc after overwrite", describe(), map[string]string{"Environment": "prod", "Name": "contract"})

	all, err := h.api.DescribeVpcs(h.ctx, &ec2.DescribeVpcsInput{})
	h.wantNoErr("describe all vpcs", err)
	if !slices.ContainsFunc(all.Vpcs, func(v types.Vpc) bool { return aws.ToString(v.VpcId) == h.w.VPC }) {
		h.t.Errorf("describe with no ids = %d VPCs without %s, want every VPC", len(all.Vpcs), h.w.VPC)
	}

	_, err = h.api.DescribeVpcs(h.ctx, &ec2.DescribeVpcsInput{VpcIds: []string{"vpc-0000000000000dead"}})
	h.wantCode("describe a missing vpc", err, "InvalidVpcID.NotFound")
}

func caseDescribe(h *harness) {
	a := h.describe()
	if aws.ToString(a.VpcId) != h.w.VPC {
		h.t.Errorf("VpcId = %q, want %q", aws.ToString(a.VpcId), h.w.VPC)
	}
	h.wantTags("acl", tagMap(a.Tags), aclTags)
	if len(a.Associations) != 1 {
		h.t.Fatalf("associations = %+v, want the one subnet %s", a.Associations, h.w.Subnet)
	}
	as := a.Associations[0]
	if aws.ToString(as.SubnetId) != h.w.Subnet || aws.ToString(as.NetworkAclId) != h.w.ACL || aws.ToString(as.NetworkAclAssociationId) == "" {
		h.t.Errorf("association = subnet %q acl %q id %q, want subnet %s on %s with an association id",
			aws.ToString(as.SubnetId), aws.ToString(as.NetworkAclId), aws.ToString(as.NetworkAclAssociationId), h.w.Subnet, h.w.ACL)
	}

	ids := func(f types.Filter) []string {
		out, err := h.api.DescribeNetworkAcls(h.ctx, &ec2.DescribeNetworkAclsInput{Filters: []types.Filter{f}})
		h.wantNoErr(fmt.Sprintf("describe with filter %s", aws.ToString(f.Name)), err)
		var ids []string
		for _, n := range out.NetworkAcls {
			if aws.ToString(n.VpcId) != h.w.VPC {
				h.t.Errorf("filter %s returned %s of %s", aws.ToString(f.Name), aws.ToString(n.NetworkAclId), aws.ToString(n.VpcId))
			}
			ids = append(ids, aws.ToString(n.NetworkAclId))
		}
		return ids
	}
	if got := ids(types.Filter{Name: aws.String("association.subnet-id"), Values: []string{h.w.Subnet}}); !slices.Equal(got, []string{h.w.ACL}) {
		h.t.Errorf("association.subnet-id filter = %q, want [%s]", got, h.w.ACL)
	}
	if got := ids(types.Filter{Name: aws.String("vpc-id"), Values: []string{h.w.VPC}}); !slices.Contains(got, h.w.ACL) {
		h.t.Errorf("vpc-id filter = %q, want it to hold %s", got, h.w.ACL)
	}

	_, err := h.api.DescribeNetworkAcls(h.ctx, &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{missingACL}})
	code := acl.CodeACLNotFound
	if h.q.MissingACLIsRouteTableCode {
		code = "InvalidRouteTableID.NotFound"
	}
	h.wantCode("describe a missing ACL", err, code)
}

func caseQuota(h *harness) {
	var egress []spec
	for i := 1; i <= 20; i++ {
		egress = append(egress, spec{rule: i, egress: true, action: types.RuleActionDeny, protocol: "-1", cidr: fmt.Sprintf("203.0.113.%d/32", i)})
	}
	h.mustCreate(egress...)
	extra := spec{rule: 21, egress: true, action: types.RuleActionDeny, protocol: "-1", cidr: "203.0.113.21/32"}
	err := h.create(extra, false)
	if h.q.NoEntryQuota {
		h.wantNoErr("quirk: a 21st egress entry is accepted", err)
		egress = append(egress, extra)
	} else {
		h.wantCode("create a 21st egress entry", err, acl.CodeEntryLimit)
	}
	h.mustCreate(allowDNS) // the other direction has its own quota
	h.wantEntries(append(egress, allowDNS)...)
}
