package cost

import (
	"fmt"
	"math"
	"time"
)

// GB is the unit AWS prices data in (2^30 bytes, as AWS bills).
const GB = 1 << 30

// Month is the period estimates are scaled to: 30 days.
const Month = 30 * 24 * time.Hour

// HoursPerMonth is AWS's month of hourly charges.
const HoursPerMonth = 730

// MonthlyGB scales bytes observed over span to a 30-day month, in GB. A
// zero span gives zero (no rate can be known).
func MonthlyGB(bytes int64, span time.Duration) float64 {
	if span <= 0 {
		return 0
	}
	return float64(bytes) / GB * float64(Month) / float64(span)
}

// NATMonthly is the NAT gateway data processing cost of gbMonth.
func NATMonthly(p Prices, gbMonth float64) float64 { return gbMonth * p.NATPerGB }

// Kind is the private path a service offers.
type Kind string

// The private paths.
const (
	Gateway   Kind = "gateway"   // gateway endpoint: S3, DynamoDB; no hourly or per-GB cost
	Interface Kind = "interface" // interface endpoint (AWS service or vendor PrivateLink)
)

// EndpointCost compares keeping traffic on the NAT gateway with moving it
// to an endpoint, per month.
type EndpointCost struct {
	Kind        Kind
	GBMonth     float64 // the traffic, scaled to a month
	NATUSD      float64 // its NAT gateway data processing cost
	EndpointUSD float64 // the endpoint's cost for it: hours x AZs + per GB (0 for a gateway endpoint)
	// BreakEvenGB is the monthly traffic above which the endpoint is
	// cheaper; +Inf when the endpoint's per-GB price is not below the
	// NAT gateway's; 0 for a gateway endpoint.
	BreakEvenGB float64
}

// Saving is what moving the traffic saves per month (negative: it costs).
func (c EndpointCost) Saving() float64 { return c.NATUSD - c.EndpointUSD }

// Endpoint prices moving gbMonth to an endpoint of kind in azs
// availability zones.
func Endpoint(kind Kind, gbMonth float64, p Prices, azs int) EndpointCost {
	c := EndpointCost{Kind: kind, GBMonth: gbMonth, NATUSD: NATMonthly(p, gbMonth)}
	if kind == Gateway {
		return c
	}
	fixed := p.EndpointPerHour * float64(azs) * HoursPerMonth
	c.EndpointUSD = fixed + gbMonth*p.EndpointPerGB
	if saved := p.NATPerGB - p.EndpointPerGB; saved > 0 {
		c.BreakEvenGB = fixed / saved
	} else {
		c.BreakEvenGB = math.Inf(1)
	}
	return c
}

// Statement says the comparison in one sentence, e.g. "an interface
// endpoint in 2 AZs is cheaper above 418.3 GB/month; you send 1,210.0
// GB/month (NAT $58.08, endpoint $28.16: saves $29.92/month)".
func (c EndpointCost) Statement(azs int) string {
	if c.Kind == Gateway {
		return fmt.Sprintf("a gateway endpoint costs nothing: it saves the NAT gateway's $%.2f/month on the %.1f GB/month you send", c.NATUSD, c.GBMonth)
	}
	verdict := "saves"
	if c.Saving() < 0 {
		verdict = "costs"
	}
	be := "never cheaper on data processing alone"
	if !math.IsInf(c.BreakEvenGB, 1) {
		be = fmt.Sprintf("cheaper above %.1f GB/month", c.BreakEvenGB)
	}
	return fmt.Sprintf("an interface endpoint in %d AZs is %s; you send %.1f GB/month (NAT $%.2f, endpoint $%.2f: %s $%.2f/month)",
		azs, be, c.GBMonth, c.NATUSD, c.EndpointUSD, verdict, math.Abs(c.Saving()))
}
