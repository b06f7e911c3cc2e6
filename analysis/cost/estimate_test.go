package cost

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMonthlyGB(t *testing.T) {
	tests := []struct {
		name  string
		bytes int64
		span  time.Duration
		want  float64
	}{
		{"one GB a day is thirty a month", GB, 24 * time.Hour, 30},
		{"a week of 7 GB is 30 a month", 7 * GB, 7 * 24 * time.Hour, 30},
		{"a whole month stays", 100 * GB, Month, 100},
		{"an hour scales by 720", GB / 2, time.Hour, 360},
		{"no span: no rate", GB, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := MonthlyGB(tc.bytes, tc.span); !near(got, tc.want) {
				t.Errorf("MonthlyGB(%d, %s) = %v, want %v", tc.bytes, tc.span, got, tc.want)
			}
		})
	}
}

func TestEndpoint(t *testing.T) {
	eu, err := For("eu-west-1", Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                  string
		kind                  Kind
		gb                    float64
		azs                   int
		nat, endpoint, breakE float64
		statement             string
	}{
		{"gateway endpoint: all saved", Gateway, 1000, 2, 48, 0, 0, "a gateway endpoint costs nothing: it saves the NAT gateway's $48.00/month on the 1000.0 GB/month you send"},
		// fixed = 0.011 x 2 x 730 = 16.06; saved per GB = 0.048 - 0.01 = 0.038; break-even 422.63 GB
		{"interface endpoint above break-even", Interface, 1000, 2, 48, 16.06 + 10, 16.06 / 0.038,
			"an interface endpoint in 2 AZs is cheaper above 422.6 GB/month; you send 1000.0 GB/month (NAT $48.00, endpoint $26.06: saves $21.94/month)"},
		{"interface endpoint below break-even", Interface, 100, 3, 4.8, 0.011*3*730 + 1, 0.011 * 3 * 730 / 0.038,
			"an interface endpoint in 3 AZs is cheaper above 633.9 GB/month; you send 100.0 GB/month (NAT $4.80, endpoint $25.09: costs $20.29/month)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Endpoint(tc.kind, tc.gb, eu, tc.azs)
			if !near(c.NATUSD, tc.nat) || !near(c.EndpointUSD, tc.endpoint) || !near(c.BreakEvenGB, tc.breakE) {
				t.Errorf("Endpoint = NAT %v, endpoint %v, break-even %v; want %v, %v, %v", c.NATUSD, c.EndpointUSD, c.BreakEvenGB, tc.nat, tc.endpoint, tc.breakE)
			}
			if got := c.Statement(tc.azs); got != tc.statement {
				t.Errorf("Statement:\n got %s\nwant %s", got, tc.statement)
			}
		})
	}
	// An endpoint per-GB price not below the NAT's never breaks even.
	odd := eu
	odd.EndpointPerGB = 0.05
	if c := Endpoint(Interface, 1e6, odd, 1); !math.IsInf(c.BreakEvenGB, 1) || !strings.Contains(c.Statement(1), "never cheaper") {
		t.Errorf("break-even %v, statement %q; want +Inf and 'never cheaper'", c.BreakEvenGB, c.Statement(1))
	}
}

func TestFor(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name    string
		region  string
		o       Overrides
		wantNAT float64
		wantErr string
	}{
		{"built in", "us-east-1", Overrides{}, 0.045, ""},
		{"override one price", "eu-west-1", Overrides{NATPerGB: f(0.05)}, 0.05, ""},
		{"unknown region needs every price", "me-south-1", Overrides{NATPerGB: f(0.05)}, 0, "no built-in prices for region \"me-south-1\""},
		{"unknown region with every price", "me-south-1", Overrides{NATPerGB: f(0.06), EndpointPerHour: f(0.012), EndpointPerGB: f(0.01)}, 0.06, ""},
		{"negative price", "eu-west-1", Overrides{EndpointPerGB: f(-1)}, 0, "--endpoint-price-gb -1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := For(tc.region, tc.o)
			if testenv.WantErr(t, err, tc.wantErr) {
				return
			}
			if p.NATPerGB != tc.wantNAT || p.Region != tc.region {
				t.Errorf("For = %+v; want NAT %v", p, tc.wantNAT)
			}
		})
	}
}
