package acl

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/aclprobe/aclprobe/acl/change"
)

// LeaseTag is the tag key of the lease aclprobe keeps on the ACL under
// test while a run works on it.
const LeaseTag = "aclprobe:lease"

// Lease says which run works on an ACL until when, and which entries it
// has in place right now (so that `recover` can undo them without the
// journal). Its value looks like:
//
//	run=20261121T2001Z-a1b2 owner=alice@host expires=2026-11-21T21:01:00Z entry=90/egress/-1/203.0.113.7/32
//
// with one entry= field per entry in place; a value longer than a tag
// value may be (256 characters) continues in further tags (see LeaseTags).
type Lease struct {
	RunID   string
	Owner   string
	Expires time.Time
	Entries []Entry // the entries in place; none between windows
}

// Value is the lease's value (stored in one or more tags: LeaseTags).
func (l Lease) Value() string {
	v := fmt.Sprintf("run=%s owner=%s expires=%s", l.RunID, l.Owner, l.Expires.UTC().Format(time.RFC3339))
	for _, e := range l.Entries {
		v += fmt.Sprintf(" entry=%d/%s/%s/%s", e.RuleNumber, e.Direction, e.Protocol, e.CIDR)
	}
	return v
}

// Live reports whether the lease has not expired at now.
func (l Lease) Live(now time.Time) bool { return now.Before(l.Expires) }

// ParseLease decodes a lease tag value of aclID's lease.
func ParseLease(aclID, v string) (Lease, error) {
	var l Lease
	for _, f := range strings.Fields(v) {
		k, val, ok := strings.Cut(f, "=")
		if !ok {
			return l, fmt.Errorf("lease %q: field %q is not key=value", v, f)
		}
		switch k {
		case "run":
			l.RunID = val
		case "owner":
			l.Owner = val
		case "expires":
			t, err := time.Parse(time.RFC3339, val)
			if err != nil {
				return l, fmt.Errorf("lease %q: expires: %w", v, err)
			}
			l.Expires = t
		case "entry":
			e, err := parseLeaseEntry(aclID, val)
			if err != nil {
				return l, fmt.Errorf("lease %q: %w", v, err)
			}
			l.Entries = append(l.Entries, e)
		}
	}
	if l.RunID == "" || l.Expires.IsZero() {
		return l, fmt.Errorf("lease %q: run and expires are required", v)
	}
	return l, nil
}

func parseLeaseEntry(aclID, v string) (Entry, error) {
	parts := strings.SplitN(v, "/", 4)
	if len(parts) != 4 {
		return Entry{}, fmt.Errorf("entry %q: want RULE/DIRECTION/PROTOCOL/CIDR", v)
	}
	n, err := strconv.Atoi(parts[0])
	if err != nil || n < change.MinRuleNumber || n > change.MaxRuleNumber {
		return Entry{}, fmt.Errorf("entry %q: bad rule number", v)
	}
	d, err := change.ParseDirection(parts[1])
	if err != nil {
		return Entry{}, fmt.Errorf("entry %q: bad direction", v)
	}
	return Entry{ACL: aclID, Entry: change.NewDeny(n, d, change.Protocol(parts[2]), parts[3])}, nil
}

// LeaseOf returns the lease on snap, if any.
func LeaseOf(snap *change.Snapshot) (Lease, bool, error) {
	v, ok := LeaseValue(snap.Tags)
	if !ok {
		return Lease{}, false, nil
	}
	l, err := ParseLease(snap.ID, v)
	return l, true, err
}

// CheckLease says whether runID may take the ACL's lease at now: free,
// its own, or expired (reported in note). A live lease of another run
// is ErrLeaseHeld; an unreadable one is refused too. When the entry a
// lease records is still on the ACL (live or expired), the error names
// it and gives the recover command (with region, when not empty).
func CheckLease(snap *change.Snapshot, runID, region string, now time.Time) (note string, err error) {
	l, ok, err := LeaseOf(snap)
	switch {
	case err != nil:
		return "", fmt.Errorf("acl %s: unreadable lease tag %s: %w", snap.ID, LeaseTag, err)
	case !ok:
		return "free", nil
	case l.RunID == runID:
		return "already ours", nil
	}
	var inPlace []string
	for _, e := range l.Entries {
		if x, ok := snap.Find(e.RuleNumber, e.Direction); ok && e.Matches(x) {
			inPlace = append(inPlace, e.String())
		}
	}
	cmd := RecoverCommand(snap.ID, region, l.Live(now))
	entries, them := "entry "+strings.Join(inPlace, ", "), "it"
	if len(inPlace) > 1 {
		entries, them = "entries "+strings.Join(inPlace, ", "), "them"
	}
	switch {
	case l.Live(now) && len(inPlace) > 0:
		return "", fmt.Errorf("acl %s: %s, with its %s on the ACL; if that run is no longer going, remove %s with: %s: %w",
			snap.ID, l.Describe(), entries, them, cmd, ErrLeaseHeld)
	case l.Live(now):
		return "", fmt.Errorf("acl %s: %s: %w", snap.ID, l.Describe(), ErrLeaseHeld)
	case len(inPlace) > 0:
		return "", fmt.Errorf("acl %s: expired lease of run %s left its %s on the ACL; remove %s first with: %s: %w",
			snap.ID, l.RunID, entries, them, cmd, ErrLeaseHeld)
	}
	return fmt.Sprintf("expired lease of run %s (owner %s, expired %s) will be taken over", l.RunID, l.Owner, l.Expires.Format(time.RFC3339)), nil
}

// Describe says who holds the lease, for people: "run R (owner O,
// started S, expires E)"; started is read from the run id when it begins
// with its UTC start time, as aclprobe's run ids do.
func (l Lease) Describe() string {
	d := "run " + l.RunID + " (owner " + l.Owner
	if len(l.RunID) >= 16 {
		if t, err := time.Parse("20060102T150405Z", l.RunID[:16]); err == nil {
			d += ", started " + t.Format(time.RFC3339)
		}
	}
	return d + ", expires " + l.Expires.UTC().Format(time.RFC3339) + ")"
}

// RecoverCommand is the aclprobe recover command for aclID; force is
// needed while the lease is live.
func RecoverCommand(aclID, region string, force bool) string {
	c := "aclprobe recover --acl " + aclID
	if region != "" {
		c += " --region " + region
	}
	if force {
		c += " --force"
	}
	return c
}

// WriteLease sets the lease tags to l.
func (o *Ops) WriteLease(ctx context.Context, aclID string, l Lease) error {
	return o.ReplaceLease(ctx, aclID, l, "")
}

// ReplaceLease sets the lease tags to l, then removes the continuation
// tags of prev (the value written before) that l no longer uses, each only
// while it still holds prev's part.
func (o *Ops) ReplaceLease(ctx context.Context, aclID string, l Lease, prev string) error {
	next := LeaseTags(l.Value())
	if _, err := o.API.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{aclID}, Tags: next}); err != nil {
		return fmt.Errorf("acl %s: write lease: %w", aclID, err)
	}
	old := LeaseTags(prev)
	if prev == "" || len(old) <= len(next) {
		return nil
	}
	if _, err := o.API.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{aclID}, Tags: old[len(next):]}); err != nil {
		return fmt.Errorf("acl %s: write lease: remove unused continuation tags: %w", aclID, err)
	}
	return nil
}

// ReleaseLease removes the lease tags if their value is still value (a
// tag deleted with a value is only deleted when the value matches, so
// another run's lease is never removed). Like Remove it ignores ctx's
// cancellation.
func (o *Ops) ReleaseLease(ctx context.Context, aclID, value string) error {
	ctx, cancel := o.bounded(ctx, time.Minute)
	defer cancel()
	var err error
	for i := 0; i < 4; i++ {
		if i > 0 {
			_ = o.sleep(ctx, time.Duration(i)*500*time.Millisecond)
		}
		_, err = o.API.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{aclID}, Tags: LeaseTags(value)})
		if err == nil {
			return nil
		}
	}
	return fmt.Errorf("acl %s: release lease: %w", aclID, err)
}

// AcquireLease checks the lease again (CheckLease: a live lease of
// another run may have appeared since the preflight), writes l and, after
// settle, reads it back: tags have no compare-and-swap, so two runs racing
// for one ACL both write and the one that does not read its own value
// back gives up (ErrLeaseHeld).
func (o *Ops) AcquireLease(ctx context.Context, aclID string, l Lease, settle time.Duration) error {
	snap, err := Describe(ctx, o.API, aclID)
	if err != nil {
		return fmt.Errorf("acl %s: acquire lease: %w", aclID, err)
	}
	if _, err := CheckLease(snap, l.RunID, o.Region, o.now()); err != nil {
		return err
	}
	// An expired lease taken over may span more tags than ours: its
	// continuation tags go too, or they would be read back as part of ours.
	prev, _ := LeaseValue(snap.Tags)
	if err := o.ReplaceLease(ctx, aclID, l, prev); err != nil {
		return err
	}
	if err := o.sleep(ctx, settle); err != nil {
		return fmt.Errorf("acl %s: acquire lease: %w", aclID, err)
	}
	snap, err = Describe(ctx, o.API, aclID)
	if err != nil {
		return fmt.Errorf("acl %s: acquire lease: %w", aclID, err)
	}
	if got, _ := LeaseValue(snap.Tags); got != l.Value() {
		return fmt.Errorf("acl %s: lease read back as %q, another run took it: %w", aclID, got, ErrLeaseHeld)
	}
	return nil
}
