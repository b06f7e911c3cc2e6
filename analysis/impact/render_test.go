package impact

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/identify/identifytest"
	"github.com/aclprobe/aclprobe/analysis/render"
	"github.com/aclprobe/aclprobe/internal/golden"
	"github.com/aclprobe/aclprobe/internal/testenv"
)

// paymentImpact is the payment-path story: block everything but the
// payment provider's /24 and see what else the service talks to.
func paymentImpact() *Impact {
	res := &analysis.Result{
		By: By,
		Rows: []analysis.Row{
			impactRow("10.0.1.5", "198.51.100.7", "443", "6", "eni-0a1b2c3d4e5f60001", 40, 0, 1430),
			impactRow("10.0.1.5", "198.51.100.7", "443", "6", "eni-0a1b2c3d4e5f60002", 2, 600, 610),
			impactRow("10.0.1.6", "192.0.2.53", "53", "17", "eni-0a1b2c3d4e5f60002", 7, 60, 900),
			impactRow("198.51.100.99", "10.0.1.5", "22", "6", "-", 1, 300, 301),
			impactRow("10.0.1.6", "2001:db8::7", "0", "58", "eni-0a1b2c3d4e5f60002", 1, 300, 301),
			impactRow("10.0.1.5", "52.218.1.1", "443", "6", "eni-0a1b2c3d4e5f60001", 3, 100, 200),
		},
		Coverage: analysis.Coverage{
			Files: 3, Records: 1200, Matched: 51, NoData: 4, SkipData: 2,
			First: ts(0), Last: ts(1440),
			Interfaces: []string{"eni-0a1b2c3d4e5f60001", "eni-0a1b2c3d4e5f60002"},
		},
	}
	im, err := Fold(res, testenv.Prefixes("0.0.0.0/0", "::/0"), testenv.Prefixes("10.0.0.0/8", "203.0.113.0/24"))
	if err != nil {
		panic(err)
	}
	return im
}

func TestWriteImpact(t *testing.T) {
	found := paymentImpact()
	none := &Impact{Block: found.Block, Except: found.Except, Flows: []Flow{},
		Coverage: analysis.Coverage{Files: 1, Records: 10, First: ts(0), Last: ts(60), Interfaces: []string{"eni-0a1b2c3d4e5f60001"}}}
	identified := paymentImpact()
	rdns := &identifytest.Resolver{Names: map[string][]string{"198.51.100.99": {"scanner.example.net."}}}
	if err := identified.Annotate(context.Background(), identifytest.Identifier(t, rdns)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		im   *Impact
	}{{"found", found}, {"none", none}, {"identified", identified}} {
		for _, format := range render.Formats {
			t.Run(tc.name+"."+format, func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, tc.im, format); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, "impact/"+tc.name+"."+format, buf.Bytes())
			})
		}
		t.Run(tc.name+".evidence", func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteEvidence(&buf, tc.im); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "impact/"+tc.name+".evidence", buf.Bytes())
		})
	}
	if err := Write(&bytes.Buffer{}, found, "yaml"); err == nil || !strings.Contains(err.Error(), "want table, csv, json") {
		t.Errorf("format yaml: got %v", err)
	}
}

func TestImpactEvidenceWarnings(t *testing.T) {
	var ifaces []string
	for i := range 12 {
		ifaces = append(ifaces, fmt.Sprintf("eni-%02d", i))
	}
	tests := []struct {
		name string
		cov  analysis.Coverage
		want []string
	}{
		{name: "no records", cov: analysis.Coverage{Files: 2}, want: []string{"no flow record was read", "no interface-id"}},
		{
			name: "a file not read to the end", cov: analysis.Coverage{Files: 2, Records: 5, BadFiles: []string{"read b.log.gz: truncated gzip: unexpected EOF"}},
			want: []string{"warning: 1 file could not be read to the end", "  read b.log.gz: truncated gzip"},
		},
		{
			name: "odd capture windows", cov: analysis.Coverage{Records: 5, OddWindows: 2},
			want: []string{"warning: 2 records have a capture window that ends before it starts"},
		},
		{
			name: "malformed", cov: analysis.Coverage{Records: 5, Malformed: 3, MalformedExamples: []string{"a.log:7: malformed line: 13 fields, want 14"}},
			want: []string{"3 malformed lines skipped; first:\n  a.log:7: malformed line: 13 fields"},
		},
		{name: "many interfaces", cov: analysis.Coverage{Records: 5, Interfaces: ifaces}, want: []string{"12 interfaces: eni-00,", "eni-09, and 2 more"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteEvidence(&buf, &Impact{Block: testenv.Prefixes("0.0.0.0/0"), Coverage: tc.cov}); err != nil {
				t.Fatal(err)
			}
			for _, w := range append(tc.want, "caveat: flow logs never record", "verdict: blocking 0.0.0.0/0 would cut no observed flow") {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("evidence does not say %q:\n%s", w, buf.String())
				}
			}
		})
	}
}

func TestPortProto(t *testing.T) {
	tests := []struct{ port, proto, want string }{
		{"443", "6", "443/tcp"},
		{"53", "17", "53/udp"},
		{"0", "1", "icmp"},
		{"0", "58", "icmpv6"},
		{"0", "6", "0/tcp"},
		{"4500", "99", "4500/99"},
		{"-", "6", "tcp"},
		{"443", "-", "443"},
	}
	for _, tc := range tests {
		if got := portProto(tc.port, tc.proto); got != tc.want {
			t.Errorf("portProto(%s, %s) = %q, want %q", tc.port, tc.proto, got, tc.want)
		}
	}
}
