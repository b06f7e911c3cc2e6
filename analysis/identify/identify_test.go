package identify

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func fixtureIdentifier(t testing.TB, rdns Resolver) *Identifier {
	t.Helper()
	id, err := New(Options{
		IPRangesFile: filepath.Join("testdata", "ip-ranges.json"),
		VendorRanges: map[string]string{"datadog": filepath.Join("testdata", "datadog.json")},
		RDNS:         rdns != nil,
		RDNSTimeout:  50 * time.Millisecond,
		Resolver:     rdns,
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestIdentify(t *testing.T) {
	id := fixtureIdentifier(t, nil)
	tests := []struct {
		name       string
		addr       string
		awsService string
		want       Label
	}{
		{name: "record's service wins", addr: "52.218.1.1", awsService: "DYNAMODB", want: Label{"DYNAMODB", "pkt-dst-aws-service"}},
		{name: "service without address", awsService: "S3", want: Label{"S3", "pkt-dst-aws-service"}},
		{name: "absent service falls back to ranges", addr: "52.218.1.1", awsService: "-", want: Label{"S3 (eu-west-1)", "ip-ranges"}},
		{name: "S3 beats EC2 on the same prefix", addr: "3.5.140.5", want: Label{"S3 (ap-northeast-2)", "ip-ranges"}},
		{name: "AMAZON when nothing else matches", addr: "3.4.12.4", want: Label{"AMAZON (eu-west-1)", "ip-ranges"}},
		{name: "shorter EC2 beats longer AMAZON", addr: "140.179.15.10", want: Label{"EC2 (cn-north-1)", "ip-ranges"}},
		{name: "longest specific prefix wins", addr: "99.77.130.1", want: Label{"EC2 (us-west-2)", "ip-ranges"}},
		{name: "outside the longer prefix", addr: "99.77.129.1", want: Label{"CHIME_MEETINGS (GLOBAL)", "ip-ranges"}},
		{name: "global region", addr: "13.33.0.1", want: Label{"CLOUDFRONT (GLOBAL)", "ip-ranges"}},
		{name: "vendor /32 beats EC2 /14", addr: "107.21.15.22", want: Label{"datadog (agents)", "vendor:datadog"}},
		{name: "vendor /24 beats EC2 /14", addr: "107.21.16.200", want: Label{"datadog (logs)", "vendor:datadog"}},
		{name: "vendor neighbour is EC2", addr: "107.21.15.23", want: Label{"EC2 (us-east-1)", "ip-ranges"}},
		{name: "prefix in two vendor sections", addr: "34.192.143.1", want: Label{"datadog (agents/api)", "vendor:datadog"}},
		{name: "ipv6 aws", addr: "2a05:d018:1::1", want: Label{"EC2 (eu-west-1)", "ip-ranges"}},
		{name: "ipv6 vendor", addr: "2600:1f18:24e6:b9aa::1", want: Label{"datadog (logs)", "vendor:datadog"}},
		{name: "ipv4-mapped ipv6", addr: "::ffff:52.218.1.1", want: Label{"S3 (eu-west-1)", "ip-ranges"}},
		{name: "unknown address", addr: "192.0.2.1", want: Label{}},
		{name: "no address", want: Label{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var addr netip.Addr
			if tc.addr != "" {
				addr = netip.MustParseAddr(tc.addr)
			}
			if got := id.Identify(context.Background(), addr, tc.awsService); got != tc.want {
				t.Errorf("Identify(%s, %q) = %+v, want %+v", tc.addr, tc.awsService, got, tc.want)
			}
		})
	}
}

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

// fakeResolver answers reverse lookups from a table, counts the lookups
// per address, fails for addresses in errs and hangs (until the context
// ends) for those in hang.
type fakeResolver struct {
	names map[string][]string
	errs  map[string]error
	hang  map[string]bool

	mu    sync.Mutex
	calls map[string]int
}

func (r *fakeResolver) LookupAddr(ctx context.Context, addr string) ([]string, error) {
	r.mu.Lock()
	if r.calls == nil {
		r.calls = map[string]int{}
	}
	r.calls[addr]++
	r.mu.Unlock()
	if r.hang[addr] {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if err := r.errs[addr]; err != nil {
		return nil, err
	}
	if n, ok := r.names[addr]; ok {
		return n, nil
	}
	return nil, &dnsNotFound{addr}
}

func (r *fakeResolver) count(addr string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[addr]
}

type dnsNotFound struct{ addr string }

func (e *dnsNotFound) Error() string { return "lookup " + e.addr + ": no such host" }

func TestIdentifyRDNS(t *testing.T) {
	res := &fakeResolver{
		names: map[string][]string{
			"192.0.2.10":   {"api.partner.example.", "www.partner.example."},
			"198.51.100.7": {"mx1.mail.example"},
		},
		errs: map[string]error{"192.0.2.66": errors.New("server misbehaving")},
		hang: map[string]bool{"192.0.2.99": true},
	}
	id := fixtureIdentifier(t, res)
	tests := []struct {
		name string
		addr string
		want Label
	}{
		{name: "first name without the dot", addr: "192.0.2.10", want: Label{"api.partner.example", "rdns"}},
		{name: "name without dot", addr: "198.51.100.7", want: Label{"mx1.mail.example", "rdns"}},
		{name: "ranges before rdns", addr: "52.218.1.1", want: Label{"S3 (eu-west-1)", "ip-ranges"}},
		{name: "no name", addr: "192.0.2.1", want: Label{}},
		{name: "resolver error", addr: "192.0.2.66", want: Label{}},
		{name: "timeout", addr: "192.0.2.99", want: Label{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for range 3 {
				if got := id.Identify(context.Background(), netip.MustParseAddr(tc.addr), ""); got != tc.want {
					t.Fatalf("Identify(%s) = %+v, want %+v", tc.addr, got, tc.want)
				}
			}
			want := 1
			if tc.want.Source == "ip-ranges" {
				want = 0
			}
			if n := res.count(tc.addr); n != want {
				t.Errorf("%d lookups of %s, want %d (cached)", n, tc.addr, want)
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
