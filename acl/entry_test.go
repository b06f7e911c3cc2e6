package acl

import (
	"context"
	"testing"

	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/acl/change"
)

// TestOpsTouchOnlyDenyEntries: Apply, Remove and DryRunChecks refuse an
// entry that is not a deny entry with a direction, before any EC2 write;
// above all, Remove never deletes the ACL's own allow entry that such an
// entry would match.
func TestOpsTouchOnlyDenyEntries(t *testing.T) {
	allow := Entry{ACL: testACL, Entry: change.Entry{RuleNumber: 100, Direction: change.Egress, Action: change.Allow,
		Protocol: change.AllProtocols, CIDR: "0.0.0.0/0"}}
	noDirection := ours
	noDirection.Direction = 0
	for _, e := range []Entry{allow, noDirection} {
		f, ops := newFake()
		var writes []string
		f.Before = func(op string, _ any) error {
			if op == acltest.OpCreateNetworkAclEntry || op == acltest.OpDeleteNetworkAclEntry {
				writes = append(writes, op)
			}
			return nil
		}
		if _, err := ops.Apply(context.Background(), e); err == nil {
			t.Errorf("Apply(%s) succeeded", e)
		}
		if err := ops.Remove(context.Background(), e); err == nil {
			t.Errorf("Remove(%s) succeeded", e)
		}
		if _, err := ops.DryRunChecks(context.Background(), e, nil); err == nil {
			t.Errorf("DryRunChecks(%s) succeeded", e)
		}
		if len(writes) > 0 {
			t.Errorf("%s: EC2 writes %v", e, writes)
		}
		if x, ok := mustDescribe(t, f).Find(100, change.Egress); !ok || x.Action != change.Allow {
			t.Errorf("%s: the allow entry 100 is gone", e)
		}
	}
}
