package plan

import "github.com/aclprobe/aclprobe/acl/change"

// Dir is the direction of the deny entries: ingress, or egress for
// anything else (Validate accepts only egress and ingress; a plan whose
// defaults are not applied yet has the default, egress).
func (d Deny) Dir() change.Direction {
	if d.Direction == change.Ingress.String() {
		return change.Ingress
	}
	return change.Egress
}

// Proto is the protocol of the deny entries in the EC2 API's form; an
// invalid protocol is an error (Validate reports it first).
func (d Deny) Proto() (change.Protocol, error) { return change.ParseProtocol(d.Protocol) }
