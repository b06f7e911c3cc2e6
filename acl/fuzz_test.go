package acl

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseLease: any tag value parses or fails cleanly, and what parses
// round-trips through Value.
func FuzzParseLease(f *testing.F) {
	e := ours
	f.Add(Lease{RunID: "r1", Owner: "a@h", Expires: time.Date(2026, 11, 21, 21, 0, 0, 0, time.UTC), Entries: []Entry{e}}.Value())
	f.Add("run=r expires=2026-11-21T21:00:00Z entry=90/ingress/6/2001:db8::/64")
	f.Add("run= expires=")
	f.Add("entry=0/egress/-1/x")
	f.Fuzz(func(t *testing.T, v string) {
		l, err := ParseLease(testACL, v)
		if err != nil {
			return
		}
		again, err := ParseLease(testACL, l.Value())
		if err != nil {
			t.Fatalf("re-parse of %q: %v", l.Value(), err)
		}
		if again.RunID != l.RunID || !again.Expires.Equal(l.Expires) || len(again.Entries) != len(l.Entries) {
			t.Fatalf("round trip %q -> %+v -> %+v", v, l, again)
		}
	})
}

// FuzzReadJournal: any bytes decode or fail without panicking.
func FuzzReadJournal(f *testing.F) {
	f.Add(`{"time":"2026-11-21T20:00:00Z","run_id":"r","op":"create-intent","acl":"acl-1","rule_number":90,"egress":true,"cidr":"203.0.113.7/32","protocol":"-1","action":"deny"}` + "\n")
	f.Add("{oops\n{}\n")
	f.Add("\n\n{\"op\":")
	f.Fuzz(func(t *testing.T, s string) {
		recs, err := ReadJournal(strings.NewReader(s))
		if err == nil {
			_ = Pending(recs)
		}
	})
}
