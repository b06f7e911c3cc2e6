package run

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/plan"
)

func TestPreflight(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(w *world)
		wantFail   string // name prefix of the failing check; "" passes
		wantDetail string // in the failing check's detail
		wantWarn   string // in a passing check's warning
		wantInErr  string
	}{
		{name: "all good"},
		{name: "moto ignores DryRun: entry removed, check passes", setup: func(w *world) { w.ec2.MotoMode = true }},
		{name: "account not allowed", setup: func(w *world) { w.sts.Account = "999999999999" }, wantFail: "guard: account"},
		{name: "sts fails", setup: func(w *world) { w.sts.Err = acltest.ServerError }, wantFail: "guard: account"},
		{name: "acl missing", setup: func(w *world) { w.plan.Target.NetworkACL = "acl-nope" }, wantFail: "acl: exists"},
		{name: "production tag on the vpc even if the plan requires none", setup: func(w *world) {
			w.plan.Guard.RequireTags = nil
			w.ec2.AddVPC(testVPC, map[string]string{"Environment": "staging", "Tier": "PROD"})
		}, wantFail: "guard: no production tag"},
		{name: "production tag on the acl", setup: func(w *world) {
			w.ec2.AddACL(testACL, testVPC, map[string]string{"Environment": "Production"}, []string{"subnet-a"})
		}, wantFail: "guard: no production tag"},
		{name: "required tag missing on the acl", setup: func(w *world) { w.plan.Guard.RequireTags["Team"] = "sre" }, wantFail: "guard: required tags"},
		{name: "expected subnet not associated", setup: func(w *world) { w.plan.Target.Subnets = []string{"subnet-b"} }, wantFail: "acl: expected subnets"},
		{name: "live lease of another run", setup: func(w *world) {
			l := acl.Lease{RunID: "other", Owner: "bob@h", Expires: w.clock.Now().Add(1e12)}
			w.ec2.CreateTags(context.Background(), leaseTags(l.Value()))
		}, wantFail: "acl: lease"},
		{name: "expired lease of an SRE on a prod-named host is taken over, not a production tag", setup: func(w *world) {
			l := acl.Lease{RunID: "old", Owner: "alice@prod-bastion-1", Expires: w.clock.Now().Add(-time.Minute)}
			w.ec2.CreateTags(context.Background(), leaseTags(l.Value()))
		}},
		{name: "a lease-named tag that is not a lease still counts for the production guard", setup: func(w *world) {
			w.ec2.CreateTags(context.Background(), leaseTags("prod"))
		}, wantFail: "guard: no production tag"},
		{name: "no free rule number", setup: func(w *world) {
			w.plan.Deny.RuleRange = &plan.RuleRange{From: 90, To: 90}
			w.ec2.PutEntry(testACL, acltest.Entry(90, true, "deny", "-1", "10.1.0.0/16"))
		}, wantFail: "acl: rule numbers"},
		{name: "quota full", setup: func(w *world) { w.plan.Deny.MaxEntries = 1 }, wantFail: "acl: rule numbers"},
		{name: "watched alarm missing", setup: func(w *world) { w.cw.DeleteAlarm("payments-errors") }, wantFail: "alarms: watched"},
		{name: "watched alarm in ALARM", setup: func(w *world) {
			w.cw.SetAlarmState("kinesis-errors", cwtypes.StateValueAlarm, "test")
		}, wantFail: "alarms: watched"},
		{name: "stop alarm in ALARM", setup: func(w *world) {
			w.cw.SetAlarmState("site-down", cwtypes.StateValueAlarm, "test")
		}, wantFail: "alarms: stop"},
		{name: "target covers the EC2 endpoint", setup: func(w *world) {
			w.plan.Targets = append(w.plan.Targets, plan.Target{CIDR: "52.95.120.0/24"})
		}, wantFail: "self-lockout"},
		{name: "target covers a loopback endpoint", setup: func(w *world) {
			w.plan.Targets = append(w.plan.Targets, plan.Target{CIDR: "127.0.0.1/32"})
		}, wantFail: "self-lockout"},
		{name: "endpoint does not resolve", setup: func(w *world) {}, wantFail: "self-lockout", wantInErr: "self-lockout"},
		{name: "not permitted to create entries", setup: func(w *world) {
			w.ec2.Before = acltest.FailTimes(acltest.OpCreateNetworkAclEntry, 1, acltest.APIError("UnauthorizedOperation", "nope"))
		}, wantFail: "dry run: CreateNetworkAclEntry"},
		{name: "acl with no associated subnet", setup: func(w *world) {
			w.plan.Target.Subnets = nil
			w.ec2.AddACL(testACL, testVPC, map[string]string{"Environment": "staging"}, nil,
				acltest.Entry(100, true, "allow", "-1", "0.0.0.0/0"))
		}, wantFail: "path: the acl has associated subnets"},
		{name: "associated subnet not readable", setup: func(w *world) {
			w.ec2.Before = acltest.FailTimes(acltest.OpDescribeSubnets, 1, acltest.APIError("UnauthorizedOperation", "no"))
		}, wantFail: "path: the acl has associated subnets"},
		{name: "ipv6 target, subnets without ipv6", setup: func(w *world) {
			w.ec2.AddSubnet(acltest.Subnet{ID: "subnet-a", VPC: testVPC, CIDR: "10.0.1.0/24"})
			w.plan.Targets = append(w.plan.Targets, plan.Target{CIDR: "2001:db8::7/128"})
		}, wantFail: "path: the subnets carry each target's address family"},
		{name: "target observed only from outside the acl's subnets", setup: func(w *world) {
			w.plan.Targets[0].Evidence = &plan.Evidence{Flows: 10, Sources: []string{"10.0.9.5", "10.0.9.6"}}
		}, wantFail: "path: observed sources"},
		{name: "older plan: top_sources outside the subnets", setup: func(w *world) {
			w.plan.Targets[1].Evidence = &plan.Evidence{Flows: 10, TopSources: []string{"10.0.9.5"}}
		}, wantFail: "path: observed sources"},
		{name: "partial coverage passes (shown, not refused)", setup: func(w *world) {
			w.plan.Targets[0].Evidence = &plan.Evidence{Flows: 10, Sources: []string{"10.0.1.5", "10.0.9.6"}}
		}, wantWarn: "target 203.0.113.7/32: partial: 1 of 2 observed source(s) on the path: 10.0.1.5 (subnet-a); not covered: 10.0.9.6"},
		{name: "deny shadowed by a matching allow below the rule range", setup: func(w *world) {
			w.plan.Deny.RuleRange = &plan.RuleRange{From: 90, To: 99}
			w.ec2.PutEntry(testACL, acltest.Entry(50, true, "allow", "6", "198.51.100.0/24"))
		}, wantFail: "acl: rule numbers", wantDetail: "the deny would be shadowed: allow entry 50 allow tcp 198.51.100.0/24"},
		{name: "a slow alarm only warns", setup: func(w *world) {
			w.cw.SetAlarmTiming("kinesis-errors", 300, 3, 0)
			w.cw.SetAlarmTiming("payments-errors", 300, 3, 0)
		}, wantWarn: "window 10s is shorter than the 15m alarm kinesis-errors needs"},
		{name: "alarm periods not readable", setup: func(w *world) {
			calls := 0
			w.cw.Fail = func(*cloudwatch.DescribeAlarmsInput) error {
				if calls++; calls == 5 { // resolve, OK check, stop alarms resolve and OK check come first
					return acltest.ServerError
				}
				return nil
			}
		}, wantFail: "watch: a check could fail"},
		{name: "dry-run delete throttled fails closed", setup: func(w *world) {
			w.ec2.Before = acltest.FailTimes(acltest.OpDeleteNetworkAclEntry, 1, acltest.Throttled)
		}, wantFail: "dry run: DeleteNetworkAclEntry"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld()
			d := w.deps()
			if tc.name == "endpoint does not resolve" {
				d.Resolver = fakeResolver{}
			}
			if tc.setup != nil {
				tc.setup(w)
			}
			before := w.ec2.ACL(testACL)
			snap, checks, err := Preflight(context.Background(), d, w.plan)
			var failed []string
			for _, c := range checks {
				if !c.OK {
					failed = append(failed, c.Name+": "+c.Detail)
				}
			}
			if tc.wantFail == "" {
				if err != nil || len(failed) > 0 || snap == nil {
					t.Fatalf("Preflight = %v, failed checks %q", err, failed)
				}
			} else {
				if !errors.Is(err, ErrPreflight) {
					t.Fatalf("Preflight error = %v, want ErrPreflight", err)
				}
				if len(failed) == 0 || !strings.HasPrefix(failed[0], tc.wantFail) || !strings.Contains(failed[0], tc.wantDetail) {
					t.Fatalf("failed checks %q, want first to start with %q and hold %q", failed, tc.wantFail, tc.wantDetail)
				}
			}
			var warned []string
			for _, c := range checks {
				if c.Warn {
					warned = append(warned, c.Detail)
				}
			}
			if w := strings.Join(warned, "; "); (tc.wantWarn == "") != (w == "") || !strings.Contains(w, tc.wantWarn) {
				t.Fatalf("warnings %q, want %q", w, tc.wantWarn)
			}
			if before != nil {
				if diff := acl.Diff(entriesOf(before), entriesOf(w.ec2.ACL(testACL))); len(diff) > 0 {
					t.Fatalf("preflight changed the ACL: %v", diff)
				}
			}
		})
	}
}
