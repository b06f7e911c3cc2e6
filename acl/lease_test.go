package acl

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/acl/change"
	"github.com/aclprobe/aclprobe/internal/clock/clocktest"
)

func TestLeaseValueRoundTrip(t *testing.T) {
	e := ours
	l := Lease{RunID: "20261121T200000Z-ab12", Owner: "alice@host", Expires: time.Date(2026, 11, 21, 21, 0, 0, 0, time.UTC), Entries: []Entry{e}}
	got, err := ParseLease(testACL, l.Value())
	if err != nil {
		t.Fatal(err)
	}
	if got.RunID != l.RunID || got.Owner != l.Owner || !got.Expires.Equal(l.Expires) || len(got.Entries) != 1 || got.Entries[0] != e {
		t.Fatalf("round trip %q -> %+v", l.Value(), got)
	}
	if len(l.Value()) > 256 {
		t.Fatalf("tag value %d chars, AWS allows 256", len(l.Value()))
	}
}

func TestCheckLease(t *testing.T) {
	now := time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC)
	other := Lease{RunID: "other", Owner: "bob@h", Expires: now.Add(time.Hour)}
	expired := Lease{RunID: "old", Owner: "bob@h", Expires: now.Add(-time.Minute)}
	left := ours
	expiredWithEntry := Lease{RunID: "old", Owner: "bob@h", Expires: now.Add(-time.Minute), Entries: []Entry{left}}
	tests := []struct {
		name     string
		lease    string
		entries  []change.Entry
		wantErr  error
		wantNote string
	}{
		{name: "free", wantNote: "free"},
		{name: "ours", lease: Lease{RunID: "me", Expires: now.Add(time.Hour)}.Value(), wantNote: "already ours"},
		{name: "live lease of another run", lease: other.Value(), wantErr: ErrLeaseHeld},
		{name: "expired is taken over", lease: expired.Value(), wantNote: "expired lease of run old"},
		{name: "expired with its entry still in place", lease: expiredWithEntry.Value(),
			entries: []change.Entry{{RuleNumber: 90, Direction: change.Egress, Action: change.Deny, Protocol: change.AllProtocols, CIDR: "203.0.113.7/32"}}, wantErr: ErrLeaseHeld},
		{name: "expired with its entry gone", lease: expiredWithEntry.Value(), wantNote: "expired"},
		{name: "garbage", lease: "hello", wantErr: errAny},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			snap := &change.Snapshot{ID: testACL, Tags: map[string]string{}, Entries: tc.entries}
			if tc.lease != "" {
				snap.Tags[LeaseTag] = tc.lease
			}
			note, err := CheckLease(snap, "me", "eu-west-1", now)
			switch {
			case tc.wantErr == errAny && err == nil, tc.wantErr != nil && tc.wantErr != errAny && !errors.Is(err, tc.wantErr):
				t.Fatalf("CheckLease = %q, %v; want %v", note, err, tc.wantErr)
			case tc.wantErr == nil && (err != nil || !strings.Contains(note, tc.wantNote)):
				t.Fatalf("CheckLease = %q, %v; want note %q", note, err, tc.wantNote)
			}
		})
	}
}

var errAny = errors.New("any error")

func TestAcquireLeaseLosesRace(t *testing.T) {
	f, ops := newFake()
	mine := Lease{RunID: "me", Owner: "a@h", Expires: testNow.Add(time.Hour)}
	theirs := Lease{RunID: "them", Owner: "b@h", Expires: testNow.Add(time.Hour)}
	clk := ops.Clock.(*clocktest.Fake)
	clk.OnSleep(func(time.Time) { // the other run writes while we settle
		if err := ops.WriteLease(context.Background(), testACL, theirs); err != nil {
			t.Error(err)
		}
	})
	if err := ops.AcquireLease(context.Background(), testACL, mine, time.Second); !errors.Is(err, ErrLeaseHeld) {
		t.Fatalf("AcquireLease = %v, want ErrLeaseHeld", err)
	}
	clk.OnSleep(nil)
	if err := ops.ReleaseLease(context.Background(), testACL, mine.Value()); err != nil {
		t.Fatal(err)
	}
	if got := f.ACL(testACL).Tags[LeaseTag]; got != theirs.Value() {
		t.Fatalf("releasing our value removed the other run's lease: tag now %q", got)
	}
}

// A run that passed preflight long ago (the confirmation prompt can wait
// for minutes) must not overwrite a live lease another run took since.
func TestAcquireLeaseRefusesLiveLeaseTakenSincePreflight(t *testing.T) {
	tests := []struct {
		name    string
		theirs  *Lease
		wantErr error
	}{
		{name: "free", wantErr: nil},
		{name: "another run took it", theirs: &Lease{RunID: "them", Owner: "b@h", Expires: testNow.Add(time.Hour)}, wantErr: ErrLeaseHeld},
		{name: "expired lease is taken over", theirs: &Lease{RunID: "old", Owner: "b@h", Expires: testNow.Add(-time.Hour)}, wantErr: nil},
		// A run killed after removing its group's entries but before
		// clearing them from the lease: the expired lease spans several
		// tags, and none of its entries is on the ACL.
		{name: "expired lease over several tags is taken over", theirs: &Lease{RunID: "old", Owner: "b@h", Expires: testNow.Add(-time.Hour), Entries: manyEntries(10)}, wantErr: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, ops := newFake()
			if tc.theirs != nil {
				if err := ops.WriteLease(context.Background(), testACL, *tc.theirs); err != nil {
					t.Fatal(err)
				}
			}
			mine := Lease{RunID: "me", Owner: "a@h", Expires: testNow.Add(time.Hour)}
			err := ops.AcquireLease(context.Background(), testACL, mine, time.Second)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("AcquireLease = %v, want %v", err, tc.wantErr)
			}
			want := mine.Value()
			if tc.wantErr != nil {
				want = tc.theirs.Value()
			}
			if got, _ := LeaseValue(f.ACL(testACL).Tags); got != want {
				t.Fatalf("lease %q, want %q", got, want)
			}
		})
	}
}

// TestCheckLeaseNamesEntryInPlace: a lease whose entry is still on the
// ACL names it and prints the recover command, live (with --force) or
// expired.
func TestCheckLeaseNamesEntryInPlace(t *testing.T) {
	now := time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC)
	left := ours
	in := []change.Entry{{RuleNumber: 90, Direction: change.Egress, Action: change.Deny, Protocol: change.AllProtocols, CIDR: "203.0.113.7/32"}}
	for _, tc := range []struct {
		name    string
		expires time.Time
		want    string
	}{
		{"live", now.Add(time.Hour), "run 20261121T195500Z-ab12 (owner bob@h, started 2026-11-21T19:55:00Z, expires 2026-11-21T21:00:00Z), with its entry " +
			left.String() + " on the ACL; if that run is no longer going, remove it with: aclprobe recover --acl " + testACL + " --region eu-west-1 --force"},
		{"expired", now.Add(-time.Minute), "expired lease of run 20261121T195500Z-ab12 left its entry " + left.String() +
			" on the ACL; remove it first with: aclprobe recover --acl " + testACL + " --region eu-west-1:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := Lease{RunID: "20261121T195500Z-ab12", Owner: "bob@h", Expires: tc.expires, Entries: []Entry{left}}
			snap := &change.Snapshot{ID: testACL, Tags: map[string]string{LeaseTag: l.Value()}, Entries: in}
			_, err := CheckLease(snap, "me", "eu-west-1", now)
			if !errors.Is(err, ErrLeaseHeld) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("CheckLease = %v\nwant %q", err, tc.want)
			}
		})
	}
}
