package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/cost"
)

// costOptions are analyze's --cost flags.
type costOptions struct {
	Enabled         bool
	NATPerGB        float64
	EndpointPerHour float64
	EndpointPerGB   float64
	AZs             int

	set map[string]bool // which price flags were given
}

// addCostFlags binds the cost flags to o.
func addCostFlags(cmd *cobra.Command, o *costOptions) {
	fs := cmd.Flags()
	fs.BoolVar(&o.Enabled, "cost", false, "price the selected traffic as NAT gateway data processing (a nat_usd_month column, scaled to 30 days)\nand what VPC endpoints would save; an estimate from the observed traffic")
	fs.Float64Var(&o.NATPerGB, "nat-price-gb", 0, "with --cost: NAT gateway data processing price, USD per GB (default: the region's built-in price)")
	fs.Float64Var(&o.EndpointPerHour, "endpoint-price-hour", 0, "with --cost: interface endpoint price, USD per hour per AZ (default: the region's)")
	fs.Float64Var(&o.EndpointPerGB, "endpoint-price-gb", 0, "with --cost: interface endpoint data processing price, USD per GB (default: the region's)")
	fs.IntVar(&o.AZs, "azs", 2, "with --cost: availability zones an interface endpoint would span")
}

// check validates the flags; cmd says which were given.
func (o *costOptions) check(cmd *cobra.Command) error {
	o.set = map[string]bool{}
	for _, n := range []string{"nat-price-gb", "endpoint-price-hour", "endpoint-price-gb", "azs"} {
		if cmd.Flags().Changed(n) {
			if !o.Enabled {
				return fmt.Errorf("--%s needs --cost", n)
			}
			o.set[n] = true
		}
	}
	if o.AZs < 1 {
		return fmt.Errorf("--azs %d: want at least 1", o.AZs)
	}
	return nil
}

// prices are the region's prices with the flags applied.
func (o *costOptions) prices(ctx context.Context, aws *AWSConfig) (cost.Prices, error) {
	region, err := aws.region(ctx)
	if err != nil || region == "" {
		return cost.Prices{}, fmt.Errorf("--cost needs the region whose prices apply: pass --region (built in: %s)", strings.Join(cost.Regions(), ", "))
	}
	var ov cost.Overrides
	if o.set["nat-price-gb"] {
		ov.NATPerGB = &o.NATPerGB
	}
	if o.set["endpoint-price-hour"] {
		ov.EndpointPerHour = &o.EndpointPerHour
	}
	if o.set["endpoint-price-gb"] {
		ov.EndpointPerGB = &o.EndpointPerGB
	}
	return cost.For(region, ov)
}

// apply prices every row of res, the result of q, and writes the total
// and the endpoint recommendations to w. The span is the coverage's cut
// to q's --since/--until: only records inside them are counted.
func (o *costOptions) apply(w io.Writer, res *analysis.Result, q analysis.Query, p cost.Prices) {
	span := res.Coverage.Span(q)
	res.Costed = true
	svcCol := slices.Index(res.By, "pkt-dst-aws-service")
	type svc struct {
		name  string
		kind  cost.Kind
		bytes int64
	}
	var services []*svc
	byName := map[string]*svc{}
	var rowBytes int64
	for i := range res.Rows {
		r := &res.Rows[i]
		r.NATUSDMonth = math.Round(cost.NATMonthly(p, cost.MonthlyGB(r.Bytes, span))*100) / 100
		rowBytes += r.Bytes
		guess := r.Service
		if guess == "" && svcCol >= 0 {
			guess = r.Keys[svcCol]
		}
		text := cost.GuessText(guess, r.ServiceSource, strings.Join(r.DNSNames, " "))
		path, ok := cost.PathFor(text)
		if !ok {
			continue
		}
		name := "PrivateLink to " + path.Vendor
		if path.Vendor == "" {
			name = path.Service.Name + " (com.amazonaws." + p.Region + "." + path.Service.Endpoint + ")"
		}
		if byName[name] == nil {
			byName[name] = &svc{name: name, kind: path.Kind}
			services = append(services, byName[name])
		}
		byName[name].bytes += r.Bytes
	}
	if span <= 0 {
		fmt.Fprintln(w, "cost: the evidence has no time span, so no monthly rate can be estimated")
		return
	}
	gb := cost.MonthlyGB(rowBytes, span)
	fmt.Fprintf(w, "cost: the %d rows shown carry %.1f GB/month through the NAT gateway (%s of evidence scaled to 30 days): $%.2f/month of data processing at $%.3f/GB (%s)\n",
		len(res.Rows), gb, span.Round(1e9), cost.NATMonthly(p, gb), p.NATPerGB, p.Region)
	slices.SortFunc(services, func(a, b *svc) int { return cmp.Or(cmp.Compare(b.bytes, a.bytes), cmp.Compare(a.name, b.name)) })
	for _, s := range services {
		ec := cost.Endpoint(s.kind, cost.MonthlyGB(s.bytes, span), p, o.AZs)
		fmt.Fprintf(w, "cost: %s: %s\n", s.name, ec.Statement(o.AZs))
	}
	fmt.Fprintln(w, "cost: an estimate from the observed traffic and list prices (see README); NAT hourly charges and data transfer out are not included")
}
