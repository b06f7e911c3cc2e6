package cli

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/aclprobe/aclprobe/run"
)

// TestIntegrationHonestVerdicts drives the real binary against moto: a
// quiet window is no-impact only when the deny was on the observed
// traffic's path and a watched check could have failed within it.
func TestIntegrationHonestVerdicts(t *testing.T) {
	runScenarios(t,
		scenario{"an ACL with no associated subnet is refused", testNoSubnetRefused},
		scenario{"a target observed only from outside the ACL's subnets is refused", testOffPathRefused},
		scenario{"a 15-minute alarm and a short window give inconclusive", testSlowAlarmInconclusive},
		scenario{"a 10 s alarm and a 10 s window give no-impact, with what could have failed", testHighResolutionNoImpact},
	)
}

func testNoSubnetRefused(t *testing.T, e *blastEnv) {
	// A second ACL in the same VPC, with no subnet.
	a, err := e.ec2.CreateNetworkAcl(context.Background(), &ec2.CreateNetworkAclInput{VpcId: aws.String(e.vpc)})
	if err != nil {
		t.Fatal(err)
	}
	e.acl = aws.ToString(a.NetworkAcl.NetworkAclId)
	e.tag(e.acl, map[string]string{"Environment": "staging"})
	e.allowAll()
	e.refused(e.writePlan("10s", "203.0.113.7/32"), "has no associated subnet")
}

func testOffPathRefused(_ *testing.T, e *blastEnv) {
	// 10.77.9.0/24 is in the VPC but not in the ACL's subnet.
	targets := "  - cidr: 203.0.113.7/32\n    label: seen-from-elsewhere\n    evidence: {flows: 40, bytes: 9000, sources: [10.77.9.5, 10.77.9.6]}\n"
	e.refused(e.writePlanYAML("10s", "", targets), "target 203.0.113.7/32: none of the 2 observed source(s) is in the ACL's subnets")
}

func testSlowAlarmInconclusive(t *testing.T, e *blastEnv) {
	for _, n := range []string{"kinesis", "payments"} {
		e.putAlarm(n, 300, 3) // 15 minutes to leave OK
	}
	p := e.start("run", e.writePlan("2s", "203.0.113.7/32"), "--yes", "--out", e.out)
	if code := p.wait(); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, p.stderr)
	}
	tr := readResults(t, e.out).Targets[0]
	want := "window 2s is shorter than the 15m alarm " + e.prefix + "kinesis needs (period 5m x 3 datapoints)"
	if tr.Verdict != run.VerdictInconclusive || !strings.Contains(tr.Reason, want) || !strings.Contains(tr.Reason, "a window of 15m would be enough") || len(tr.CouldDetect) != 0 {
		t.Fatalf("verdict %s, reason %q, could_detect %+v; want inconclusive because %q", tr.Verdict, tr.Reason, tr.CouldDetect, want)
	}
	if !strings.Contains(p.stderr.String(), "would be enough") {
		t.Fatalf("preflight did not warn before the change; stderr:\n%s", p.stderr)
	}
}

func testHighResolutionNoImpact(t *testing.T, e *blastEnv) {
	// Seen from the ACL's subnet and from outside it: denied for one only.
	targets := "  - cidr: 203.0.113.8/32\n    label: half-on-path\n    evidence: {flows: 40, bytes: 9000, sources: [10.77.1.5, 10.77.9.9]}\n"
	p := e.start("run", e.writePlanYAML("10s", "", targets), "--yes", "--out", e.out)
	if code := p.wait(); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, p.stderr)
	}
	tr := readResults(t, e.out).Targets[0]
	var could []string
	for _, d := range tr.CouldDetect {
		could = append(could, d.Name)
	}
	if tr.Verdict != run.VerdictNoImpact || !reflect.DeepEqual(could, []string{e.prefix + "kinesis", e.prefix + "payments"}) {
		t.Fatalf("verdict %s (%s), could_detect %v", tr.Verdict, tr.Reason, could)
	}
	if tr.Path == nil || !reflect.DeepEqual(tr.Path.Uncovered, []string{"10.77.9.9"}) || !strings.Contains(tr.Reason, "not covered: 10.77.9.9") {
		t.Fatalf("path %+v, reason %q: want the partial coverage", tr.Path, tr.Reason)
	}
}
