package impact

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/internal/testenv"
)

// ts is 2026-11-20 plus minutes.
func ts(min int) time.Time {
	return time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC).Add(time.Duration(min) * time.Minute)
}

func impactRow(src, dst, port, proto, iface string, flows int64, first, last int) analysis.Row {
	return analysis.Row{Keys: []string{src, dst, port, proto, iface}, Flows: flows, Packets: flows * 10, Bytes: flows * 1000,
		First: ts(first), Last: ts(last)}
}

func TestFoldImpact(t *testing.T) {
	block, except := testenv.Prefixes("0.0.0.0/0"), testenv.Prefixes("10.0.0.0/8", "203.0.113.0/24")
	tests := []struct {
		name string
		rows []analysis.Row
		want []Flow
	}{
		{
			name: "interfaces of one pair fold into one flow",
			rows: []analysis.Row{
				impactRow("10.0.1.5", "198.51.100.7", "443", "6", "eni-0b", 3, 10, 20),
				impactRow("10.0.1.5", "198.51.100.7", "443", "6", "eni-0a", 2, 5, 30),
				impactRow("10.0.1.5", "198.51.100.7", "443", "6", "eni-0b", 1, 7, 8),
			},
			want: []Flow{{Src: "10.0.1.5", Dst: "198.51.100.7", DstPort: "443", Protocol: "6", Blocked: "dst",
				Flows: 6, Packets: 60, Bytes: 6000, First: ts(5), Last: ts(30), Interfaces: []string{"eni-0a", "eni-0b"}}},
		},
		{
			name: "ports and protocols stay apart",
			rows: []analysis.Row{
				impactRow("10.0.1.5", "198.51.100.7", "443", "6", "eni-0a", 1, 0, 1),
				impactRow("10.0.1.5", "198.51.100.7", "53", "17", "eni-0a", 1, 0, 1),
				impactRow("10.0.1.5", "198.51.100.7", "53", "6", "eni-0a", 1, 0, 1),
			},
			want: []Flow{
				{Src: "10.0.1.5", Dst: "198.51.100.7", DstPort: "53", Protocol: "6", Blocked: "dst", Flows: 1, Packets: 10, Bytes: 1000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
				{Src: "10.0.1.5", Dst: "198.51.100.7", DstPort: "53", Protocol: "17", Blocked: "dst", Flows: 1, Packets: 10, Bytes: 1000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
				{Src: "10.0.1.5", Dst: "198.51.100.7", DstPort: "443", Protocol: "6", Blocked: "dst", Flows: 1, Packets: 10, Bytes: 1000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
			},
		},
		{
			name: "excepted and internal pairs are dropped",
			rows: []analysis.Row{
				impactRow("10.0.1.5", "203.0.113.10", "443", "6", "eni-0a", 9, 0, 1),
				impactRow("10.0.1.5", "10.0.2.8", "5432", "6", "eni-0a", 9, 0, 1),
				impactRow("-", "-", "-", "-", "eni-0a", 9, 0, 1),
			},
			want: []Flow{},
		},
		{
			name: "blocked side: source, destination, both; ranked by flows then bytes",
			rows: []analysis.Row{
				impactRow("198.51.100.7", "10.0.1.5", "22", "6", "eni-0a", 1, 0, 1),
				impactRow("198.51.100.7", "192.0.2.1", "443", "6", "-", 5, 0, 1),
				impactRow("10.0.1.5", "198.51.100.9", "443", "6", "eni-0a", 5, 0, 1),
			},
			want: []Flow{
				{Src: "10.0.1.5", Dst: "198.51.100.9", DstPort: "443", Protocol: "6", Blocked: "dst", Flows: 5, Packets: 50, Bytes: 5000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
				{Src: "198.51.100.7", Dst: "192.0.2.1", DstPort: "443", Protocol: "6", Blocked: "both", Flows: 5, Packets: 50, Bytes: 5000, First: ts(0), Last: ts(1), Interfaces: []string{}},
				{Src: "198.51.100.7", Dst: "10.0.1.5", DstPort: "22", Protocol: "6", Blocked: "src", Flows: 1, Packets: 10, Bytes: 1000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
			},
		},
		{
			name: "addresses order numerically",
			rows: []analysis.Row{
				impactRow("10.0.0.10", "198.51.100.7", "443", "6", "eni-0a", 1, 0, 1),
				impactRow("10.0.0.9", "198.51.100.7", "443", "6", "eni-0a", 1, 0, 1),
			},
			want: []Flow{
				{Src: "10.0.0.9", Dst: "198.51.100.7", DstPort: "443", Protocol: "6", Blocked: "dst", Flows: 1, Packets: 10, Bytes: 1000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
				{Src: "10.0.0.10", Dst: "198.51.100.7", DstPort: "443", Protocol: "6", Blocked: "dst", Flows: 1, Packets: 10, Bytes: 1000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := &analysis.Result{By: By, Rows: tc.rows, Coverage: analysis.Coverage{Files: 1, Records: 42}}
			im, err := Fold(res, block, except)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(im.Flows, tc.want) {
				t.Errorf("flows:\n got %+v\nwant %+v", im.Flows, tc.want)
			}
			if im.Found() != (len(tc.want) > 0) || im.Coverage.Records != 42 {
				t.Errorf("found %v, coverage %+v", im.Found(), im.Coverage)
			}
		})
	}
}

func TestFoldImpactColumns(t *testing.T) {
	block := testenv.Prefixes("198.51.100.0/24")
	permuted := &analysis.Result{
		By:   []string{"protocol", "dst-endpoint", "dstport", "src-endpoint"},
		Rows: []analysis.Row{{Keys: []string{"17", "198.51.100.7", "53", "10.0.1.5"}, Flows: 2}},
	}
	im, err := Fold(permuted, block, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Flow{{Src: "10.0.1.5", Dst: "198.51.100.7", DstPort: "53", Protocol: "17", Blocked: "dst", Flows: 2, Interfaces: []string{}}}
	if !reflect.DeepEqual(im.Flows, want) {
		t.Errorf("permuted columns, no interface-id:\n got %+v\nwant %+v", im.Flows, want)
	}
	_, err = Fold(&analysis.Result{By: []string{"srcaddr", "dstaddr"}}, block, nil)
	if err == nil || !strings.Contains(err.Error(), "not grouped by src-endpoint") {
		t.Errorf("got %v, want an error about the missing endpoint grouping", err)
	}
}

func TestImpactQuery(t *testing.T) {
	base := analysis.Query{Since: ts(0), Interfaces: []string{"eni-0a"}, By: analysis.DefaultBy, Top: 20, Sort: "bytes"}
	q := Query(base, testenv.Prefixes("0.0.0.0/0"), testenv.Prefixes("10.0.0.0/8"))
	want := analysis.Query{Since: ts(0), Interfaces: []string{"eni-0a"}, By: By, Top: 0, Sort: "flows",
		Block: testenv.Prefixes("0.0.0.0/0"), Except: testenv.Prefixes("10.0.0.0/8")}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("got %+v, want %+v", q, want)
	}
}

func TestIsBlocked(t *testing.T) {
	block, except := testenv.Prefixes("0.0.0.0/0", "2001:db8::/32"), testenv.Prefixes("203.0.113.0/24", "2001:db8:1::/48")
	tests := []struct {
		addr string
		want bool
	}{
		{"198.51.100.7", true},
		{"203.0.113.7", false},
		{"203.0.112.255", true},
		{"::ffff:198.51.100.7", true},
		{"2001:db8::1", true},
		{"2001:db8:1::1", false},
		{"2001:db9::1", false},
		{"-", false},
		{"not-an-ip", false},
	}
	for _, tc := range tests {
		t.Run(tc.addr, func(t *testing.T) {
			if got := IsBlocked(tc.addr, block, except); got != tc.want {
				t.Errorf("IsBlocked(%s) = %v, want %v", tc.addr, got, tc.want)
			}
		})
	}
}

func TestExceptWarnings(t *testing.T) {
	got := ExceptWarnings(testenv.Prefixes("198.51.100.0/24"), testenv.Prefixes("198.51.100.128/25", "203.0.113.0/24"))
	want := []string{"--except 203.0.113.0/24 overlaps no --block prefix: it excludes nothing"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
