package flowlog

import (
	"fmt"
	"strings"
)

// CheckName rejects a field name given on the command line (what
// names the flag) that is not a flow log field but is a slip away from
// one (dst-addr for dstaddr), naming the field meant. Other unknown names
// pass: a format newer than this program may have them.
func CheckName(what, name string) error {
	if KnownField(name) {
		return nil
	}
	if near, ok := Nearest(name); ok {
		return fmt.Errorf("%s %q: no such flow log field; did you mean %s?", what, name, near)
	}
	return nil
}

// CheckFields checks the field names of a format given on the command
// line (--fields): a valid format, and no name a slip away from a known
// field.
func CheckFields(names []string) error {
	f, err := NewLayout(names)
	if err != nil {
		return err
	}
	for _, n := range f.Names {
		if err := CheckName("field", n); err != nil {
			return err
		}
	}
	return nil
}

// Nearest returns the known field (or derived endpoint) closest to
// name, and whether it is close enough to be a slip: the same without
// hyphens and underscores, or at most two edits away (one for short
// names).
func Nearest(name string) (string, bool) {
	best, dist := Closest(name, allFieldNames)
	squash := func(s string) string { return strings.NewReplacer("-", "", "_", "").Replace(s) }
	if squash(best) == squash(name) {
		return best, true
	}
	return best, dist <= min(2, len(name)/4+1)
}

// allFieldNames are the names a group field may have: the known fields
// and the derived endpoints.
var allFieldNames = AllFields()

// Closest returns the candidate with the fewest edits from s (the first
// of equals) and that number.
func Closest(s string, candidates []string) (string, int) {
	best, dist := "", -1
	for _, c := range candidates {
		if d := editDistance(s, c); dist < 0 || d < dist {
			best, dist = c, d
		}
	}
	return best, dist
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
