package run

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/acl/change"
	"github.com/aclprobe/aclprobe/plan"
)

// TestRunSendsWhatThePreviewShows: the dry run's preview (preflight, then
// plan.Steps against the ACL it read) lists, in order, exactly the
// entries the run then creates, read back from the requests EC2 got.
func TestRunSendsWhatThePreviewShows(t *testing.T) {
	for _, proto := range []string{"all", "tcp"} {
		t.Run(proto, func(t *testing.T) {
			w := newWorld()
			w.plan.Deny.Protocol = proto
			snap, checks, err := Preflight(context.Background(), w.deps(), w.plan)
			if err != nil {
				t.Fatalf("preflight: %v", err)
			}
			steps, err := plan.Steps(w.plan, snap)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			in := plan.PreviewInput{Path: "plan.yaml", SHA256: "abc", Plan: w.plan, Steps: steps, Snapshot: snap, Checks: checks}
			if err := plan.Preview(&buf, in); err != nil {
				t.Fatal(err)
			}
			var previewed []string
			for _, l := range strings.Split(buf.String(), "\n") {
				if s, ok := strings.CutPrefix(l, "        + "); ok {
					previewed = append(previewed, s)
				}
			}

			var sent []string
			w.ec2.After = func(_ string, in any) {
				if c, ok := in.(*ec2.CreateNetworkAclEntryInput); ok && !aws.ToBool(c.DryRun) {
					sent = append(sent, change.FromEC2(types.NetworkAclEntry{
						RuleNumber: c.RuleNumber, Egress: c.Egress, Protocol: c.Protocol, RuleAction: c.RuleAction,
						CidrBlock: c.CidrBlock, Ipv6CidrBlock: c.Ipv6CidrBlock, PortRange: c.PortRange, IcmpTypeCode: c.IcmpTypeCode,
					}).Preview())
				}
			}
			o := Options{Plan: w.plan, PlanPath: "plan.yaml", PlanSHA: "abc", OutDir: t.TempDir(), RunID: "run-1", Owner: "tester@host"}
			if _, err := Run(context.Background(), w.runDeps(), o); err != nil {
				t.Fatalf("Run: %v", err)
			}
			if len(previewed) != len(w.plan.Targets) || strings.Join(sent, "\n") != strings.Join(previewed, "\n") {
				t.Fatalf("the run created\n  %s\nthe preview showed\n  %s", strings.Join(sent, "\n  "), strings.Join(previewed, "\n  "))
			}
		})
	}
}
