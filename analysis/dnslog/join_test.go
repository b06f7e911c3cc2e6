package dnslog

import (
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
)

var t0 = time.Date(2025, 12, 4, 12, 0, 0, 0, time.UTC)

func ip(s string) netip.Addr { return netip.MustParseAddr(s) }

func query(name, src string, at time.Time, addrs ...string) *Query {
	q := &Query{Name: name, SrcAddr: ip(src), Time: at, RCode: "NOERROR"}
	q.Answers = append(q.Answers, Answer{Data: name + "-alias.example.", Type: "CNAME"})
	for _, a := range addrs {
		q.Answers = append(q.Answers, Answer{Data: a, Type: "A"})
	}
	return q
}

func TestJoinNames(t *testing.T) {
	pairs := []Pair{
		{Src: ip("10.0.0.1"), Dst: ip("192.0.2.10"), First: t0, Last: t0.Add(time.Hour), Flows: 10, Bytes: 1000},
		{Src: ip("10.0.0.2"), Dst: ip("192.0.2.10"), First: t0, Last: t0.Add(time.Hour), Flows: 5, Bytes: 500},
		{Src: ip("10.0.0.1"), Dst: ip("192.0.2.20"), First: t0, Last: t0.Add(time.Hour), Flows: 1, Bytes: 100},
	}
	tests := []struct {
		name    string
		queries []*Query
		src     string // "" means every source
		dst     string
		want    []string
	}{
		{name: "same source", queries: []*Query{query("api.example.com", "10.0.0.1", t0.Add(-time.Minute), "192.0.2.10")},
			src: "10.0.0.1", dst: "192.0.2.10", want: []string{"api.example.com"}},
		{name: "another client's query does not count", queries: []*Query{query("api.example.com", "10.0.0.9", t0.Add(-time.Minute), "192.0.2.10")},
			src: "10.0.0.1", dst: "192.0.2.10"},
		{name: "shared address: only the names this source asked",
			queries: []*Query{query("api.example.com", "10.0.0.1", t0, "192.0.2.10"), query("cdn.other.example", "10.0.0.2", t0, "192.0.2.10")},
			src:     "10.0.0.1", dst: "192.0.2.10", want: []string{"api.example.com"}},
		{name: "row without a source: names of every flow source",
			queries: []*Query{query("api.example.com", "10.0.0.1", t0, "192.0.2.10"), query("cdn.other.example", "10.0.0.2", t0, "192.0.2.10"),
				query("cdn.other.example", "10.0.0.2", t0, "192.0.2.10"), query("unrelated.example", "10.0.0.9", t0, "192.0.2.10")},
			dst: "192.0.2.10", want: []string{"cdn.other.example", "api.example.com"}},
		{name: "most queries first, ties by name",
			queries: []*Query{query("b.example.com", "10.0.0.1", t0, "192.0.2.10"), query("a.example.com", "10.0.0.1", t0, "192.0.2.10"),
				query("c.example.com", "10.0.0.1", t0, "192.0.2.10"), query("c.example.com", "10.0.0.1", t0, "192.0.2.10")},
			src: "10.0.0.1", dst: "192.0.2.10", want: []string{"c.example.com", "a.example.com", "b.example.com"}},
		{name: "asked after the last flow ended", queries: []*Query{query("late.example.com", "10.0.0.1", t0.Add(time.Hour+time.Second), "192.0.2.10")},
			src: "10.0.0.1", dst: "192.0.2.10"},
		{name: "asked at the window's edge", queries: []*Query{query("edge.example.com", "10.0.0.1", t0.Add(-24*time.Hour), "192.0.2.10")},
			src: "10.0.0.1", dst: "192.0.2.10", want: []string{"edge.example.com"}},
		{name: "asked before the window", queries: []*Query{query("old.example.com", "10.0.0.1", t0.Add(-24*time.Hour-time.Second), "192.0.2.10")},
			src: "10.0.0.1", dst: "192.0.2.10"},
		{name: "answer for another destination", queries: []*Query{query("api.example.com", "10.0.0.1", t0, "192.0.2.99")},
			src: "10.0.0.1", dst: "192.0.2.10"},
		{name: "one of several answers", queries: []*Query{query("multi.example.com", "10.0.0.1", t0, "192.0.2.99", "192.0.2.20")},
			src: "10.0.0.1", dst: "192.0.2.20", want: []string{"multi.example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := NewJoin(pairs, DefaultWindow)
			for _, q := range tt.queries {
				j.Add(q)
			}
			var src netip.Addr
			if tt.src != "" {
				src = ip(tt.src)
			}
			if got := j.Names(src, ip(tt.dst)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Names = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestJoinCoverageAndAnnotate(t *testing.T) {
	j := NewJoin([]Pair{
		{Src: ip("10.0.0.1"), Dst: ip("192.0.2.10"), First: t0, Last: t0.Add(time.Hour), Flows: 10, Bytes: 1000},
		{Src: ip("10.0.0.2"), Dst: ip("192.0.2.10"), First: t0, Last: t0.Add(time.Hour), Flows: 5, Bytes: 500},
		{Src: ip("10.0.0.1"), Dst: ip("192.0.2.20"), First: t0, Last: t0.Add(time.Hour), Flows: 1, Bytes: 100},
	}, time.Hour)
	j.Add(query("api.example.com", "10.0.0.1", t0, "192.0.2.10"))
	want := Coverage{Destinations: 2, NamedDestinations: 1, Flows: 16, NamedFlows: 10, Bytes: 1600, NamedBytes: 1000}
	if got := j.Coverage(); got != want {
		t.Errorf("Coverage = %+v, want %+v", got, want)
	}
	res := &analysis.Result{By: []string{"pkt-srcaddr", "srcaddr", "pkt-dstaddr"}, Rows: []analysis.Row{
		{Keys: []string{"10.0.0.1", "10.0.0.1", "192.0.2.10"}},
		{Keys: []string{"10.0.0.2", "10.0.0.2", "192.0.2.10"}},
		{Keys: []string{analysis.Absent, "10.0.0.1", "192.0.2.10"}},
		{Keys: []string{"10.0.0.1", "10.0.0.1", analysis.Absent}},
	}}
	j.Annotate(res)
	got := [][]string{res.Rows[0].DNSNames, res.Rows[1].DNSNames, res.Rows[2].DNSNames, res.Rows[3].DNSNames}
	if !reflect.DeepEqual(got, [][]string{{"api.example.com"}, nil, {"api.example.com"}, nil}) || !res.DNSJoined {
		t.Errorf("Annotate: names %v, joined %v", got, res.DNSJoined)
	}
	if d := Destinations(res); !reflect.DeepEqual(d, []netip.Addr{ip("192.0.2.10")}) {
		t.Errorf("Destinations = %v", d)
	}
}

func TestPairQueryAndPairsFrom(t *testing.T) {
	q := PairQuery(analysis.Query{Top: 20, Sort: "bytes"}, []netip.Addr{ip("192.0.2.10"), ip("2001:db8::1")}, 0)
	if q.Top != 0 || q.Sort != "flows" || len(q.Block) != 2 || q.Block[1].Bits() != 128 || len(q.By) != 2 {
		t.Errorf("PairQuery = %+v", q)
	}
	if over := PairQuery(analysis.Query{}, []netip.Addr{ip("192.0.2.10"), ip("2001:db8::1")}, 1); len(over.Block) != 0 {
		t.Errorf("PairQuery over its limit narrowed to %v", over.Block)
	}
	impactQ := PairQuery(analysis.Query{Block: []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0")}}, []netip.Addr{ip("192.0.2.10")}, 0)
	if len(impactQ.Block) != 1 || impactQ.Block[0].Bits() != 0 {
		t.Errorf("PairQuery kept no own block: %v", impactQ.Block)
	}
	res := &analysis.Result{By: q.By, Rows: []analysis.Row{
		{Keys: []string{"10.0.0.1", "192.0.2.10"}, Flows: 3, Bytes: 30, First: t0, Last: t0},
		{Keys: []string{analysis.Absent, "192.0.2.10"}, Flows: 1},
		{Keys: []string{"192.0.2.10", "10.0.0.1"}, Flows: 2}, // a reply leg
	}}
	pairs, err := PairsFrom(res, []netip.Addr{ip("192.0.2.10")})
	if err != nil || len(pairs) != 1 || pairs[0].Flows != 3 {
		t.Errorf("PairsFrom = %+v, %v", pairs, err)
	}
	if all, _ := PairsFrom(res, nil); len(all) != 2 {
		t.Errorf("PairsFrom(nil) = %+v, want both pairs", all)
	}
	if _, err := PairsFrom(&analysis.Result{By: []string{"dstaddr"}}, nil); err == nil {
		t.Error("PairsFrom without endpoints: no error")
	}
}
