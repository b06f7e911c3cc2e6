package dnslog

import (
	"bytes"
	"fmt"
	"net/netip"
	"testing"
	"time"
)

// BenchmarkReadJoin reads a query log of 10,000 entries (each with a CNAME
// and an address) into a join of 100 pairs: the cost per entry of
// --dns-logs, in bytes per second.
func BenchmarkReadJoin(b *testing.B) {
	var buf bytes.Buffer
	var pairs []Pair
	for i := range 10000 {
		src, dst := fmt.Sprintf("10.0.%d.%d", i%4, i%250), fmt.Sprintf("198.51.100.%d", i%200)
		buf.WriteString(entry(fmt.Sprintf("svc%d.example.com", i%500), src, dst) + "\n")
		if i < 100 {
			pairs = append(pairs, Pair{Src: netip.MustParseAddr(src), Dst: netip.MustParseAddr(dst), First: t0, Last: t0.Add(time.Hour), Flows: 1})
		}
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		j := NewJoin(pairs, DefaultWindow)
		r := &Reader{Each: j.Add}
		if err := r.Read("bench", bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
