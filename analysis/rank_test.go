package analysis

import (
	"fmt"
	"slices"
	"testing"

	"github.com/aclprobe/aclprobe/analysis/internal/natgen"
)

// TestTopMatchesFullSort checks the per-table bounded heaps of top
// against sorting every group, for each sort key, over two shard tables
// with many ties (generated NAT logs).
func TestTopMatchesFullSort(t *testing.T) {
	tables := []*groupTable{newGroupTable(0), newGroupTable(0)}
	kws := make([][]uint64, len(tables))
	p := newParser(newMatcher(natQuery()), false, len(tables), func(s int, full []byte) []byte {
		kws[s] = tables[s].addBatch(full, kws[s])
		return full[:0]
	})
	if err := p.chunk(natgen.Chunk(t, "gen", 20_000, 7)); err != nil {
		t.Fatal(err)
	}
	p.flush()
	groups := tables[0].n + tables[1].n
	if groups < 100 || tables[0].n == 0 || tables[1].n == 0 {
		t.Fatalf("generated %d and %d groups, want both shards used", tables[0].n, tables[1].n)
	}
	for _, sortKey := range []string{"", "packets", "bytes"} {
		all := newRanker(tables, len(DefaultBy), sortKey).top(0)
		for _, n := range []int{1, 5, 20, groups - 1, groups, groups + 10} {
			t.Run(fmt.Sprintf("sort %q top %d", sortKey, n), func(t *testing.T) {
				got := newRanker(tables, len(DefaultBy), sortKey).top(n)
				if want := all[:min(n, len(all))]; !slices.Equal(got, want) {
					t.Errorf("top(%d) = %d groups, differs from the first %d of the full sort", n, len(got), len(want))
				}
			})
		}
	}
}
