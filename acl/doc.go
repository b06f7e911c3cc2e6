// Package acl owns every change aclprobe makes to a network ACL and its
// undoing: the guard checks that refuse production, the lease tag, choosing
// free rule numbers, adding and removing deny entries, the fsync'd journal
// written before each change, and recovery from a journal or from the
// lease left by a killed process. It declares the narrow EC2API it needs.
package acl
