package acl

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/aclprobe/aclprobe/acl/change"
)

func manyEntries(n int) []Entry {
	var es []Entry
	for i := range n {
		es = append(es, Entry{ACL: testACL, Entry: change.NewDeny(99-i, change.Egress, change.AllProtocols, fmt.Sprintf("203.0.113.%d/32", 100+i))})
	}
	return es
}

func TestLeaseTags(t *testing.T) {
	exp := time.Date(2026, 11, 21, 21, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		entries  int
		wantTags int
	}{
		{"no entry: one tag", 0, 1},
		{"one entry: one tag", 1, 1},
		{"eight entries: continued", 8, 2},
		{"sixteen entries", 16, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := Lease{RunID: "20261121T200000Z-0123456789ab", Owner: "alice@ip-10-0-0-1.eu-west-1.compute.internal", Expires: exp, Entries: manyEntries(tt.entries)}
			tags := LeaseTags(l.Value())
			if len(tags) != tt.wantTags {
				t.Fatalf("%d tags, want %d", len(tags), tt.wantTags)
			}
			m := map[string]string{}
			for _, tg := range tags {
				if v := aws.ToString(tg.Value); len(v) > MaxTagValue {
					t.Errorf("tag %s: %d characters", aws.ToString(tg.Key), len(v))
				}
				m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
			}
			v, ok := LeaseValue(m)
			if !ok || v != l.Value() {
				t.Fatalf("joined %q, want %q", v, l.Value())
			}
			got, err := ParseLease(testACL, v)
			if err != nil || len(got.Entries) != tt.entries {
				t.Fatalf("parse: %+v, %v", got, err)
			}
		})
	}
}

// A lease rewritten with fewer entries drops the continuation tags it no
// longer needs, and Recover undoes every entry a long lease records.
func TestLeaseManyEntriesRecover(t *testing.T) {
	ctx := context.Background()
	f, ops := newFake()
	es := manyEntries(10)
	base := len(f.ACL(testACL).Entries)
	for _, e := range es {
		if _, err := ops.Apply(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	long := Lease{RunID: "dead", Owner: "x@h", Expires: time.Now().Add(-time.Hour), Entries: es}
	if err := ops.WriteLease(ctx, testACL, long); err != nil {
		t.Fatal(err)
	}
	short := long
	short.Entries = es[:1]
	if err := ops.ReplaceLease(ctx, testACL, short, long.Value()); err != nil {
		t.Fatal(err)
	}
	if v, _ := LeaseValue(f.ACL(testACL).Tags); v != short.Value() {
		t.Fatalf("after the shorter write: %q", v)
	}
	if err := ops.ReplaceLease(ctx, testACL, long, short.Value()); err != nil {
		t.Fatal(err)
	}
	rep, err := ops.Recover(ctx, testACL, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	removed := 0
	for _, a := range rep.Actions {
		if a.Result == "removed" {
			removed++
		}
	}
	if removed != 10 || len(f.ACL(testACL).Entries) != base {
		t.Fatalf("removed %d, left %v: %+v", removed, f.ACL(testACL).Entries, rep.Actions)
	}
	if _, ok := LeaseValue(f.ACL(testACL).Tags); ok || len(f.ACL(testACL).Tags) != 1 {
		t.Fatalf("tags left: %v", f.ACL(testACL).Tags)
	}
}
