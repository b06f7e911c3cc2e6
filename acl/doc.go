// Package acl owns every change aclprobe makes to a network ACL and its
// undoing: the guard checks that refuse production, the lease tag, adding
// and removing deny entries (the entries themselves are acl/change's
// model, chosen by plan.Steps), the fsync'd journal written before each
// change, and recovery from a journal or from the lease left by a killed
// process. It declares the narrow EC2API it needs and links nothing of
// flow-log reading.
package acl
