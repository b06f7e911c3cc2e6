package analysis

import (
	"bytes"
	"container/heap"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
	"github.com/aclprobe/aclprobe/analysis/spill"
)

// SortKeys are the metrics a Result can be ranked by.
var SortKeys = []string{"flows", "packets", "bytes"}

// checkSort validates a Query.Sort value ("" means flows).
func checkSort(s string) error {
	if s == "" || slices.Contains(SortKeys, s) {
		return nil
	}
	if near, d := flowlog.Closest(s, SortKeys); d <= 2 {
		return fmt.Errorf("sort %q: want %s; did you mean %s?", s, strings.Join(SortKeys, ", "), near)
	}
	return fmt.Errorf("sort %q: want %s", s, strings.Join(SortKeys, ", "))
}

// ranker orders groups: the sort metric descending, then bytes descending,
// then the group values ascending, an absent value after every present
// one (as SQL's NULLS LAST), so the order is total and deterministic.
// Groups live in several shard tables; a group is named by a groupRef.
type ranker struct {
	tables []*groupTable
	width  int
	metric int // gFlows, gPackets or gBytes
	ka, kb []byte
}

// groupRef names the group at arena reference r of table t as t<<32 | r.
type groupRef uint64

func newRanker(tables []*groupTable, width int, sortKey string) *ranker {
	r := &ranker{tables: tables, width: width, metric: gFlows}
	switch sortKey {
	case "packets":
		r.metric = gPackets
	case "bytes":
		r.metric = gBytes
	}
	return r
}

// value returns group g's sort metric.
func (r *ranker) value(g []uint64) uint64 {
	if r.metric == gFlows {
		return flowsOf(g)
	}
	return g[r.metric]
}

func (r *ranker) get(ref groupRef) []uint64 {
	return r.tables[ref>>32].record(uint32(ref))
}

// before reports whether x ranks before y.
func (r *ranker) before(x, y groupRef) bool { return r.compare(x, y) < 0 }

func (r *ranker) compare(x, y groupRef) int {
	gx, gy := r.get(x), r.get(y)
	if mx, my := r.value(gx), r.value(gy); mx != my {
		return cmpDesc(mx, my)
	}
	if gx[gBytes] != gy[gBytes] {
		return cmpDesc(gx[gBytes], gy[gBytes])
	}
	r.ka, r.kb = appendGroupKey(r.ka[:0], gx), appendGroupKey(r.kb[:0], gy)
	return compareKeys(r.ka, r.kb)
}

// compareKeys orders encoded keys value by value as text, absent values
// last.
func compareKeys(a, b []byte) int {
	var sa, sb [15]byte
	for len(a) > 0 && len(b) > 0 {
		va, absentA, restA := nextValue(a, sa[:])
		vb, absentB, restB := nextValue(b, sb[:])
		a, b = restA, restB
		switch {
		case absentA && absentB:
			continue
		case absentA:
			return 1
		case absentB:
			return -1
		}
		if c := bytes.Compare(va, vb); c != 0 {
			return c
		}
	}
	return 0
}

func cmpDesc(a, b uint64) int {
	if a > b {
		return -1
	}
	return 1
}

// top returns the best n groups in rank order (every group when n <= 0).
// For a small n each table keeps a bounded heap of its own best n, in
// parallel, and the union of those is sorted: the order is total, so the
// best n of all groups are among them.
func (r *ranker) top(n int) []groupRef {
	if n <= 0 {
		var all []groupRef
		for ti, t := range r.tables {
			for _, ref := range t.refs() {
				all = append(all, groupRef(ti)<<32|groupRef(ref))
			}
		}
		slices.SortFunc(all, r.compare)
		return all
	}
	parts := make([][]groupRef, len(r.tables))
	var wg sync.WaitGroup
	for ti := range r.tables {
		wg.Go(func() {
			own := &ranker{tables: r.tables, width: r.width, metric: r.metric}
			parts[ti] = own.tableTop(ti, n)
		})
	}
	wg.Wait()
	best := slices.Concat(parts...)
	slices.SortFunc(best, r.compare)
	return best[:min(n, len(best))]
}

// tableTop returns the best n groups of table ti, unordered. It walks the
// table's arena in order (sequential reads, where the slots would jump
// about) and rejects a group whose sort metric is below the worst kept
// one's without comparing further.
func (r *ranker) tableTop(ti, n int) []groupRef {
	h := &worstFirst{r: r}
	var worst uint64 // the sort metric of h's root once h is full
	for pi, page := range r.tables[ti].arena {
		for off := 0; off < len(page); {
			g := page[off : off+gHeader+(keyLen(page[off])+7)/8]
			ref := groupRef(ti)<<32 | groupRef(pi<<arenaPageBits|off)
			off += len(g)
			switch {
			case h.Len() < n:
				heap.Push(h, ref)
			case r.value(g) < worst || !r.before(ref, h.refs[0]):
				continue
			default:
				h.refs[0] = ref
				heap.Fix(h, 0)
			}
			worst = r.value(r.get(h.refs[0]))
		}
	}
	return h.refs
}

// worstFirst is a heap whose root is the lowest-ranked group kept.
type worstFirst struct {
	r    *ranker
	refs []groupRef
}

func (h *worstFirst) Len() int           { return len(h.refs) }
func (h *worstFirst) Less(i, j int) bool { return h.r.before(h.refs[j], h.refs[i]) }
func (h *worstFirst) Swap(i, j int)      { h.refs[i], h.refs[j] = h.refs[j], h.refs[i] }
func (h *worstFirst) Push(x any)         { h.refs = append(h.refs, x.(groupRef)) }
func (h *worstFirst) Pop() any {
	x := h.refs[len(h.refs)-1]
	h.refs = h.refs[:len(h.refs)-1]
	return x
}

// rows materialises the ranked groups as Rows.
func (r *ranker) rows(refs []groupRef) []Row {
	rows := make([]Row, len(refs))
	for i, ref := range refs {
		g := r.get(ref)
		rows[i] = Row{Keys: keyValues(appendGroupKey(nil, g), r.width),
			Flows: int64(flowsOf(g)), Packets: int64(g[gPackets]), Bytes: int64(g[gBytes]),
			First: unixTime(int64(g[gFirst])), Last: unixTime(int64(g[gLast]))}
	}
	return rows
}

// unixTime converts Unix seconds to UTC time; -1 gives the zero time.
func unixTime(s int64) time.Time {
	if s < 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

// recordHeap keeps the best n spilled groups offered to it (every one
// when n <= 0), ranked as ranker.compare ranks table groups; its root is
// the worst kept, so a full heap holds n records whatever is offered.
type recordHeap struct {
	metric int
	n      int
	recs   []spill.Record
}

func (h *recordHeap) value(r *spill.Record) uint64 {
	switch h.metric {
	case gPackets:
		return r.Packets
	case gBytes:
		return r.Bytes
	}
	return r.Flows
}

// compare orders two groups as ranker.compare does.
func (h *recordHeap) compare(a, b spill.Record) int {
	if ma, mb := h.value(&a), h.value(&b); ma != mb {
		return cmpDesc(ma, mb)
	}
	if a.Bytes != b.Bytes {
		return cmpDesc(a.Bytes, b.Bytes)
	}
	return compareKeys(a.Key, b.Key)
}

// offer keeps r when it ranks among the best n so far; r's key must not
// be reused by the caller.
func (h *recordHeap) offer(r spill.Record) {
	switch {
	case h.n <= 0:
		h.recs = append(h.recs, r)
	case len(h.recs) < h.n:
		heap.Push(h, r)
	case h.compare(r, h.recs[0]) < 0:
		h.recs[0] = r
		heap.Fix(h, 0)
	}
}

func (h *recordHeap) Len() int           { return len(h.recs) }
func (h *recordHeap) Less(i, j int) bool { return h.compare(h.recs[j], h.recs[i]) < 0 }
func (h *recordHeap) Swap(i, j int)      { h.recs[i], h.recs[j] = h.recs[j], h.recs[i] }
func (h *recordHeap) Push(x any)         { h.recs = append(h.recs, x.(spill.Record)) }
func (h *recordHeap) Pop() any {
	x := h.recs[len(h.recs)-1]
	h.recs = h.recs[:len(h.recs)-1]
	return x
}
