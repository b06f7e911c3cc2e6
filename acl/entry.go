package acl

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/plan"
)

// Entry identifies one deny entry aclprobe creates. Its identity is all
// of it: an entry at the same rule number with another CIDR, protocol or
// action is not ours and is never removed.
type Entry struct {
	ACL        string
	RuleNumber int
	Egress     bool
	Protocol   string // "-1" for all, else the IANA number
	CIDR       string // canonical IPv4 or IPv6 CIDR
}

// EntryFromStep is the entry a plan step creates on aclID.
func EntryFromStep(aclID string, s plan.Step) Entry {
	return Entry{ACL: aclID, RuleNumber: s.RuleNumber, Egress: s.Egress, Protocol: s.Protocol, CIDR: s.CIDR}
}

// EntryFromRecord is the entry a journal record describes.
func EntryFromRecord(r JournalRecord) Entry {
	return Entry{ACL: r.ACL, RuleNumber: r.RuleNumber, Egress: r.Egress, Protocol: r.Protocol, CIDR: r.CIDR}
}

// Direction is "egress" or "ingress".
func (e Entry) Direction() string { return direction(e.Egress) }

func direction(egress bool) string {
	if egress {
		return "egress"
	}
	return "ingress"
}

// String describes the entry for humans: "90 egress deny -1 203.0.113.7/32".
func (e Entry) String() string {
	return fmt.Sprintf("%d %s deny %s %s", e.RuleNumber, e.Direction(), protocolName(e.Protocol), e.CIDR)
}

// Record fills the entry fields of a journal record.
func (e Entry) Record(op string) JournalRecord {
	return JournalRecord{Op: op, ACL: e.ACL, RuleNumber: e.RuleNumber, Egress: e.Egress, CIDR: e.CIDR, Protocol: e.Protocol, Action: "deny"}
}

// Matches reports whether an existing ACL entry is exactly this one.
func (e Entry) Matches(x plan.ACLEntry) bool {
	return x.RuleNumber == e.RuleNumber && x.Egress == e.Egress &&
		strings.EqualFold(x.Action, "deny") && x.Protocol == e.Protocol && sameCIDR(x.CIDR, e.CIDR)
}

// DeleteCommand is the aws CLI command that removes the entry by hand.
func (e Entry) DeleteCommand(region string) string {
	dir := "--egress"
	if !e.Egress {
		dir = "--ingress"
	}
	return fmt.Sprintf("aws ec2 delete-network-acl-entry --region %s --network-acl-id %s --rule-number %d %s", region, e.ACL, e.RuleNumber, dir)
}

// createInput is the CreateNetworkAclEntry call for the entry.
func (e Entry) createInput(dryRun bool) *ec2.CreateNetworkAclEntryInput {
	in := &ec2.CreateNetworkAclEntryInput{
		NetworkAclId: aws.String(e.ACL), RuleNumber: aws.Int32(int32(e.RuleNumber)),
		Egress: aws.Bool(e.Egress), Protocol: aws.String(e.Protocol), RuleAction: types.RuleActionDeny,
	}
	if dryRun {
		in.DryRun = aws.Bool(true)
	}
	if isIPv6(e.CIDR) {
		in.Ipv6CidrBlock = aws.String(e.CIDR)
	} else {
		in.CidrBlock = aws.String(e.CIDR)
	}
	switch e.Protocol {
	case "6", "17":
		in.PortRange = &types.PortRange{From: aws.Int32(0), To: aws.Int32(65535)}
	case "1", "58":
		in.IcmpTypeCode = &types.IcmpTypeCode{Type: aws.Int32(-1), Code: aws.Int32(-1)}
	}
	return in
}

// deleteInput is the DeleteNetworkAclEntry call for the entry.
func (e Entry) deleteInput(dryRun bool) *ec2.DeleteNetworkAclEntryInput {
	in := &ec2.DeleteNetworkAclEntryInput{NetworkAclId: aws.String(e.ACL), RuleNumber: aws.Int32(int32(e.RuleNumber)), Egress: aws.Bool(e.Egress)}
	if dryRun {
		in.DryRun = aws.Bool(true)
	}
	return in
}

func isIPv6(cidr string) bool { return strings.Contains(cidr, ":") }

// sameCIDR compares CIDRs by value (AWS may print IPv6 differently).
func sameCIDR(a, b string) bool {
	pa, errA := netip.ParsePrefix(a)
	pb, errB := netip.ParsePrefix(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return pa.Masked() == pb.Masked()
}

func protocolName(p string) string {
	switch p {
	case "-1":
		return "all"
	case "6":
		return "tcp"
	case "17":
		return "udp"
	case "1":
		return "icmp"
	}
	if _, err := strconv.Atoi(p); err == nil {
		return "proto-" + p
	}
	return p
}
