package run

import (
	"context"
	"net/netip"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/internal/clock/clocktest"
	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/probe/probetest"
)

const (
	testACL     = "acl-0test"
	testVPC     = "vpc-0test"
	testAccount = "111122223333"
)

// world is an in-memory AWS for run tests: an EC2 fake with a staging
// ACL associated with subnet-a (10.0.1.0/24, 2001:db8:0:1::/64), an STS
// fake, a CloudWatch fake with alarms, and a virtual clock that each sleep
// of the run moves forward at once.
type world struct {
	ec2    *acltest.EC2
	sts    *acltest.STS
	cw     *probetest.CloudWatch
	clock  *clocktest.Fake
	plan   *plan.Plan
	probes ProbeSet // nil: the plan's probes are not faked
}

func newWorld() *world {
	w := &world{ec2: acltest.NewEC2(), sts: &acltest.STS{Account: testAccount}, cw: probetest.NewCloudWatch(),
		clock: clocktest.NewAuto(time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC))}
	w.cw.Now = w.clock.Now
	staging := map[string]string{"Environment": "staging"}
	w.ec2.AddVPC(testVPC, staging)
	w.ec2.AddSubnet(acltest.Subnet{ID: "subnet-a", VPC: testVPC, CIDR: "10.0.1.0/24", IPv6: []string{"2001:db8:0:1::/64"}})
	w.ec2.AddACL(testACL, testVPC, staging, []string{"subnet-a"},
		acltest.Entry(100, true, "allow", "-1", "0.0.0.0/0"), acltest.Entry(100, false, "allow", "-1", "0.0.0.0/0"))
	for _, n := range []string{"kinesis-errors", "payments-errors", "site-down"} {
		w.cw.PutMetricAlarm(n, cwtypes.StateValueOk)
	}
	p := &plan.Plan{
		APIVersion: plan.APIVersion, Name: "test",
		Target: plan.ACLRef{Region: "eu-west-1", NetworkACL: testACL, Subnets: []string{"subnet-a"}},
		Guard:  plan.Guard{Accounts: []string{testAccount}, RequireTags: staging},
		Timing: plan.Timing{Window: plan.Duration(10 * time.Second), PollInterval: plan.Duration(time.Second),
			RecoveryTimeout: plan.Duration(20 * time.Second), Cooldown: plan.Duration(2 * time.Second), MaxDuration: plan.Duration(time.Hour)},
		Watch: plan.Watch{Alarms: []string{"kinesis-errors", "payments-errors"}, StopAlarms: []string{"site-down"}},
		Targets: []plan.Target{
			{CIDR: "203.0.113.7/32", Label: "kinesis"}, {CIDR: "198.51.100.9/32", Label: "payments"}, {CIDR: "192.0.2.200/32", Label: "idle"},
		},
	}
	p.SetDefaults()
	w.plan = p
	return w
}

func (w *world) deps() Deps {
	return Deps{EC2: w.ec2, STS: w.sts, CloudWatch: w.cw, Region: "eu-west-1", Clock: w.clock,
		Endpoints:   []string{"https://ec2.eu-west-1.amazonaws.com", "http://127.0.0.1:4566"},
		Resolver:    fakeResolver{"ec2.eu-west-1.amazonaws.com": {netip.MustParseAddr("52.95.120.1")}},
		LeaseSettle: time.Second}
}

// runDeps are deps with the world's fake probes.
func (w *world) runDeps() Deps {
	d := w.deps()
	if w.probes != nil {
		d.NewProbes = func([]plan.Probe, time.Duration) (ProbeSet, error) { return w.probes, nil }
	}
	return d
}

type fakeResolver map[string][]netip.Addr

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := r[host]; ok {
		return a, nil
	}
	return nil, &lookupError{host}
}

type lookupError struct{ host string }

func (e *lookupError) Error() string { return "lookup " + e.host + ": no such host" }
