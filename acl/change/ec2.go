package change

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// CreateInput is the CreateNetworkAclEntry request that makes the entry
// on aclID: every field comes from the entry, ports for tcp and udp, ICMP
// type and code -1 (all) for icmp and icmpv6.
func (e Entry) CreateInput(aclID string, dryRun bool) *ec2.CreateNetworkAclEntryInput {
	in := &ec2.CreateNetworkAclEntryInput{
		NetworkAclId: aws.String(aclID), RuleNumber: aws.Int32(int32(e.RuleNumber)),
		Egress: aws.Bool(e.Direction.IsEgress()), Protocol: aws.String(string(e.Protocol)),
		RuleAction: types.RuleAction(e.Action),
	}
	if dryRun {
		in.DryRun = aws.Bool(true)
	}
	if e.IsIPv6() {
		in.Ipv6CidrBlock = aws.String(e.CIDR)
	} else {
		in.CidrBlock = aws.String(e.CIDR)
	}
	switch {
	case e.Protocol.HasPorts():
		in.PortRange = &types.PortRange{From: aws.Int32(int32(e.Ports.From)), To: aws.Int32(int32(e.Ports.To))}
	case e.Protocol.IsICMP():
		in.IcmpTypeCode = &types.IcmpTypeCode{Type: aws.Int32(-1), Code: aws.Int32(-1)}
	}
	return in
}

// DeleteInput is the DeleteNetworkAclEntry request that removes the entry
// from aclID (EC2 deletes by rule number and direction: check the entry
// is this one first).
func (e Entry) DeleteInput(aclID string, dryRun bool) *ec2.DeleteNetworkAclEntryInput {
	in := &ec2.DeleteNetworkAclEntryInput{
		NetworkAclId: aws.String(aclID), RuleNumber: aws.Int32(int32(e.RuleNumber)), Egress: aws.Bool(e.Direction.IsEgress()),
	}
	if dryRun {
		in.DryRun = aws.Bool(true)
	}
	return in
}

// FromEC2 is the entry DescribeNetworkAcls returned. Ports are read only
// for tcp and udp, the protocols that have them.
func FromEC2(x types.NetworkAclEntry) Entry {
	e := Entry{
		RuleNumber: int(aws.ToInt32(x.RuleNumber)), Direction: DirectionOf(aws.ToBool(x.Egress)),
		Action: Action(x.RuleAction), Protocol: Protocol(aws.ToString(x.Protocol)), CIDR: aws.ToString(x.CidrBlock),
	}
	if e.CIDR == "" {
		e.CIDR = aws.ToString(x.Ipv6CidrBlock)
	}
	if x.PortRange != nil && e.Protocol.HasPorts() {
		e.Ports = PortRange{From: int(aws.ToInt32(x.PortRange.From)), To: int(aws.ToInt32(x.PortRange.To))}
	}
	return e
}
