package analysis

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis/internal/natgen"
	"github.com/aclprobe/aclprobe/analysis/source"
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

// TestSpilledMatchesInMemory runs queries with budgets so small that the
// group tables spill (and partitions split down to the last level) and
// checks the rows and coverage are exactly those of the in-memory path,
// ties and absent values included.
func TestSpilledMatchesInMemory(t *testing.T) {
	var srcs []source.Source
	for i := range 3 {
		srcs = append(srcs, memSource(fmt.Sprintf("gen%d", i), natgen.Bytes(t, 8_000, int64(10+i))))
	}
	fourTuple := []string{"srcaddr", "srcport", "dstaddr", "dstport"}
	tests := []struct {
		name   string
		by     []string
		sort   string
		top    int
		memory int64
	}{
		{"nat query top 20, 16 KiB", nil, "", 20, 16 << 10},
		{"4-tuple top 10, 4 KiB", fourTuple, "", 10, 4 << 10},
		{"4-tuple all rows, 4 KiB", fourTuple, "", 0, 4 << 10},
		{"4-tuple by bytes top 50, 64 KiB", fourTuple, "bytes", 50, 64 << 10},
		{"dstport (few groups, many ties) by packets, 4 KiB", []string{"dstport", "action"}, "packets", 0, 4 << 10},
		{"service and endpoint (absent values) top 3, 1 MiB", []string{"pkt-dst-aws-service", "dst-endpoint"}, "", 3, 1 << 20},
		{"top larger than groups, 16 KiB", []string{"dstport"}, "", 1000, 16 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := Query{By: tt.by, Sort: tt.sort, Top: tt.top}
			want := aggregate(t, LocalOptions{Workers: 2}, q, srcs...)
			tmp := t.TempDir()
			var log bytes.Buffer
			got := aggregate(t, LocalOptions{Workers: 2, Memory: tt.memory, TempDir: tmp, Log: &log}, q, srcs...)
			if !strings.Contains(log.String(), "spill: ") {
				t.Fatalf("budget %d did not spill", tt.memory)
			}
			if len(want.Rows) == 0 || !reflect.DeepEqual(got.Rows, want.Rows) {
				t.Errorf("spilled rows differ from in-memory rows:\n got %v\nwant %v", head(rowStrings(got.Rows)), head(rowStrings(want.Rows)))
			}
			// NATLegs.Public depends on which parser saw a NAT address
			// first (documented), so only Private is compared.
			if (got.Coverage.NATLegs == nil) != (want.Coverage.NATLegs == nil) ||
				got.Coverage.NATLegs != nil && got.Coverage.NATLegs.Private != want.Coverage.NATLegs.Private {
				t.Errorf("NAT legs %+v, want %+v", got.Coverage.NATLegs, want.Coverage.NATLegs)
			}
			got.Coverage.NATLegs, want.Coverage.NATLegs = nil, nil
			if !reflect.DeepEqual(got.Coverage, want.Coverage) {
				t.Errorf("coverage %+v, want %+v", got.Coverage, want.Coverage)
			}
			assertEmptyDir(t, tmp)
		})
	}
}

func head(s []string) []string { return s[:min(len(s), 5)] }

func assertEmptyDir(t *testing.T, dir string) {
	t.Helper()
	if left, err := os.ReadDir(dir); err != nil || len(left) != 0 {
		t.Errorf("temp dir %s holds %v (%v), want it empty", dir, left, err)
	}
}

// cancelOnLog cancels a context when a spill message containing when is
// written.
type cancelOnLog struct {
	when   string
	cancel context.CancelFunc
}

func (c *cancelOnLog) Write(p []byte) (int, error) {
	if strings.Contains(string(p), c.when) {
		c.cancel()
	}
	return len(p), nil
}

// TestSpillCleanupOnCancel interrupts runs that have spilled, while
// reading and while finishing partitions, and checks no file is left.
func TestSpillCleanupOnCancel(t *testing.T) {
	data := natgen.Bytes(t, 30_000, 3)
	srcs := []source.Source{memSource("a", data), memSource("b", data)}
	tests := []struct{ name, when string }{
		{"while reading, at the first spill", "spill: table"},
		{"while finishing, at the first split", "splitting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			tmp := t.TempDir()
			opts := LocalOptions{Workers: 2, Memory: 4 << 10, TempDir: tmp, Log: &cancelOnLog{when: tt.when, cancel: cancel}}
			q := Query{By: []string{"srcaddr", "srcport", "dstaddr", "dstport"}, Top: 10}
			if _, err := NewLocal(srcs, opts).Aggregate(ctx, q); !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			assertEmptyDir(t, tmp)
		})
	}
}

// TestSpillTempDirError: an unusable --temp-dir is an error once the
// tables must spill, not a silent in-memory run.
func TestSpillTempDirError(t *testing.T) {
	data := natgen.Bytes(t, 5_000, 3)
	opts := LocalOptions{Memory: 4 << 10, TempDir: filepath.Join(t.TempDir(), "missing")}
	_, err := NewLocal([]source.Source{memSource("a", data)}, opts).Aggregate(context.Background(), Query{Top: 5})
	if err == nil || !strings.Contains(err.Error(), "spill: temp dir") {
		t.Errorf("err = %v, want a spill temp dir error", err)
	}
}

// Rows merged by impact, dnslog and plan generation keep the widest span;
// a group with no known start does not make the earliest start unknown.
func ExampleWidenSpan() {
	t := func(h int) time.Time { return time.Date(2025, 12, 4, h, 0, 0, 0, time.UTC) }
	first, last := WidenSpan(t(8), t(9), t(6), t(7))
	fmt.Println(first.Hour(), last.Hour())
	first, last = WidenSpan(first, last, time.Time{}, t(12))
	fmt.Println(first.Hour(), last.Hour())
	first, last = WidenSpan(time.Time{}, time.Time{}, t(10), t(11))
	fmt.Println(first.Hour(), last.Hour())
	// Output:
	// 6 9
	// 6 12
	// 10 11
}

// A rate needs the span of the records counted: the coverage's span cut
// to the query's window.
func TestCoverageSpan(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2025, 12, 4, h, 0, 0, 0, time.UTC) }
	day := Coverage{First: at(0), Last: at(24)}
	tests := []struct {
		name string
		c    Coverage
		q    Query
		want time.Duration
	}{
		{"no window: the whole coverage", day, Query{}, 24 * time.Hour},
		{"since cuts the start", day, Query{Since: at(12)}, 12 * time.Hour},
		{"until cuts the end", day, Query{Until: at(6)}, 6 * time.Hour},
		{"both", day, Query{Since: at(8), Until: at(10)}, 2 * time.Hour},
		{"a window wider than the evidence", day, Query{Since: at(-24), Until: at(48)}, 24 * time.Hour},
		{"a window outside the evidence", day, Query{Since: at(30)}, 0},
		{"no records", Coverage{}, Query{Since: at(1)}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.Span(tc.q); got != tc.want {
				t.Errorf("Span = %s, want %s", got, tc.want)
			}
		})
	}
}
