package change

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// TestCreateInputRoundTrip: the entry EC2 would describe after a
// CreateNetworkAclEntry built by CreateInput is the same entry.
func TestCreateInputRoundTrip(t *testing.T) {
	for _, e := range []Entry{
		NewDeny(90, Egress, AllProtocols, "203.0.113.7/32"),
		NewDeny(91, Ingress, TCP, "2001:db8::/64"),
		NewDeny(92, Egress, UDP, "198.51.100.0/24"),
		NewDeny(93, Ingress, ICMP, "192.0.2.0/24"),
		NewDeny(94, Egress, ICMPv6, "2001:db8:1::/48"),
		NewDeny(95, Egress, "47", "192.0.2.128/25"),
	} {
		in := e.CreateInput("acl-1", true)
		if aws.ToString(in.NetworkAclId) != "acl-1" || !aws.ToBool(in.DryRun) {
			t.Errorf("%s: acl %q, dry run %v", e, aws.ToString(in.NetworkAclId), aws.ToBool(in.DryRun))
		}
		described := types.NetworkAclEntry{
			RuleNumber: in.RuleNumber, Egress: in.Egress, Protocol: in.Protocol, RuleAction: in.RuleAction,
			CidrBlock: in.CidrBlock, Ipv6CidrBlock: in.Ipv6CidrBlock, PortRange: in.PortRange, IcmpTypeCode: in.IcmpTypeCode,
		}
		if got := FromEC2(described); !e.Matches(got) || got != e {
			t.Errorf("created %s, described back as %+v", e, got)
		}
		del := e.DeleteInput("acl-1", false)
		if aws.ToString(del.NetworkAclId) != "acl-1" || int(aws.ToInt32(del.RuleNumber)) != e.RuleNumber ||
			aws.ToBool(del.Egress) != e.Direction.IsEgress() || del.DryRun != nil {
			t.Errorf("%s: delete input %+v", e, del)
		}
	}
}

// TestFromEC2IgnoresPortsOfPortlessProtocols: a port range EC2 returns
// for a protocol without ports is not part of the entry.
func TestFromEC2IgnoresPortsOfPortlessProtocols(t *testing.T) {
	x := types.NetworkAclEntry{RuleNumber: aws.Int32(100), Egress: aws.Bool(false), Protocol: aws.String("-1"),
		RuleAction: types.RuleActionAllow, CidrBlock: aws.String("0.0.0.0/0"),
		PortRange: &types.PortRange{From: aws.Int32(0), To: aws.Int32(65535)}}
	want := Entry{RuleNumber: 100, Direction: Ingress, Action: Allow, Protocol: AllProtocols, CIDR: "0.0.0.0/0"}
	if got := FromEC2(x); got != want {
		t.Fatalf("FromEC2 = %+v, want %+v", got, want)
	}
}
