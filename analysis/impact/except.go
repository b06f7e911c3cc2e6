package impact

import (
	"fmt"
	"net/netip"
)

// ExceptWarnings returns a warning for every except prefix that overlaps
// no block prefix: it excludes nothing, which is probably a typo.
func ExceptWarnings(block, except []netip.Prefix) []string {
	var out []string
	for _, e := range except {
		overlaps := false
		for _, b := range block {
			overlaps = overlaps || b.Overlaps(e)
		}
		if !overlaps {
			out = append(out, fmt.Sprintf("--except %s overlaps no --block prefix: it excludes nothing", e))
		}
	}
	return out
}
