package run

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/plan"
)

func leaseTags(v string) *ec2.CreateTagsInput {
	return &ec2.CreateTagsInput{Resources: []string{testACL}, Tags: []types.Tag{{Key: aws.String(acl.LeaseTag), Value: aws.String(v)}}}
}

// entriesOf converts the fake's entries to plan entries.
func entriesOf(a *acltest.ACL) []plan.ACLEntry {
	var out []plan.ACLEntry
	for _, e := range a.Entries {
		x := plan.ACLEntry{RuleNumber: int(*e.RuleNumber), Egress: *e.Egress, Action: string(e.RuleAction), Protocol: aws.ToString(e.Protocol), CIDR: aws.ToString(e.CidrBlock)}
		if e.PortRange != nil {
			x.PortFrom, x.PortTo = int(*e.PortRange.From), int(*e.PortRange.To)
		}
		out = append(out, x)
	}
	acl.SortEntries(out)
	return out
}
