package acl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/aclprobe/aclprobe/internal/clock"
)

// Ops makes and undoes aclprobe's changes to network ACLs.
type Ops struct {
	API    EC2API
	Region string
	Log    *slog.Logger
	// Clock times the waits between attempts, bounds Remove and stamps
	// the creation; nil means the wall clock. Tests inject a virtual
	// clock (clock/clocktest) so no test waits in real time.
	Clock clock.Clock
	// UndoAttempts is how many times Remove tries (default 8).
	UndoAttempts int
	// UndoTimeout bounds one whole Remove (default 3 minutes).
	UndoTimeout time.Duration
	// VisibleAttempts is how many Describes Apply waits for a new entry
	// to show up (default 6, one second apart).
	VisibleAttempts int
	// preview: Recover says what it would do and changes nothing.
	preview bool
}

func (o *Ops) log() *slog.Logger {
	if o.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Log
}

func (o *Ops) sleep(ctx context.Context, d time.Duration) error {
	return clock.Or(o.Clock).Sleep(ctx, d)
}

func (o *Ops) now() time.Time { return clock.Or(o.Clock).Now() }

// bounded returns ctx without its cancellation, ending after d on the
// Ops' clock: undo and release must finish even when the run was
// interrupted, but not hang forever.
func (o *Ops) bounded(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	c := clock.Or(o.Clock)
	return c.WithDeadline(context.WithoutCancel(ctx), c.Now().Add(d))
}

// Apply creates the deny entry and waits until DescribeNetworkAcls shows
// it; it returns when the create call returned (the deny's start). On any
// error the entry may or may not exist: the caller must call Remove,
// which checks by identity.
func (o *Ops) Apply(ctx context.Context, e Entry) (time.Time, error) {
	var created time.Time
	if err := e.checkDeny(); err != nil {
		return created, err
	}
	if _, err := o.API.CreateNetworkAclEntry(ctx, e.CreateInput(e.ACL, false)); err != nil {
		// The answer may be lost after the entry was made (a timeout, a
		// 5xx, or an SDK retry answering AlreadyExists): if Describe shows
		// exactly our entry, it was created.
		if !o.ours(ctx, e) {
			return created, fmt.Errorf("acl %s: create entry %d: %w", e.ACL, e.RuleNumber, err)
		}
		o.log().Warn("create answered an error but the entry is there: continuing", "acl", e.ACL, "rule", e.RuleNumber, "error", err)
	}
	created = o.now()
	attempts := o.VisibleAttempts
	if attempts <= 0 {
		attempts = 6
	}
	var last error
	for i := 0; i < attempts; i++ {
		if i > 0 {
			if err := o.sleep(ctx, time.Second); err != nil {
				return created, fmt.Errorf("acl %s: confirm entry %d: %w", e.ACL, e.RuleNumber, err)
			}
		}
		snap, err := Describe(ctx, o.API, e.ACL)
		if err != nil {
			last = err
			continue
		}
		x, ok := snap.Find(e.RuleNumber, e.Direction)
		switch {
		case ok && e.Matches(x):
			return created, nil
		case ok:
			return created, fmt.Errorf("acl %s: entry %d: holds %s %s %s, not ours: %w", e.ACL, e.RuleNumber, x.Action, x.Protocol, x.CIDR, ErrDrift)
		}
		last = errors.New("not visible yet")
	}
	return created, fmt.Errorf("acl %s: confirm entry %d: %w", e.ACL, e.RuleNumber, last)
}

// ours reports whether the ACL holds exactly e now.
func (o *Ops) ours(ctx context.Context, e Entry) bool {
	snap, err := Describe(ctx, o.API, e.ACL)
	if err != nil {
		return false
	}
	x, ok := snap.Find(e.RuleNumber, e.Direction)
	return ok && e.Matches(x)
}

// noSDKRetry makes one attempt per call: Remove retries by itself and
// checks with Describe between attempts.
func noSDKRetry(o *ec2.Options) { o.RetryMaxAttempts = 1 }

// Remove deletes the entry if, and only if, the entry at its rule number
// is exactly it, then checks with DescribeNetworkAcls that it is gone.
// It ignores ctx's cancellation (an interrupted run must still undo),
// retries with backoff up to UndoAttempts times within UndoTimeout, and
// treats "already gone" (verified by Describe, or the ACL itself gone) as
// success. An entry at the rule number that is not ours is never
// touched, and neither is anything but a deny entry. It returns
// *UndoError when the entry is still there.
func (o *Ops) Remove(ctx context.Context, e Entry) error {
	if err := e.checkDeny(); err != nil {
		return err
	}
	attempts, timeout := o.UndoAttempts, o.UndoTimeout
	if attempts <= 0 {
		attempts = 8
	}
	if timeout <= 0 {
		timeout = 3 * time.Minute
	}
	ctx, cancel := o.bounded(ctx, timeout)
	defer cancel()
	log := o.log().With("acl", e.ACL, "rule", e.RuleNumber, "direction", e.Direction.String(), "cidr", e.CIDR)
	backoff := 250 * time.Millisecond
	var last error
	for i := 0; i < attempts; i++ {
		if i > 0 {
			log.Warn("undo: retrying", "attempt", i+1, "of", attempts, "after", backoff, "error", last)
			if err := o.sleep(ctx, backoff); err != nil {
				last = err
				break
			}
			backoff = min(backoff*2, 8*time.Second)
		}
		gone, err := o.removeOnce(ctx, e, log)
		if gone {
			return nil
		}
		last = err
	}
	return &UndoError{Entry: e, Region: o.Region, Command: e.DeleteCommand(o.Region), Err: last}
}

// removeOnce is one undo attempt; gone reports the entry verified absent.
func (o *Ops) removeOnce(ctx context.Context, e Entry, log *slog.Logger) (gone bool, err error) {
	snap, err := Describe(ctx, o.API, e.ACL)
	if errors.Is(err, ErrACLNotFound) {
		log.Warn("undo: the network ACL no longer exists, so neither does the entry")
		return true, nil
	}
	if err != nil {
		return false, err
	}
	x, ok := snap.Find(e.RuleNumber, e.Direction)
	if !ok {
		return true, nil
	}
	if !e.Matches(x) {
		log.Error("undo: the rule number now holds an entry that is not ours; leaving it alone",
			"found_action", x.Action, "found_protocol", x.Protocol, "found_cidr", x.CIDR)
		return true, nil
	}
	if _, err := o.API.DeleteNetworkAclEntry(ctx, e.DeleteInput(e.ACL, false), noSDKRetry); err != nil {
		return false, fmt.Errorf("acl %s: delete entry %d: %w", e.ACL, e.RuleNumber, err)
	}
	snap, err = Describe(ctx, o.API, e.ACL)
	if err != nil {
		return false, err
	}
	if x, ok := snap.Find(e.RuleNumber, e.Direction); ok && e.Matches(x) {
		return false, fmt.Errorf("acl %s: entry %d still present after delete", e.ACL, e.RuleNumber)
	}
	return true, nil
}
