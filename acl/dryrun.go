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

// dryRunAnswer judges the answer to a DryRun request: only
// DryRunOperation proves the permission. Anything else (UnauthorizedOperation,
// a success that means DryRun was ignored, NotFound, throttling left after
// the SDK's retries, a 5xx) fails the check: a permission aclprobe needs
// for its undo is never assumed.
func dryRunAnswer(err error) (ok bool, detail string) {
	switch {
	case IsCode(err, CodeDryRun):
		return true, "permitted (DryRunOperation)"
	case IsCode(err, CodeUnauthorized):
		return false, "not permitted: " + err.Error()
	default:
		return false, unexpectedAnswer(err)
	}
}

// unexpectedAnswer describes an answer to a DryRun request that is
// neither DryRunOperation nor UnauthorizedOperation.
func unexpectedAnswer(err error) string {
	if err == nil {
		return "not verified: the DryRun request answered success (want DryRunOperation or UnauthorizedOperation); the API may ignore DryRun"
	}
	return fmt.Sprintf("not verified: unexpected answer (want DryRunOperation or UnauthorizedOperation): %v", err)
}

// DryRunChecks asks EC2 whether the caller may create and delete entries
// on e's ACL at e's rule number, with DryRun set. e's CIDR is replaced by
// ProbeCIDR. Only a DryRunOperation answer means "allowed"; any other
// answer fails that check (fail closed). If the create
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
		res.CreateDetail = unexpectedAnswer(err)
		// On an API that ignores DryRun the call may have taken effect
		// although it answered an error (interrupted, or a 5xx after the
		// change): remove the check entry if it is there.
		if uerr := o.removeUnintended(ctx, e, &res); uerr != nil {
			return res, uerr
		}
	}
	// The SDK's retryer handles throttling and 5xx here; whatever answer
	// is left after it decides.
	_, err = o.API.DeleteNetworkAclEntry(ctx, e.DeleteInput(e.ACL, true))
	res.DeleteOK, res.DeleteDetail = dryRunAnswer(err)
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
