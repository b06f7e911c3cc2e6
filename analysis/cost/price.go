package cost

import (
	"fmt"
	"slices"
	"strings"
)

// PriceSource says where the built-in prices come from and when they were
// compiled; the README repeats it.
const PriceSource = "AWS list prices (USD) from the Amazon VPC pricing page (NAT gateway) and the AWS PrivateLink pricing page " +
	"(interface endpoints, first PB per month), as compiled on 2026-12-04; check aws.amazon.com/vpc/pricing before deciding"

// Prices are the prices one estimate uses.
type Prices struct {
	Region          string
	NATPerGB        float64 // NAT gateway data processing, USD per GB
	NATPerHour      float64 // NAT gateway hourly charge, USD
	EndpointPerHour float64 // interface endpoint, USD per hour per AZ
	EndpointPerGB   float64 // interface endpoint data processing, USD per GB
}

// builtin are the list prices of the common regions.
var builtin = map[string]Prices{
	"us-east-1":      {NATPerGB: 0.045, NATPerHour: 0.045, EndpointPerHour: 0.010, EndpointPerGB: 0.01},
	"us-east-2":      {NATPerGB: 0.045, NATPerHour: 0.045, EndpointPerHour: 0.010, EndpointPerGB: 0.01},
	"us-west-1":      {NATPerGB: 0.048, NATPerHour: 0.048, EndpointPerHour: 0.011, EndpointPerGB: 0.01},
	"us-west-2":      {NATPerGB: 0.045, NATPerHour: 0.045, EndpointPerHour: 0.010, EndpointPerGB: 0.01},
	"ca-central-1":   {NATPerGB: 0.050, NATPerHour: 0.050, EndpointPerHour: 0.011, EndpointPerGB: 0.01},
	"eu-west-1":      {NATPerGB: 0.048, NATPerHour: 0.048, EndpointPerHour: 0.011, EndpointPerGB: 0.01},
	"eu-west-2":      {NATPerGB: 0.050, NATPerHour: 0.050, EndpointPerHour: 0.011, EndpointPerGB: 0.01},
	"eu-central-1":   {NATPerGB: 0.052, NATPerHour: 0.052, EndpointPerHour: 0.012, EndpointPerGB: 0.01},
	"ap-south-1":     {NATPerGB: 0.056, NATPerHour: 0.056, EndpointPerHour: 0.011, EndpointPerGB: 0.01},
	"ap-southeast-1": {NATPerGB: 0.059, NATPerHour: 0.059, EndpointPerHour: 0.013, EndpointPerGB: 0.01},
	"ap-southeast-2": {NATPerGB: 0.059, NATPerHour: 0.059, EndpointPerHour: 0.013, EndpointPerGB: 0.01},
	"ap-northeast-1": {NATPerGB: 0.062, NATPerHour: 0.062, EndpointPerHour: 0.013, EndpointPerGB: 0.01},
	"sa-east-1":      {NATPerGB: 0.093, NATPerHour: 0.093, EndpointPerHour: 0.017, EndpointPerGB: 0.01},
}

// Regions lists the regions with built-in prices, sorted.
func Regions() []string {
	out := make([]string, 0, len(builtin))
	for r := range builtin {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// Overrides are prices given on the command line; nil keeps the table's.
type Overrides struct {
	NATPerGB, EndpointPerHour, EndpointPerGB *float64
}

// For returns the prices of region with o applied. A region without
// built-in prices needs every price in o.
func For(region string, o Overrides) (Prices, error) {
	p, ok := builtin[region]
	p.Region = region
	if !ok && (o.NATPerGB == nil || o.EndpointPerHour == nil || o.EndpointPerGB == nil) {
		return p, fmt.Errorf("no built-in prices for region %q (built in: %s): give --nat-price-gb, --endpoint-price-hour and --endpoint-price-gb",
			region, strings.Join(Regions(), ", "))
	}
	for _, x := range []struct {
		v    *float64
		dst  *float64
		flag string
	}{{o.NATPerGB, &p.NATPerGB, "--nat-price-gb"}, {o.EndpointPerHour, &p.EndpointPerHour, "--endpoint-price-hour"}, {o.EndpointPerGB, &p.EndpointPerGB, "--endpoint-price-gb"}} {
		if x.v == nil {
			continue
		}
		if *x.v < 0 {
			return p, fmt.Errorf("%s %g: want a price of zero or more", x.flag, *x.v)
		}
		*x.dst = *x.v
	}
	return p, nil
}
