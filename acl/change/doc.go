// Package change is the one model of what aclprobe changes on a network
// ACL: the direction and protocol of an entry, an entry's identity (rule
// number, direction, action, protocol, CIDR, ports), the ACL as read at
// one moment, and the rule-number limits and entry quota AWS applies.
//
// The preview prints these values and the run sends the EC2 requests built
// from the same values, so what is previewed is what is done. package plan
// chooses the entries, package acl makes and undoes them; this package
// imports neither and links nothing of flow-log reading.
package change
