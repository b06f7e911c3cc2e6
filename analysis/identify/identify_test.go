package identify_test

import (
	"context"
	"errors"
	"net/netip"
	"testing"

	"github.com/aclprobe/aclprobe/analysis/identify"
	"github.com/aclprobe/aclprobe/analysis/identify/identifytest"
)

func TestIdentify(t *testing.T) {
	id := identifytest.Identifier(t, nil)
	tests := []struct {
		name       string
		addr       string
		awsService string
		want       identify.Label
	}{
		{name: "record's service wins", addr: "52.218.1.1", awsService: "DYNAMODB", want: identify.Label{Service: "DYNAMODB", Source: "pkt-dst-aws-service"}},
		{name: "service without address", awsService: "S3", want: identify.Label{Service: "S3", Source: "pkt-dst-aws-service"}},
		{name: "absent service falls back to ranges", addr: "52.218.1.1", awsService: "-", want: identify.Label{Service: "S3 (eu-west-1)", Source: "ip-ranges"}},
		{name: "S3 beats EC2 on the same prefix", addr: "3.5.140.5", want: identify.Label{Service: "S3 (ap-northeast-2)", Source: "ip-ranges"}},
		{name: "AMAZON when nothing else matches", addr: "3.4.12.4", want: identify.Label{Service: "AMAZON (eu-west-1)", Source: "ip-ranges"}},
		{name: "shorter EC2 beats longer AMAZON", addr: "140.179.15.10", want: identify.Label{Service: "EC2 (cn-north-1)", Source: "ip-ranges"}},
		{name: "longest specific prefix wins", addr: "99.77.130.1", want: identify.Label{Service: "EC2 (us-west-2)", Source: "ip-ranges"}},
		{name: "outside the longer prefix", addr: "99.77.129.1", want: identify.Label{Service: "CHIME_MEETINGS (GLOBAL)", Source: "ip-ranges"}},
		{name: "global region", addr: "13.33.0.1", want: identify.Label{Service: "CLOUDFRONT (GLOBAL)", Source: "ip-ranges"}},
		{name: "vendor /32 beats EC2 /14", addr: "107.21.15.22", want: identify.Label{Service: "datadog (agents)", Source: "vendor:datadog"}},
		{name: "vendor /24 beats EC2 /14", addr: "107.21.16.200", want: identify.Label{Service: "datadog (logs)", Source: "vendor:datadog"}},
		{name: "vendor neighbour is EC2", addr: "107.21.15.23", want: identify.Label{Service: "EC2 (us-east-1)", Source: "ip-ranges"}},
		{name: "prefix in two vendor sections", addr: "34.192.143.1", want: identify.Label{Service: "datadog (agents/api)", Source: "vendor:datadog"}},
		{name: "ipv6 aws", addr: "2a05:d018:1::1", want: identify.Label{Service: "EC2 (eu-west-1)", Source: "ip-ranges"}},
		{name: "ipv6 vendor", addr: "2600:1f18:24e6:b9aa::1", want: identify.Label{Service: "datadog (logs)", Source: "vendor:datadog"}},
		{name: "ipv4-mapped ipv6", addr: "::ffff:52.218.1.1", want: identify.Label{Service: "S3 (eu-west-1)", Source: "ip-ranges"}},
		{name: "unknown address", addr: "192.0.2.1", want: identify.Label{}},
		{name: "no address", want: identify.Label{}},
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

func TestIdentifyRDNS(t *testing.T) {
	res := &identifytest.Resolver{
		Names: map[string][]string{
			"192.0.2.10":   {"api.partner.example.", "www.partner.example."},
			"198.51.100.7": {"mx1.mail.example"},
		},
		Errs: map[string]error{"192.0.2.66": errors.New("server misbehaving")},
		Hang: map[string]bool{"192.0.2.99": true},
	}
	id := identifytest.Identifier(t, res)
	tests := []struct {
		name string
		addr string
		want identify.Label
	}{
		{name: "first name without the dot", addr: "192.0.2.10", want: identify.Label{Service: "api.partner.example", Source: "rdns"}},
		{name: "name without dot", addr: "198.51.100.7", want: identify.Label{Service: "mx1.mail.example", Source: "rdns"}},
		{name: "ranges before rdns", addr: "52.218.1.1", want: identify.Label{Service: "S3 (eu-west-1)", Source: "ip-ranges"}},
		{name: "no name", addr: "192.0.2.1", want: identify.Label{}},
		{name: "resolver error", addr: "192.0.2.66", want: identify.Label{}},
		{name: "timeout", addr: "192.0.2.99", want: identify.Label{}},
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
			if n := res.Count(tc.addr); n != want {
				t.Errorf("%d lookups of %s, want %d (cached)", n, tc.addr, want)
			}
		})
	}
}
