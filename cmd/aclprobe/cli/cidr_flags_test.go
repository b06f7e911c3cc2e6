package cli

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

func TestParseCIDRs(t *testing.T) {
	tests := []struct {
		name    string
		vals    []string
		want    []netip.Prefix
		wantErr []string
	}{
		{name: "list and repeats", vals: []string{"0.0.0.0/0", "10.0.0.0/8,2001:db8::/32"}, want: testenv.Prefixes("0.0.0.0/0", "10.0.0.0/8", "2001:db8::/32")},
		{name: "spaces around commas", vals: []string{"10.0.0.0/8, 192.0.2.0/24"}, want: testenv.Prefixes("10.0.0.0/8", "192.0.2.0/24")},
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
			got, err := parseCIDRs("--block", tc.vals)
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
