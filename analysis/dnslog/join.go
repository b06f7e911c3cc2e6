package dnslog

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// DefaultWindow is how long before a flow a query may have been asked
// and still name its destination (--dns-window).
const DefaultWindow = 24 * time.Hour

// Pair is what the flow logs say about one source talking to one
// destination: the source is pkt-srcaddr when present, else srcaddr (the
// client that would have asked the resolver), the destination likewise.
type Pair struct {
	Src, Dst    netip.Addr
	First, Last time.Time // earliest flow start, latest flow end
	Flows       int64
	Bytes       int64
}

type pairKey struct{ src, dst netip.Addr }

type pairNames struct {
	Pair
	names map[string]int64 // name -> queries that returned Dst to Src
}

// Join matches query log entries to flow pairs. Only the pairs' addresses
// are indexed, so its memory follows the flow query, not the query logs.
type Join struct {
	window time.Duration
	pairs  map[pairKey]*pairNames
	byDst  map[netip.Addr][]*pairNames
	order  []*pairNames
}

// NewJoin indexes pairs. A query counts for a pair when its srcaddr is
// the pair's source, one of its answers is the pair's destination, and it
// was asked no later than the pair's last flow ended and no earlier than
// window before its first flow started.
func NewJoin(pairs []Pair, window time.Duration) *Join {
	j := &Join{window: window, pairs: map[pairKey]*pairNames{}, byDst: map[netip.Addr][]*pairNames{}}
	for _, p := range pairs {
		k := pairKey{p.Src.Unmap(), p.Dst.Unmap()}
		pn := j.pairs[k]
		if pn == nil {
			pn = &pairNames{Pair: Pair{Src: k.src, Dst: k.dst, First: p.First, Last: p.Last}, names: map[string]int64{}}
			j.pairs[k] = pn
			j.byDst[k.dst] = append(j.byDst[k.dst], pn)
			j.order = append(j.order, pn)
		}
		pn.Flows += p.Flows
		pn.Bytes += p.Bytes
		pn.First, pn.Last = analysis.WidenSpan(pn.First, pn.Last, p.First, p.Last)
	}
	return j
}

// Add counts q toward every pair it names. Use it as Reader.Each.
func (j *Join) Add(q *Query) {
	for _, a := range q.Addresses() {
		pn := j.pairs[pairKey{q.SrcAddr, a}]
		if pn == nil || q.Time.After(pn.Last) || q.Time.Before(pn.First.Add(-j.window)) {
			continue
		}
		pn.names[q.Name]++
	}
}

// Names returns the names src resolved to dst, most queries first (ties
// by name). An invalid src means every source of dst.
func (j *Join) Names(src, dst netip.Addr) []string {
	counts := map[string]int64{}
	if src.IsValid() {
		if pn := j.pairs[pairKey{src.Unmap(), dst.Unmap()}]; pn != nil {
			counts = pn.names
		}
	} else {
		for _, pn := range j.byDst[dst.Unmap()] {
			for n, c := range pn.names {
				counts[n] += c
			}
		}
	}
	return rankNames(counts)
}

func rankNames(counts map[string]int64) []string {
	if len(counts) == 0 {
		return nil
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return names
}

// Coverage says how much of the joined traffic got a name.
type Coverage struct {
	Destinations, NamedDestinations int
	Flows, NamedFlows               int64
	Bytes, NamedBytes               int64
}

// Coverage sums the pairs: a destination is named when any of its pairs
// is, flows and bytes when their own pair is.
func (j *Join) Coverage() Coverage {
	var c Coverage
	named := map[netip.Addr]bool{}
	for _, pn := range j.order {
		c.Flows += pn.Flows
		c.Bytes += pn.Bytes
		if _, seen := named[pn.Dst]; !seen {
			named[pn.Dst] = false
		}
		if len(pn.names) > 0 {
			c.NamedFlows += pn.Flows
			c.NamedBytes += pn.Bytes
			named[pn.Dst] = true
		}
	}
	c.Destinations = len(named)
	for _, n := range named {
		if n {
			c.NamedDestinations++
		}
	}
	return c
}

// PairsFrom reads pairs from a Result grouped by src-endpoint and
// dst-endpoint (see PairQuery), keeping those whose destination is one of
// dsts (every pair when dsts is nil): the reply legs a narrowed pair query
// also reads are not destinations anyone asked about.
func PairsFrom(res *analysis.Result, dsts []netip.Addr) ([]Pair, error) {
	si := slices.Index(res.By, flowlog.FieldSrcEndpoint)
	di := slices.Index(res.By, flowlog.FieldDstEndpoint)
	if si < 0 || di < 0 {
		return nil, fmt.Errorf("dns join: pairs need a result grouped by %s,%s", flowlog.FieldSrcEndpoint, flowlog.FieldDstEndpoint)
	}
	keep := map[netip.Addr]bool{}
	for _, d := range dsts {
		keep[d.Unmap()] = true
	}
	var out []Pair
	for _, r := range res.Rows {
		src, err1 := netip.ParseAddr(r.Keys[si])
		dst, err2 := netip.ParseAddr(r.Keys[di])
		if err1 != nil || err2 != nil || dsts != nil && !keep[dst.Unmap()] {
			continue
		}
		out = append(out, Pair{Src: src, Dst: dst, First: r.First, Last: r.Last, Flows: r.Flows, Bytes: r.Bytes})
	}
	return out, nil
}

// PairQuery returns q changed to group by src-endpoint,dst-endpoint with
// every row kept: the flow facts the join needs. When q has no Block of
// its own, the records are narrowed to those touching one of dsts, unless
// maxAddrs > 0 and dsts are more (an engine whose statement grows with the
// list, like Athena's SQL, passes a limit); the rows are then every pair
// of the matched records, still one per pair, and PairsFrom keeps the
// selected ones.
func PairQuery(q analysis.Query, dsts []netip.Addr, maxAddrs int) analysis.Query {
	q.By = []string{flowlog.FieldSrcEndpoint, flowlog.FieldDstEndpoint}
	q.Top, q.Sort = 0, "flows"
	if len(q.Block) == 0 && len(dsts) > 0 && (maxAddrs <= 0 || len(dsts) <= maxAddrs) {
		q.Block = make([]netip.Prefix, 0, len(dsts))
		for _, d := range dsts {
			q.Block = append(q.Block, netip.PrefixFrom(d, d.BitLen()))
		}
		q.Except = nil
	}
	return q
}
