package analysis

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"
)

func prefixes(s ...string) []netip.Prefix {
	var out []netip.Prefix
	for _, v := range s {
		out = append(out, netip.MustParsePrefix(v))
	}
	return out
}

// ts is 2026-11-20 plus minutes.
func ts(min int) time.Time {
	return time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC).Add(time.Duration(min) * time.Minute)
}

func impactRow(src, dst, port, proto, iface string, flows int64, first, last int) Row {
	return Row{Keys: []string{src, dst, port, proto, iface}, Flows: flows, Packets: flows * 10, Bytes: flows * 1000,
		First: ts(first), Last: ts(last)}
}

func TestFoldImpact(t *testing.T) {
	block, except := prefixes("0.0.0.0/0"), prefixes("10.0.0.0/8", "203.0.113.0/24")
	tests := []struct {
		name string
		rows []Row
		want []ImpactFlow
	}{
		{
			name: "interfaces of one pair fold into one flow",
			rows: []Row{
				impactRow("10.0.1.5", "198.51.100.7", "443", "6", "eni-0b", 3, 10, 20),
				impactRow("10.0.1.5", "198.51.100.7", "443", "6", "eni-0a", 2, 5, 30),
				impactRow("10.0.1.5", "198.51.100.7", "443", "6", "eni-0b", 1, 7, 8),
			},
			want: []ImpactFlow{{Src: "10.0.1.5", Dst: "198.51.100.7", DstPort: "443", Protocol: "6", Blocked: "dst",
				Flows: 6, Packets: 60, Bytes: 6000, First: ts(5), Last: ts(30), Interfaces: []string{"eni-0a", "eni-0b"}}},
		},
		{
			name: "ports and protocols stay apart",
			rows: []Row{
				impactRow("10.0.1.5", "198.51.100.7", "443", "6", "eni-0a", 1, 0, 1),
				impactRow("10.0.1.5", "198.51.100.7", "53", "17", "eni-0a", 1, 0, 1),
				impactRow("10.0.1.5", "198.51.100.7", "53", "6", "eni-0a", 1, 0, 1),
			},
			want: []ImpactFlow{
				{Src: "10.0.1.5", Dst: "198.51.100.7", DstPort: "53", Protocol: "6", Blocked: "dst", Flows: 1, Packets: 10, Bytes: 1000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
				{Src: "10.0.1.5", Dst: "198.51.100.7", DstPort: "53", Protocol: "17", Blocked: "dst", Flows: 1, Packets: 10, Bytes: 1000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
				{Src: "10.0.1.5", Dst: "198.51.100.7", DstPort: "443", Protocol: "6", Blocked: "dst", Flows: 1, Packets: 10, Bytes: 1000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
			},
		},
		{
			name: "excepted and internal pairs are dropped",
			rows: []Row{
				impactRow("10.0.1.5", "203.0.113.10", "443", "6", "eni-0a", 9, 0, 1),
				impactRow("10.0.1.5", "10.0.2.8", "5432", "6", "eni-0a", 9, 0, 1),
				impactRow("-", "-", "-", "-", "eni-0a", 9, 0, 1),
			},
			want: []ImpactFlow{},
		},
		{
			name: "blocked side: source, destination, both; ranked by flows then bytes",
			rows: []Row{
				impactRow("198.51.100.7", "10.0.1.5", "22", "6", "eni-0a", 1, 0, 1),
				impactRow("198.51.100.7", "192.0.2.1", "443", "6", "-", 5, 0, 1),
				impactRow("10.0.1.5", "198.51.100.9", "443", "6", "eni-0a", 5, 0, 1),
			},
			want: []ImpactFlow{
				{Src: "10.0.1.5", Dst: "198.51.100.9", DstPort: "443", Protocol: "6", Blocked: "dst", Flows: 5, Packets: 50, Bytes: 5000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
				{Src: "198.51.100.7", Dst: "192.0.2.1", DstPort: "443", Protocol: "6", Blocked: "both", Flows: 5, Packets: 50, Bytes: 5000, First: ts(0), Last: ts(1), Interfaces: []string{}},
				{Src: "198.51.100.7", Dst: "10.0.1.5", DstPort: "22", Protocol: "6", Blocked: "src", Flows: 1, Packets: 10, Bytes: 1000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
			},
		},
		{
			name: "addresses order numerically",
			rows: []Row{
				impactRow("10.0.0.10", "198.51.100.7", "443", "6", "eni-0a", 1, 0, 1),
				impactRow("10.0.0.9", "198.51.100.7", "443", "6", "eni-0a", 1, 0, 1),
			},
			want: []ImpactFlow{
				{Src: "10.0.0.9", Dst: "198.51.100.7", DstPort: "443", Protocol: "6", Blocked: "dst", Flows: 1, Packets: 10, Bytes: 1000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
				{Src: "10.0.0.10", Dst: "198.51.100.7", DstPort: "443", Protocol: "6", Blocked: "dst", Flows: 1, Packets: 10, Bytes: 1000, First: ts(0), Last: ts(1), Interfaces: []string{"eni-0a"}},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := &Result{By: ImpactBy, Rows: tc.rows, Coverage: Coverage{Files: 1, Records: 42}}
			im, err := FoldImpact(res, block, except)
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
	block := prefixes("198.51.100.0/24")
	permuted := &Result{
		By:   []string{"protocol", "dst-endpoint", "dstport", "src-endpoint"},
		Rows: []Row{{Keys: []string{"17", "198.51.100.7", "53", "10.0.1.5"}, Flows: 2}},
	}
	im, err := FoldImpact(permuted, block, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []ImpactFlow{{Src: "10.0.1.5", Dst: "198.51.100.7", DstPort: "53", Protocol: "17", Blocked: "dst", Flows: 2, Interfaces: []string{}}}
	if !reflect.DeepEqual(im.Flows, want) {
		t.Errorf("permuted columns, no interface-id:\n got %+v\nwant %+v", im.Flows, want)
	}
	_, err = FoldImpact(&Result{By: []string{"srcaddr", "dstaddr"}}, block, nil)
	if err == nil || !strings.Contains(err.Error(), "not grouped by src-endpoint") {
		t.Errorf("got %v, want an error about the missing endpoint grouping", err)
	}
}

func TestImpactQuery(t *testing.T) {
	base := Query{Since: ts(0), Interfaces: []string{"eni-0a"}, By: DefaultBy, Top: 20, Sort: "bytes"}
	q := ImpactQuery(base, prefixes("0.0.0.0/0"), prefixes("10.0.0.0/8"))
	want := Query{Since: ts(0), Interfaces: []string{"eni-0a"}, By: ImpactBy, Top: 0, Sort: "flows",
		Block: prefixes("0.0.0.0/0"), Except: prefixes("10.0.0.0/8")}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("got %+v, want %+v", q, want)
	}
}

func TestIsBlocked(t *testing.T) {
	block, except := prefixes("0.0.0.0/0", "2001:db8::/32"), prefixes("203.0.113.0/24", "2001:db8:1::/48")
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

func TestParseCIDRs(t *testing.T) {
	tests := []struct {
		name    string
		vals    []string
		want    []netip.Prefix
		wantErr []string
	}{
		{name: "list and repeats", vals: []string{"0.0.0.0/0", "10.0.0.0/8,2001:db8::/32"}, want: prefixes("0.0.0.0/0", "10.0.0.0/8", "2001:db8::/32")},
		{name: "spaces around commas", vals: []string{"10.0.0.0/8, 192.0.2.0/24"}, want: prefixes("10.0.0.0/8", "192.0.2.0/24")},
		{name: "host bits", vals: []string{"10.0.1.5/16"}, wantErr: []string{`--block "10.0.1.5/16": host bits set: did you mean 10.0.0.0/16?`}},
		{name: "bare address", vals: []string{"198.51.100.7"}, wantErr: []string{"did you mean 198.51.100.7/32?"}},
		{name: "bare ipv6 address", vals: []string{"2001:db8::1"}, wantErr: []string{"did you mean 2001:db8::1/128?"}},
		{name: "garbage", vals: []string{"payments"}, wantErr: []string{`"payments": not a CIDR`}},
		{name: "empty element", vals: []string{"10.0.0.0/8,"}, wantErr: []string{"empty value"}},
		{name: "mapped", vals: []string{"::ffff:10.0.0.0/104"}, wantErr: []string{"IPv4-mapped"}},
		{name: "every problem at once", vals: []string{"10.0.1.5/16", "x", "10.0.0.0/8"}, wantErr: []string{"10.0.1.5/16", `"x"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseCIDRs("--block", tc.vals)
			if len(tc.wantErr) == 0 {
				if err != nil || !reflect.DeepEqual(got, tc.want) {
					t.Errorf("got %v, %v; want %v", got, err, tc.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("got %v, want an error", got)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestExceptWarnings(t *testing.T) {
	got := ExceptWarnings(prefixes("198.51.100.0/24"), prefixes("198.51.100.128/25", "203.0.113.0/24"))
	want := []string{"--except 203.0.113.0/24 overlaps no --block prefix: it excludes nothing"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
