package change

import "sort"

// Rule numbers of network ACL entries.
const (
	// MinRuleNumber and MaxRuleNumber bound the numbers an entry may use.
	MinRuleNumber = 1
	MaxRuleNumber = 32766
	// DefaultRuleNumber is the number of the ACL's catch-all "*" entry,
	// which does not count toward the entry quota and can never be used.
	DefaultRuleNumber = 32767
	// DefaultIPv6RuleNumber is the number DescribeNetworkAcls gives the
	// catch-all "*" entry of an ACL's IPv6 traffic.
	DefaultIPv6RuleNumber = 32768
)

// Snapshot is the state of one network ACL at one moment.
type Snapshot struct {
	ID      string
	VPC     string
	Entries []Entry // egress first, then by rule number (SortEntries)
	Tags    map[string]string
	Subnets []string // associated subnet ids, sorted
}

// In returns the entries of one direction, sorted by rule number.
func (s *Snapshot) In(d Direction) []Entry { return EntriesIn(s.Entries, d) }

// EntriesIn returns the entries of es in direction d, sorted by rule
// number (stable: entries of one number keep their order), the order in
// which AWS evaluates them.
func EntriesIn(es []Entry, d Direction) []Entry {
	var out []Entry
	for _, e := range es {
		if e.Direction == d {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].RuleNumber < out[j].RuleNumber })
	return out
}

// Find returns the entry at rule number n in direction d, if any.
func (s *Snapshot) Find(n int, d Direction) (Entry, bool) {
	for _, e := range s.Entries {
		if e.RuleNumber == n && e.Direction == d {
			return e, true
		}
	}
	return Entry{}, false
}

// QuotaUsed counts the entries of direction d that count toward AWS's
// per-direction entry quota: every entry but the default "*" rule.
func (s *Snapshot) QuotaUsed(d Direction) int {
	n := 0
	for _, e := range s.Entries {
		if e.Direction == d && e.RuleNumber != DefaultRuleNumber {
			n++
		}
	}
	return n
}

// SortEntries orders entries egress first, then by rule number, then by
// CIDR, so that two snapshots compare equal when they hold the same
// entries.
func SortEntries(es []Entry) {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Direction != es[j].Direction {
			return es[i].Direction == Egress
		}
		if es[i].RuleNumber != es[j].RuleNumber {
			return es[i].RuleNumber < es[j].RuleNumber
		}
		return es[i].CIDR < es[j].CIDR
	})
}
