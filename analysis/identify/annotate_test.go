package identify_test

import (
	"context"
	"fmt"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/identify"
	"github.com/aclprobe/aclprobe/analysis/identify/identifytest"
)

func TestAnnotate(t *testing.T) {
	res := &identifytest.Resolver{Names: map[string][]string{"192.0.2.10": {"api.partner.example."}}}
	tests := []struct {
		name string
		by   []string
		rows [][]string
		want []identify.Label
	}{
		{
			name: "NAT grouping: record's service, then pkt-dstaddr, then dstaddr",
			by:   analysis.DefaultBy,
			rows: [][]string{
				{"10.0.1.5", "10.0.1.5", "10.0.100.10", "52.218.1.1", "443", "DYNAMODB"},
				{"10.0.1.5", "10.0.1.5", "10.0.100.10", "52.218.1.1", "443", "-"},
				{"-", "10.0.1.5", "13.32.0.10", "-", "443", "-"},
				{"10.0.1.5", "10.0.1.5", "10.0.100.10", "192.0.2.10", "443", "-"},
				{"10.0.1.5", "10.0.1.5", "10.0.100.10", "192.0.2.11", "443", "-"},
			},
			want: []identify.Label{
				{"DYNAMODB", "pkt-dst-aws-service"},
				{"S3 (eu-west-1)", "ip-ranges"},
				{"CLOUDFRONT (GLOBAL)", "ip-ranges"},
				{"api.partner.example", "rdns"},
				{},
			},
		},
		{
			name: "dst-endpoint preferred",
			by:   []string{"src-endpoint", "dst-endpoint", "dstaddr"},
			rows: [][]string{{"10.0.1.5", "107.21.15.22", "10.0.100.10"}},
			want: []identify.Label{{"datadog (agents)", "vendor:datadog"}},
		},
		{
			name: "service column only",
			by:   []string{"pkt-dst-aws-service"},
			rows: [][]string{{"S3"}, {"-"}},
			want: []identify.Label{{"S3", "pkt-dst-aws-service"}, {}},
		},
		{
			name: "value that is not an address",
			by:   []string{"dstaddr"},
			rows: [][]string{{"not-an-ip"}},
			want: []identify.Label{{}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &analysis.Result{By: tc.by}
			for _, k := range tc.rows {
				r.Rows = append(r.Rows, analysis.Row{Keys: k, Flows: 1})
			}
			if err := identifytest.Identifier(t, res).Annotate(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			var got []identify.Label
			for _, row := range r.Rows {
				got = append(got, identify.Label{row.Service, row.ServiceSource})
			}
			if !reflect.DeepEqual(got, tc.want) || !r.Identified {
				t.Errorf("labels %+v (identified %v), want %+v", got, r.Identified, tc.want)
			}
		})
	}
}

func TestAnnotateNeedsDestination(t *testing.T) {
	r := &analysis.Result{By: []string{"srcaddr", "dstport"}, Rows: []analysis.Row{{Keys: []string{"10.0.1.5", "443"}}}}
	err := identifytest.Identifier(t, nil).Annotate(context.Background(), r)
	if err == nil || !strings.Contains(err.Error(), "group by a destination") || r.Identified {
		t.Errorf("got %v (identified %v), want an error asking for a destination field", err, r.Identified)
	}
}

// TestAnnotateRDNSOncePerAddress: many rows sharing few unknown
// destinations cost one lookup per distinct address, done concurrently.
func TestAnnotateRDNSOncePerAddress(t *testing.T) {
	res := &identifytest.Resolver{Names: map[string][]string{}}
	r := &analysis.Result{By: []string{"srcaddr", "dstaddr"}}
	for i := range 200 {
		dst := fmt.Sprintf("192.0.2.%d", i%40)
		res.Names[dst] = []string{"host" + fmt.Sprint(i%40) + ".example."}
		r.Rows = append(r.Rows, analysis.Row{Keys: []string{fmt.Sprintf("10.0.0.%d", i), dst}})
	}
	if err := identifytest.Identifier(t, res).Annotate(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	for i, row := range r.Rows {
		if want := fmt.Sprintf("host%d.example", i%40); row.Service != want || row.ServiceSource != "rdns" {
			t.Fatalf("row %d: %q from %q, want %q from rdns", i, row.Service, row.ServiceSource, want)
		}
	}
	for i := range 40 {
		if n := res.Count(fmt.Sprintf("192.0.2.%d", i)); n != 1 {
			t.Errorf("192.0.2.%d looked up %d times, want 1", i, n)
		}
	}
}

func TestAnnotateCancelled(t *testing.T) {
	res := &identifytest.Resolver{Hang: map[string]bool{"192.0.2.99": true}}
	id, err := identify.New(identify.Options{RDNS: true, Resolver: res})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := &analysis.Result{By: []string{"dstaddr"}, Rows: []analysis.Row{{Keys: []string{"192.0.2.99"}}}}
	if err := id.Annotate(ctx, r); err != context.Canceled {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func BenchmarkIdentifyRanges(b *testing.B) {
	id := identifytest.Identifier(b, nil)
	if real, err := identify.New(identify.Options{IPRangesFile: "/work/shared/ip-ranges/aws_ip-ranges_2026-08-22.json"}); err == nil {
		id = real
	}
	addrs := []netip.Addr{
		netip.MustParseAddr("52.218.1.1"), netip.MustParseAddr("140.179.15.10"),
		netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("2a05:d018::1"),
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		id.Identify(context.Background(), addrs[i%len(addrs)], "")
	}
}
