package report

import (
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/analysis/cost"
)

// endpointAZs is how many availability zones a report prices an
// interface endpoint in: the fewest AWS recommends for availability.
const endpointAZs = 2

// priceEndpoint is r's Cost: "" unless r moves traffic to an endpoint or
// PrivateLink and the evidence span and region's prices are known.
func priceEndpoint(r Recommendation, region string) string {
	var kind cost.Kind
	switch r.Action {
	case ActionGatewayEndpoint:
		kind = cost.Gateway
	case ActionInterfaceEndpoint, ActionPrivateLink:
		kind = cost.Interface
	default:
		return ""
	}
	span, ok := spanOf(r.Span)
	if !ok || r.NATBytes <= 0 {
		return ""
	}
	p, err := cost.For(region, cost.Overrides{})
	if err != nil {
		return ""
	}
	c := cost.Endpoint(kind, cost.MonthlyGB(r.NATBytes, span), p, endpointAZs)
	return "At " + region + " list prices, estimated from the observed traffic: " + c.Statement(endpointAZs) + "."
}

// spanOf reads an evidence span, "FROM/TO" or "FROM to TO" in RFC 3339.
func spanOf(s string) (time.Duration, bool) {
	from, to, ok := strings.Cut(s, "/")
	if !ok {
		from, to, ok = strings.Cut(s, " to ")
	}
	if !ok {
		return 0, false
	}
	a, err1 := time.Parse(time.RFC3339, strings.TrimSpace(from))
	b, err2 := time.Parse(time.RFC3339, strings.TrimSpace(to))
	if err1 != nil || err2 != nil || !b.After(a) {
		return 0, false
	}
	return b.Sub(a), true
}
