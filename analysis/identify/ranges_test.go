package identify

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewIdentifierErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{name: "missing ip-ranges", opts: Options{IPRangesFile: filepath.Join(dir, "nope.json")}, want: "ip-ranges: open"},
		{name: "ip-ranges not json", opts: Options{IPRangesFile: write("a.json", "<html>")}, want: "a.json: decode"},
		{name: "ip-ranges without prefixes", opts: Options{IPRangesFile: write("b.json", `{"syncToken":"1"}`)}, want: "not an AWS ip-ranges.json"},
		{
			name: "bad aws prefix",
			opts: Options{IPRangesFile: write("c.json", `{"prefixes":[{"ip_prefix":"10.0.0.0/33","region":"r","service":"S3"}]}`)},
			want: `prefix "10.0.0.0/33" (S3)`,
		},
		{
			name: "vendor without sections",
			opts: Options{VendorRanges: map[string]string{"acme": write("d.json", `{"version":1}`)}},
			want: "vendor ranges acme " + filepath.Join(dir, "d.json") + ": no prefixes_ipv4",
		},
		{
			name: "bad vendor prefix",
			opts: Options{VendorRanges: map[string]string{"acme": write("e.json", `{"logs":{"prefixes_ipv4":["1.2.3"]}}`)}},
			want: `section logs: prefix "1.2.3"`,
		},
		{
			name: "empty vendor name",
			opts: Options{VendorRanges: map[string]string{"": "x.json"}},
			want: "empty vendor name",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestIdentifyRealRanges(t *testing.T) {
	const dir = "/work/shared/ip-ranges"
	aws, dd := filepath.Join(dir, "aws_ip-ranges_2026-08-22.json"), filepath.Join(dir, "datadog_ip-ranges_2019-05-23.json")
	for _, f := range []string{aws, dd} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("shared ranges not here: %v", err)
		}
	}
	id, err := New(Options{IPRangesFile: aws, VendorRanges: map[string]string{"datadog": dd}})
	if err != nil {
		t.Fatal(err)
	}
	if n := id.ranges.specific.len() + id.ranges.amazon.len(); n < 10000 {
		t.Errorf("%d distinct prefixes loaded, want more than 10000", n)
	}
	for addr, want := range map[string]Label{
		"52.218.1.1":    {"S3 (eu-west-1)", "ip-ranges"},
		"3.5.140.5":     {"S3 (ap-northeast-2)", "ip-ranges"},
		"3.4.12.4":      {"AMAZON (eu-west-1)", "ip-ranges"},
		"140.179.15.10": {"EC2 (cn-north-1)", "ip-ranges"},
		"13.32.0.10":    {"CLOUDFRONT (GLOBAL)", "ip-ranges"},
		"99.77.130.1":   {"EC2 (us-west-2)", "ip-ranges"},
		"2a05:d018::1":  {"EC2 (eu-west-1)", "ip-ranges"},
		"107.21.15.22":  {"datadog (agents)", "vendor:datadog"},
		"10.0.0.1":      {},
	} {
		if got := id.Identify(context.Background(), netip.MustParseAddr(addr), ""); got != want {
			t.Errorf("Identify(%s) = %+v, want %+v", addr, got, want)
		}
	}
}
