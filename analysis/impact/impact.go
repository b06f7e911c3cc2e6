package impact

import (
	"cmp"
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// By is the grouping impact asks an engine for: the address pair
// (pkt-* addresses when present), the port and protocol, and the
// interface, folded away afterwards into each pair's interface list.
var By = []string{flowlog.FieldSrcEndpoint, flowlog.FieldDstEndpoint, "dstport", "protocol", "interface-id"}

// Query returns base narrowed to impact: records with an endpoint
// inside a block prefix and outside every except prefix, grouped by
// By, every group returned. base's other filters (time window,
// interfaces, actions) are kept.
func Query(base analysis.Query, block, except []netip.Prefix) analysis.Query {
	q := base
	q.Block, q.Except = block, except
	q.By = By
	q.Top = 0
	q.Sort = "flows"
	return q
}

// Impact is what a planned block would have cut, by the evidence of the
// flow logs read.
type Impact struct {
	Block    []netip.Prefix    `json:"block"`
	Except   []netip.Prefix    `json:"except"`
	Flows    []Flow            `json:"flows"`
	Coverage analysis.Coverage `json:"coverage"`
	// Identified is true when flows carry Service labels (see Annotate).
	Identified bool `json:"identified"`
	// DNSJoined is true when flows carry DNSNames (--dns-logs).
	DNSJoined bool `json:"dns_joined,omitempty"`
}

// Flow is one observed address pair and port that the block cuts.
type Flow struct {
	Src      string `json:"src"`      // pkt-srcaddr when present, else srcaddr
	Dst      string `json:"dst"`      // pkt-dstaddr when present, else dstaddr
	DstPort  string `json:"dstport"`  // as logged; "-" when absent
	Protocol string `json:"protocol"` // IANA number as logged; "-" when absent
	// Blocked says which endpoint is inside the block: src, dst or both.
	Blocked    string    `json:"blocked"`
	Flows      int64     `json:"flows"`
	Packets    int64     `json:"packets"`
	Bytes      int64     `json:"bytes"`
	First      time.Time `json:"first"`
	Last       time.Time `json:"last"`
	Interfaces []string  `json:"interfaces"`
	// Service and ServiceSource say who is behind the blocked endpoint,
	// and where that label came from (set by Impact.Annotate).
	Service       string `json:"service,omitempty"`
	ServiceSource string `json:"service_source,omitempty"`
	// DNSNames are the names the flow's source resolved to its
	// destination (from the result rows, set by a query log join).
	DNSNames []string `json:"dns_names,omitempty"`
}

// Found reports whether any observed flow would be cut.
func (im *Impact) Found() bool { return len(im.Flows) > 0 }

// Fold turns an engine's Result for Query into one Flow
// per address pair, port and protocol, summing the metrics, keeping the
// earliest first and latest last time and collecting the interfaces.
// Rows whose endpoints are not blocked (by block and except) are dropped,
// so the verdict does not depend on how faithfully an engine applied the
// filter. Flows are ordered by flows, then bytes (descending), then the
// pair and port.
func Fold(res *analysis.Result, block, except []netip.Prefix) (*Impact, error) {
	col := map[string]int{}
	for _, f := range By {
		col[f] = slices.Index(res.By, f)
	}
	for _, f := range By[:2] {
		if col[f] < 0 {
			return nil, fmt.Errorf("impact: result is not grouped by %s (by %s)", f, strings.Join(res.By, ","))
		}
	}
	im := &Impact{Block: block, Except: except, Coverage: res.Coverage, Flows: []Flow{}, DNSJoined: res.DNSJoined}
	index := map[[4]string]int{}
	for _, row := range res.Rows {
		key := [4]string{keyAt(row.Keys, col[flowlog.FieldSrcEndpoint]), keyAt(row.Keys, col[flowlog.FieldDstEndpoint]),
			keyAt(row.Keys, col["dstport"]), keyAt(row.Keys, col["protocol"])}
		side := blockedSide(key[0], key[1], block, except)
		if side == "" {
			continue
		}
		i, ok := index[key]
		if !ok {
			i = len(im.Flows)
			index[key] = i
			im.Flows = append(im.Flows, Flow{Src: key[0], Dst: key[1], DstPort: key[2], Protocol: key[3],
				Blocked: side, Interfaces: []string{}})
		}
		im.Flows[i].add(row, keyAt(row.Keys, col["interface-id"]))
	}
	slices.SortFunc(im.Flows, compareImpactFlows)
	return im, nil
}

// add folds one row into f.
func (f *Flow) add(row analysis.Row, iface string) {
	f.Flows += row.Flows
	f.Packets += row.Packets
	f.Bytes += row.Bytes
	f.First, f.Last = analysis.WidenSpan(f.First, f.Last, row.First, row.Last)
	for _, n := range row.DNSNames {
		if !slices.Contains(f.DNSNames, n) {
			f.DNSNames = append(f.DNSNames, n)
		}
	}
	if iface == analysis.Absent {
		return
	}
	if i, found := slices.BinarySearch(f.Interfaces, iface); !found {
		f.Interfaces = slices.Insert(f.Interfaces, i, iface)
	}
}

func compareImpactFlows(a, b Flow) int {
	return cmp.Or(
		cmp.Compare(b.Flows, a.Flows),
		cmp.Compare(b.Bytes, a.Bytes),
		compareAddrText(a.Src, b.Src),
		compareAddrText(a.Dst, b.Dst),
		cmp.Compare(numOrMax(a.DstPort), numOrMax(b.DstPort)),
		cmp.Compare(numOrMax(a.Protocol), numOrMax(b.Protocol)),
	)
}

// compareAddrText orders addresses numerically (10.0.0.9 before 10.0.0.10)
// and anything unparsable after them, as text.
func compareAddrText(a, b string) int {
	x, errX := netip.ParseAddr(a)
	y, errY := netip.ParseAddr(b)
	switch {
	case errX == nil && errY == nil:
		return x.Compare(y)
	case errX == nil:
		return -1
	case errY == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// numOrMax parses a port or protocol number; absent values sort last.
func numOrMax(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return math.MaxInt
	}
	return n
}

// blockedSide says which endpoints of a pair are inside block and outside
// every except prefix: "src", "dst", "both", or "" for neither.
func blockedSide(src, dst string, block, except []netip.Prefix) string {
	s, d := IsBlocked(src, block, except), IsBlocked(dst, block, except)
	switch {
	case s && d:
		return "both"
	case s:
		return "src"
	case d:
		return "dst"
	}
	return ""
}

// IsBlocked reports whether the textual address addr is inside a block
// prefix and outside every except prefix; absent or unparsable addresses
// are never blocked.
func IsBlocked(addr string, block, except []netip.Prefix) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	a = a.Unmap()
	in := func(ps []netip.Prefix) bool {
		return slices.ContainsFunc(ps, func(p netip.Prefix) bool { return p.Contains(a) })
	}
	return in(block) && !in(except)
}

func keyAt(keys []string, i int) string {
	if i < 0 || i >= len(keys) || keys[i] == "" {
		return analysis.Absent
	}
	return keys[i]
}
