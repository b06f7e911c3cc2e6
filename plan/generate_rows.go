package plan

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// columns are the indexes of the fields Generate reads in a Result's rows
// (-1 when absent), most preferred first where there is a choice.
type columns struct {
	dst, src      []int
	local         []int // pkt-srcaddr and srcaddr: every local address on the path
	port, service int
}

func findColumns(by []string) columns {
	return columns{
		dst:     flowlog.Columns(by, flowlog.DstFields...),
		src:     flowlog.Columns(by, flowlog.SrcFields...),
		local:   flowlog.Columns(by, "pkt-srcaddr", "srcaddr", flowlog.FieldSrcEndpoint),
		port:    slices.Index(by, "dstport"),
		service: slices.Index(by, "pkt-dst-aws-service"),
	}
}

// destinations sums res's rows per destination address.
func destinations(res *analysis.Result) ([]*destination, error) {
	c := findColumns(res.By)
	if len(c.dst) == 0 {
		return nil, fmt.Errorf("the analysis is not grouped by a destination (dst-endpoint, pkt-dstaddr or dstaddr): use the default grouping or --by dst-endpoint")
	}
	byAddr := map[netip.Addr]*destination{}
	var order []*destination
	for _, row := range res.Rows {
		addr, ok := firstAddr(row.Keys, c.dst)
		if !ok {
			continue
		}
		d := byAddr[addr]
		if d == nil {
			d = newDestination(addr)
			byAddr[addr] = d
			order = append(order, d)
		}
		d.add(row, c, res.Identified)
	}
	return order, nil
}

func newDestination(addr netip.Addr) *destination {
	return &destination{addr: addr, sources: map[string]int64{}, local: map[string]int64{}, ports: map[string]int64{}, svcs: map[string]int64{}, names: map[string]int64{}}
}

// add counts one aggregate row toward the destination.
func (d *destination) add(row analysis.Row, c columns, identified bool) {
	d.ev.Flows += row.Flows
	d.ev.Packets += row.Packets
	d.ev.Bytes += row.Bytes
	if src, ok := firstAddr(row.Keys, c.src); ok {
		d.sources[src.String()] += row.Flows
	}
	seen := map[netip.Addr]bool{}
	for _, c := range c.local {
		if a, ok := firstAddr(row.Keys, []int{c}); ok && !seen[a] {
			seen[a] = true
			d.local[a.String()] += row.Flows
		}
	}
	if v := key(row.Keys, c.port); v != "" {
		d.ports[v] += row.Flows
	}
	for _, n := range row.DNSNames {
		d.names[n] += row.Flows
	}
	switch {
	case identified && row.Service != "":
		d.svcs[row.Service+"\x00"+row.ServiceSource] += row.Flows
	case key(row.Keys, c.service) != "":
		d.svcs[key(row.Keys, c.service)+"\x00pkt-dst-aws-service"] += row.Flows
	}
	d.first, d.last = analysis.WidenSpan(d.first, d.last, row.First, row.Last)
}

// merge folds another destination into d (a manual target covering it).
func (d *destination) merge(o *destination) {
	d.count++
	d.ev.Flows += o.ev.Flows
	d.ev.Packets += o.ev.Packets
	d.ev.Bytes += o.ev.Bytes
	for _, m := range []struct{ dst, src map[string]int64 }{{d.sources, o.sources}, {d.local, o.local}, {d.ports, o.ports}, {d.svcs, o.svcs}, {d.names, o.names}} {
		for k, v := range m.src {
			m.dst[k] += v
		}
	}
	d.first, d.last = analysis.WidenSpan(d.first, d.last, o.first, o.last)
}

// firstAddr returns the first present, valid address among keys[cols].
func firstAddr(keys []string, cols []int) (netip.Addr, bool) {
	for _, c := range cols {
		if v := key(keys, c); v != "" {
			if a, err := netip.ParseAddr(v); err == nil {
				return a.Unmap(), true
			}
		}
	}
	return netip.Addr{}, false
}

// key returns keys[i], or "" when i is out of range or the value absent.
func key(keys []string, i int) string {
	if i < 0 || i >= len(keys) || keys[i] == analysis.Absent || keys[i] == "" {
		return ""
	}
	return keys[i]
}
