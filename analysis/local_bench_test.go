package analysis

import (
	"bytes"
	"context"
	"net/netip"
	"testing"

	"github.com/aclprobe/aclprobe/analysis/internal/natgen"
)

// natQuery is the benchmark's query: the private leg of a NAT gateway,
// grouped by the six default fields (scripts/bench.sh runs the same one
// on the full data set against DuckDB).
func natQuery() Query {
	return Query{
		SrcCIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")},
		NATIPs:   []netip.Addr{netip.MustParseAddr("10.0.100.10"), netip.MustParseAddr("10.0.101.10")},
		Top:      20,
	}
}

// BenchmarkLocalAggregate runs the whole engine (gzip, parse, filter,
// group, rank) over 4 generated files of 100,000 records.
func BenchmarkLocalAggregate(b *testing.B) {
	srcs := natgen.Sources(b, 4, 100_000)
	var raw int64
	for _, s := range srcs {
		raw += s.Size
	}
	b.SetBytes(raw)
	b.ResetTimer()
	for b.Loop() {
		res, err := NewLocal(srcs, LocalOptions{}).Aggregate(context.Background(), natQuery())
		if err != nil {
			b.Fatal(err)
		}
		if res.Coverage.Matched == 0 {
			b.Fatal("nothing matched")
		}
	}
}

// BenchmarkFourTuple groups 4 generated files of 100,000 records by
// connection 4-tuple (a group for most records), in memory and with a
// budget that makes the tables spill, to show what spilling costs.
func BenchmarkFourTuple(b *testing.B) {
	srcs := natgen.Sources(b, 4, 100_000)
	q := Query{By: []string{"srcaddr", "srcport", "dstaddr", "dstport"}, Top: 10}
	for _, bm := range []struct {
		name   string
		memory int64
	}{{"in memory", 0}, {"spilled 8MiB", 8 << 20}} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				res, err := NewLocal(srcs, LocalOptions{Memory: bm.memory, TempDir: b.TempDir()}).Aggregate(context.Background(), q)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Rows) != 10 {
					b.Fatalf("%d rows", len(res.Rows))
				}
			}
		})
	}
}

// BenchmarkParse measures the parser alone (no decompression, no
// aggregation) on 100,000 records held in memory.
func BenchmarkParse(b *testing.B) {
	c := natgen.Chunk(b, "bench", 100_000, 1)
	p := newParser(newMatcher(natQuery()), false, 2, func(_ int, full []byte) []byte { return full[:0] })
	b.SetBytes(int64(len(c.Data)))
	for b.Loop() {
		if err := p.chunk(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGroupTable measures grouping alone: the matched records of
// 100,000 generated ones folded into a fresh table.
func BenchmarkGroupTable(b *testing.B) {
	var batches [][]byte
	p := newParser(newMatcher(natQuery()), false, 1, func(_ int, full []byte) []byte {
		batches = append(batches, bytes.Clone(full))
		return full[:0]
	})
	if err := p.chunk(natgen.Chunk(b, "bench", 100_000, 1)); err != nil {
		b.Fatal(err)
	}
	p.flush()
	b.ResetTimer()
	for b.Loop() {
		t := newGroupTable(0)
		var kw []uint64
		for _, bt := range batches {
			kw = t.addBatch(bt, kw)
		}
	}
}
