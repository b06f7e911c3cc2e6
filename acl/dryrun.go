package acl

import (
	"context"
	"fmt"
)

// ProbeCIDR is the destination of the entry used for DryRun permission
// checks: TEST-NET-1 (RFC 5737), never routed, so that if an API ignores
// DryRun and really creates the entry, it blocks nothing real.
const ProbeCIDR = "192.0.2.1/32"

// DryRunResult is what the DryRun permission checks found.
type DryRunResult struct {
	CreateOK, DeleteOK         bool
	CreateDetail, DeleteDetail string
	// Created is set when the API ignored DryRun and really created the
	// check entry (moto does); Removed says that the entry was removed
	// (or verified absent, after a create that answered an error).
	Created, Removed bool
}

// DryRunChecks asks EC2 whether the caller may create and delete entries
// on e's ACL at e's rule number, with DryRun set. e's CIDR is replaced by
// ProbeCIDR. A DryRunOperation answer means "allowed". If the create
// really happened, the entry is removed at once (with Remove) and the
// result says so loudly; if that removal fails, the error is *UndoError.
// before, when not nil, is called before the create (to journal it).
func (o *Ops) DryRunChecks(ctx context.Context, e Entry, before func(Entry) error) (DryRunResult, error) {
	var res DryRunResult
	if err := e.checkDeny(); err != nil {
		return res, err
	}
	e.CIDR = ProbeCIDR
	if before != nil {
		if err := before(e); err != nil {
			return res, err
		}
	}
	_, err := o.API.CreateNetworkAclEntry(ctx, e.CreateInput(e.ACL, true))
	switch {
	case err == nil:
		res.Created = true
		o.log().Error("EC2 IGNORED DryRun and really created a network ACL entry; removing it now",
			"acl", e.ACL, "entry", e.String())
		if uerr := o.Remove(ctx, e); uerr != nil {
			res.CreateDetail = "the API ignored DryRun and created entry " + e.String() + "; removing it FAILED"
			return res, uerr
		}
		res.Removed = true
		res.CreateOK, res.CreateDetail = true, "permitted, but the API IGNORED DryRun and really created entry "+e.String()+"; it was removed at once and verified gone"
		// The real delete just proved the delete permission; a DryRun
		// delete on an API that ignores DryRun would be a real delete.
		res.DeleteOK, res.DeleteDetail = true, "permitted (the real delete of the unintended entry succeeded)"
		return res, nil
	case IsCode(err, CodeDryRun):
		res.CreateOK, res.CreateDetail = true, "permitted (DryRunOperation)"
	case IsCode(err, CodeUnauthorized):
		res.CreateDetail = "not permitted: " + err.Error()
	default:
		res.CreateDetail = fmt.Sprintf("unexpected answer (want DryRunOperation): %v", err)
		// On an API that ignores DryRun the call may have taken effect
		// although it answered an error (interrupted, or a 5xx after the
		// change): remove the check entry if it is there.
		if uerr := o.removeUnintended(ctx, e, &res); uerr != nil {
			return res, uerr
		}
	}
	_, err = o.API.DeleteNetworkAclEntry(ctx, e.DeleteInput(e.ACL, true), noSDKRetry)
	switch {
	case err == nil || IsCode(err, CodeDryRun):
		res.DeleteOK, res.DeleteDetail = true, "permitted (DryRunOperation)"
	case IsCode(err, CodeUnauthorized):
		res.DeleteDetail = "not permitted: " + err.Error()
	default:
		// The rule number is free, so an API that checks existence before
		// permission (or an emulator that ignores DryRun) says NotFound or
		// fails: the permission is not disproved, say so.
		res.DeleteOK, res.DeleteDetail = true, fmt.Sprintf("not verified by DryRun (the API answered %v); the permission is needed for undo", err)
	}
	return res, nil
}

// removeUnintended removes the DryRun check entry e if a create that
// answered an error really made it, and sets res.Removed once e is
// verified absent (Remove ignores ctx's cancellation and never touches
// an entry that is not exactly e).
func (o *Ops) removeUnintended(ctx context.Context, e Entry, res *DryRunResult) error {
	if o.ours(context.WithoutCancel(ctx), e) {
		res.Created = true
		res.CreateDetail += "; the API IGNORED DryRun and really created entry " + e.String()
		o.log().Error("the DryRun create answered an error but really created a network ACL entry; removing it now",
			"acl", e.ACL, "entry", e.String())
	}
	if err := o.Remove(ctx, e); err != nil {
		res.CreateDetail += "; removing entry " + e.String() + " FAILED"
		return err
	}
	res.Removed = true
	return nil
}
