package run

import "github.com/aclprobe/aclprobe/acl"

// entryState is where one deny entry of the current window stands. It only
// moves forward: pending, applying, applied, removing, then removed, or
// leftover when the undo failed. A target whose apply failed goes from
// applying straight to removing: the entry may exist all the same.
type entryState uint8

const (
	// statePending: nothing journaled for the target yet; nothing to undo.
	statePending entryState = iota
	// stateApplying: create-intent journaled, the create call under way or
	// failed; the entry may be in place, so it must be undone.
	stateApplying
	// stateApplied: created and seen in DescribeNetworkAcls; the target's
	// AppliedAt is set and drift checks expect the entry.
	stateApplied
	// stateRemoving: delete-intent journaled, Remove under way.
	stateRemoving
	// stateRemoved: verified gone.
	stateRemoved
	// stateLeftover: Remove failed; the entry is listed as a leftover and
	// the lease is kept.
	stateLeftover
)

// needsUndo reports whether the entry may be on the ACL and no undo was
// attempted yet: finish must undo it.
func (s entryState) needsUndo() bool { return s == stateApplying || s == stateApplied }

// placed is one deny entry of the current window and where it stands.
type placed struct {
	acl.Entry
	state entryState
}
