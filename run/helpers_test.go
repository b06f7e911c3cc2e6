package run

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/acl/change"
)

func leaseTags(v string) *ec2.CreateTagsInput {
	return &ec2.CreateTagsInput{Resources: []string{testACL}, Tags: []types.Tag{{Key: aws.String(acl.LeaseTag), Value: aws.String(v)}}}
}

// entriesOf converts the fake's entries to the change model, sorted.
func entriesOf(a *acltest.ACL) []change.Entry {
	var out []change.Entry
	for _, e := range a.Entries {
		out = append(out, change.FromEC2(e))
	}
	change.SortEntries(out)
	return out
}

// failRealDeletes fails the first n DeleteNetworkAclEntry calls that are
// not DryRun with err: the undo fails, while preflight's DryRun permission
// check (which fails closed on any error) still gets its answer.
func failRealDeletes(n int, err error) func(string, any) error {
	fail := acltest.FailTimes(acltest.OpDeleteNetworkAclEntry, n, err)
	return func(op string, in any) error {
		if d, ok := in.(*ec2.DeleteNetworkAclEntryInput); ok && aws.ToBool(d.DryRun) {
			return nil
		}
		return fail(op, in)
	}
}
