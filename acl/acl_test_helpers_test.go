package acl

import (
	"time"

	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/acl/change"
	"github.com/aclprobe/aclprobe/internal/clock/clocktest"
)

const testACL = "acl-0test"

// testNow is when the tests' virtual clock starts.
var testNow = time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC)

// newFake returns a fake with one staging ACL (allow all egress at 100)
// and Ops on a virtual clock (starting at testNow), so that no wait is in
// real time.
func newFake() (*acltest.EC2, *Ops) {
	f := acltest.NewEC2()
	f.AddVPC("vpc-1", map[string]string{"Environment": "staging"})
	f.AddACL(testACL, "vpc-1", map[string]string{"Environment": "staging"}, []string{"subnet-1"},
		acltest.Entry(100, true, "allow", "-1", "0.0.0.0/0"), acltest.Entry(100, false, "allow", "-1", "0.0.0.0/0"))
	return f, &Ops{API: f, Region: "eu-west-1", Clock: clocktest.NewAuto(testNow)}
}

var ours = Entry{ACL: testACL, Entry: change.NewDeny(90, change.Egress, change.AllProtocols, "203.0.113.7/32")}
