package flowlog

import "slices"

// DstFields and SrcFields name a row's destination and source, most
// preferred first: the derived endpoint, else the packet-level address,
// else the record's own address.
var (
	DstFields = []string{FieldDstEndpoint, "pkt-dstaddr", "dstaddr"}
	SrcFields = []string{FieldSrcEndpoint, "pkt-srcaddr", "srcaddr"}
)

// Columns returns the positions in by (a query's grouping) of those of
// names it holds, in the order of names: where to read a value from, most
// preferred first. Names by does not hold are left out.
func Columns(by []string, names ...string) []int {
	var out []int
	for _, n := range names {
		if i := slices.Index(by, n); i >= 0 {
			out = append(out, i)
		}
	}
	return out
}
