package plan

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/aclprobe/aclprobe/acl/change"
)

// previewEntryRe reads a step's entry line back from the rendered preview.
var previewEntryRe = regexp.MustCompile(`^        \+ (egress|ingress) rule (\d+) (deny|allow) (\S+) (\S+)(?: ports (\d+)-(\d+))?$`)

// TestPreviewAndRequestFromOneStep proves that what the dry run prints and
// what the run sends to EC2 come from one value: for each step Steps
// returns, the entry line of the rendered preview is parsed back and
// compared, field by field, with the CreateNetworkAclEntryInput and
// DeleteNetworkAclEntryInput built from the same step.
func TestPreviewAndRequestFromOneStep(t *testing.T) {
	tests := []struct {
		name      string
		direction string
		protocol  string
		cidrs     []string
	}{
		{"egress all, ipv4 and ipv6", "egress", "all", []string{"52.94.0.12/32", "2001:db8::/64"}},
		{"ingress tcp", "ingress", "tcp", []string{"3.233.144.0/24", "2001:db8:1::7/128"}},
		{"egress udp", "egress", "udp", []string{"198.51.100.0/24"}},
		{"ingress icmp", "ingress", "icmp", []string{"192.0.2.0/25"}},
		{"egress icmpv6", "egress", "icmpv6", []string{"2001:db8:2::/48"}},
		{"egress by number (gre)", "egress", "47", []string{"203.0.113.0/28"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, sum := loadValid(t)
			p.Deny.Direction, p.Deny.Protocol = tt.direction, tt.protocol
			p.Targets = nil
			for _, c := range tt.cidrs {
				p.Targets = append(p.Targets, Target{CIDR: c})
			}
			if err := Validate(p); err != nil {
				t.Fatalf("plan: %v", err)
			}
			snap := &change.Snapshot{ID: p.Target.NetworkACL, VPC: "vpc-1", Entries: []change.Entry{
				{RuleNumber: 100, Direction: change.Egress, Action: change.Allow, Protocol: change.AllProtocols, CIDR: "0.0.0.0/0"},
				{RuleNumber: 101, Direction: change.Egress, Action: change.Allow, Protocol: change.AllProtocols, CIDR: "::/0"},
				{RuleNumber: 100, Direction: change.Ingress, Action: change.Allow, Protocol: change.AllProtocols, CIDR: "0.0.0.0/0"},
				{RuleNumber: 101, Direction: change.Ingress, Action: change.Allow, Protocol: change.AllProtocols, CIDR: "::/0"},
			}}
			steps, err := Steps(p, snap)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := Preview(&buf, PreviewInput{Path: "valid.yaml", SHA256: sum, Plan: p, Steps: steps, Snapshot: snap}); err != nil {
				t.Fatal(err)
			}
			var lines [][]string
			for _, l := range strings.Split(buf.String(), "\n") {
				if m := previewEntryRe.FindStringSubmatch(l); m != nil {
					lines = append(lines, m)
				}
			}
			if len(lines) != len(steps) {
				t.Fatalf("preview lists %d entries for %d steps:\n%s", len(lines), len(steps), buf.String())
			}
			for i, s := range steps {
				samePreviewAndRequest(t, lines[i], s, p.Target.NetworkACL)
			}
		})
	}
}

// samePreviewAndRequest asserts that the preview line m (previewEntryRe's
// submatches) and the EC2 requests built from s agree on every field.
func samePreviewAndRequest(t *testing.T, m []string, s Step, aclID string) {
	t.Helper()
	dir, rule, action, protoName, cidr := m[1], m[2], m[3], m[4], m[5]
	proto, err := change.ParseProtocol(protoName)
	if err != nil {
		t.Fatalf("preview protocol %q: %v", protoName, err)
	}
	in := s.CreateInput(aclID, false)
	if got := aws.ToString(in.NetworkAclId); got != aclID {
		t.Errorf("request acl %q, plan %q", got, aclID)
	}
	if got := strconv.Itoa(int(aws.ToInt32(in.RuleNumber))); got != rule || rule == "0" {
		t.Errorf("request rule %s, preview %s", got, rule)
	}
	if got := aws.ToBool(in.Egress); got != (dir == "egress") {
		t.Errorf("request egress %v, preview %s", got, dir)
	}
	if got := string(in.RuleAction); got != action || action != "deny" {
		t.Errorf("request action %q, preview %q", got, action)
	}
	if got := aws.ToString(in.Protocol); got != string(proto) {
		t.Errorf("request protocol %q, preview %q (%s)", got, protoName, proto)
	}
	gotCIDR := aws.ToString(in.CidrBlock)
	if strings.Contains(cidr, ":") {
		gotCIDR = aws.ToString(in.Ipv6CidrBlock)
		if in.CidrBlock != nil {
			t.Errorf("ipv6 request also sets CidrBlock %q", aws.ToString(in.CidrBlock))
		}
	} else if in.Ipv6CidrBlock != nil {
		t.Errorf("ipv4 request also sets Ipv6CidrBlock %q", aws.ToString(in.Ipv6CidrBlock))
	}
	if gotCIDR != cidr {
		t.Errorf("request cidr %q, preview %q", gotCIDR, cidr)
	}
	gotPorts := ""
	if in.PortRange != nil {
		gotPorts = fmt.Sprintf("%d-%d", aws.ToInt32(in.PortRange.From), aws.ToInt32(in.PortRange.To))
	}
	if wantPorts := strings.Trim(m[6]+"-"+m[7], "-"); gotPorts != wantPorts {
		t.Errorf("request ports %q, preview %q", gotPorts, wantPorts)
	}
	if icmp := proto == change.ICMP || proto == change.ICMPv6; icmp != (in.IcmpTypeCode != nil) ||
		(icmp && (aws.ToInt32(in.IcmpTypeCode.Type) != -1 || aws.ToInt32(in.IcmpTypeCode.Code) != -1)) {
		t.Errorf("request icmp type/code %+v for protocol %s", in.IcmpTypeCode, protoName)
	}
	if in.DryRun != nil {
		t.Errorf("real request has DryRun %v", aws.ToBool(in.DryRun))
	}
	del := s.DeleteInput(aclID, false)
	if aws.ToString(del.NetworkAclId) != aclID || strconv.Itoa(int(aws.ToInt32(del.RuleNumber))) != rule || aws.ToBool(del.Egress) != (dir == "egress") {
		t.Errorf("delete request %s/%d/egress=%v, preview %s rule %s", aws.ToString(del.NetworkAclId), aws.ToInt32(del.RuleNumber), aws.ToBool(del.Egress), dir, rule)
	}
}
