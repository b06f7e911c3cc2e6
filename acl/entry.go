package acl

import (
	"fmt"

	"github.com/aclprobe/aclprobe/acl/change"
)

// Entry is one deny entry aclprobe creates: the network ACL and the
// entry's identity. Its identity is all of it: an entry at the same rule
// number with another CIDR, protocol, ports or action is not ours and is
// never removed.
type Entry struct {
	ACL string
	change.Entry
}

// EntryFromRecord is the entry a journal record describes: a deny entry
// with every port (tcp, udp) or ICMP type (icmp), as aclprobe makes them.
func EntryFromRecord(r JournalRecord) Entry {
	return Entry{ACL: r.ACL, Entry: change.NewDeny(r.RuleNumber, change.DirectionOf(r.Egress), change.Protocol(r.Protocol), r.CIDR)}
}

// Record fills the entry fields of a journal record.
func (e Entry) Record(op string) JournalRecord {
	return JournalRecord{Op: op, ACL: e.ACL, RuleNumber: e.RuleNumber, Egress: e.Direction.IsEgress(), CIDR: e.CIDR,
		Protocol: string(e.Protocol), Action: string(e.Action)}
}

// DeleteCommand is the aws CLI command that removes the entry by hand.
func (e Entry) DeleteCommand(region string) string {
	return fmt.Sprintf("aws ec2 delete-network-acl-entry --region %s --network-acl-id %s --rule-number %d --%s",
		region, e.ACL, e.RuleNumber, e.Direction)
}

// checkDeny refuses an entry that is not a deny entry with a direction:
// aclprobe only ever adds deny entries.
func (e Entry) checkDeny() error {
	if e.Action != change.Deny || (e.Direction != change.Egress && e.Direction != change.Ingress) {
		return fmt.Errorf("acl %s: entry %s: aclprobe only adds deny entries with a direction", e.ACL, e.String())
	}
	return nil
}
