package change

import (
	"slices"
	"testing"
)

func testSnapshot() *Snapshot {
	return &Snapshot{ID: "acl-1", Entries: []Entry{
		{RuleNumber: DefaultRuleNumber, Direction: Ingress, Action: Deny, Protocol: AllProtocols, CIDR: "0.0.0.0/0"},
		{RuleNumber: 200, Direction: Egress, Action: Allow, Protocol: AllProtocols, CIDR: "0.0.0.0/0"},
		{RuleNumber: 100, Direction: Ingress, Action: Allow, Protocol: TCP, CIDR: "10.0.0.0/8", Ports: AllPorts},
		{RuleNumber: 90, Direction: Egress, Action: Deny, Protocol: AllProtocols, CIDR: "203.0.113.7/32"},
		{RuleNumber: DefaultRuleNumber, Direction: Egress, Action: Deny, Protocol: AllProtocols, CIDR: "0.0.0.0/0"},
	}}
}

func TestSnapshotQuotaUsedSkipsTheDefaultRule(t *testing.T) {
	s := testSnapshot()
	if got := s.QuotaUsed(Egress); got != 2 {
		t.Errorf("QuotaUsed(egress) = %d, want 2", got)
	}
	if got := s.QuotaUsed(Ingress); got != 1 {
		t.Errorf("QuotaUsed(ingress) = %d, want 1", got)
	}
}

func TestSnapshotInAndFind(t *testing.T) {
	s := testSnapshot()
	var rules []int
	for _, e := range s.In(Egress) {
		rules = append(rules, e.RuleNumber)
	}
	if !slices.Equal(rules, []int{90, 200, DefaultRuleNumber}) {
		t.Errorf("In(egress) rules %v", rules)
	}
	if e, ok := s.Find(100, Ingress); !ok || e.CIDR != "10.0.0.0/8" {
		t.Errorf("Find(100, ingress) = %+v, %v", e, ok)
	}
	if e, ok := s.Find(100, Egress); ok {
		t.Errorf("Find(100, egress) = %+v, want none (100 is an ingress rule)", e)
	}
}

func TestSortEntries(t *testing.T) {
	es := testSnapshot().Entries
	SortEntries(es)
	var got []string
	for _, e := range es {
		got = append(got, e.String())
	}
	want := []string{
		"90 egress deny all 203.0.113.7/32", "200 egress allow all 0.0.0.0/0", "32767 egress deny all 0.0.0.0/0",
		"100 ingress allow tcp 10.0.0.0/8", "32767 ingress deny all 0.0.0.0/0",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("sorted %q, want %q", got, want)
	}
}
