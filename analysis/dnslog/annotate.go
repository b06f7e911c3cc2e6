package dnslog

import (
	"net/netip"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// rowColumns are the indexes of a row's destination and source fields,
// most preferred first: the endpoint, else the pkt-* address, else the
// record's own address.
func rowColumns(by []string) (dst, src []int) {
	return flowlog.Columns(by, flowlog.DstFields...), flowlog.Columns(by, flowlog.SrcFields...)
}

// firstAddr returns the first present address among keys[cols].
func firstAddr(keys []string, cols []int) netip.Addr {
	for _, c := range cols {
		if c >= len(keys) || keys[c] == analysis.Absent {
			continue
		}
		if a, err := netip.ParseAddr(keys[c]); err == nil {
			return a.Unmap()
		}
	}
	return netip.Addr{}
}

// HasDestination reports whether a result grouped by by has a
// destination field to name (dst-endpoint, pkt-dstaddr or dstaddr).
func HasDestination(by []string) bool {
	dst, _ := rowColumns(by)
	return len(dst) > 0
}

// Destinations returns the distinct destination addresses of res's rows,
// in row order: what the join indexes.
func Destinations(res *analysis.Result) []netip.Addr {
	dst, _ := rowColumns(res.By)
	seen := map[netip.Addr]bool{}
	var out []netip.Addr
	for _, r := range res.Rows {
		if a := firstAddr(r.Keys, dst); a.IsValid() && !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

// Annotate sets each row's DNSNames and res.DNSJoined. A row grouped by a
// source gets the names that source resolved; a row without one gets the
// names of every source of its destination.
func (j *Join) Annotate(res *analysis.Result) {
	dst, src := rowColumns(res.By)
	for i := range res.Rows {
		r := &res.Rows[i]
		d := firstAddr(r.Keys, dst)
		if !d.IsValid() {
			continue
		}
		r.DNSNames = j.Names(firstAddr(r.Keys, src), d)
	}
	res.DNSJoined = true
}
