package acl

import (
	"errors"
	"strings"

	"github.com/aws/smithy-go"
)

// EC2 error codes aclprobe acts on.
const (
	CodeDryRun            = "DryRunOperation"
	CodeUnauthorized      = "UnauthorizedOperation"
	CodeEntryExists       = "NetworkAclEntryAlreadyExists"
	CodeEntryLimit        = "NetworkAclEntryLimitExceeded"
	CodeEntryNotFound     = "InvalidNetworkAclEntry.NotFound"
	CodeACLNotFound       = "InvalidNetworkAclID.NotFound"
	CodeRequestLimit      = "RequestLimitExceeded"
	CodeInternalError     = "InternalError"
	CodeServerUnavailable = "Unavailable"
)

// ErrorCode returns the AWS error code of err, or "" when err is not an
// API error.
func ErrorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// IsCode reports whether err is an API error with the given code.
func IsCode(err error, code string) bool { return err != nil && ErrorCode(err) == code }

// isNotFound reports whether err says a resource does not exist. Emulators
// do not always use the exact code (moto answers InvalidRouteTableID.NotFound
// for a missing ACL), so any *.NotFound code counts.
func isNotFound(err error) bool { return strings.HasSuffix(ErrorCode(err), ".NotFound") }

// ErrProduction is returned when the ACL or its VPC carries a tag value
// that says production: aclprobe never touches it, whatever the plan says.
var ErrProduction = errors.New("refusing a production-tagged resource")

// ErrLeaseHeld is returned when another live run holds the ACL's lease.
var ErrLeaseHeld = errors.New("acl is leased by another run")

// ErrDrift is returned when the ACL changed under a run in a way the run
// did not make.
var ErrDrift = errors.New("acl changed by someone else during the run")

// UndoError is an entry aclprobe created and could not remove. Command
// is the aws CLI command that removes it.
type UndoError struct {
	Entry   Entry
	Region  string
	Command string
	Err     error
}

func (e *UndoError) Error() string {
	return "undo failed: entry " + e.Entry.String() + " is still on " + e.Entry.ACL + ": " + e.Err.Error() + "; remove it with: " + e.Command
}

func (e *UndoError) Unwrap() error { return e.Err }
