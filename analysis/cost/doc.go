// Package cost prices NAT gateway traffic and the VPC endpoints that could
// carry it instead: a built-in table of list prices for common regions
// (overridable), the NAT gateway's data processing cost of observed bytes
// scaled to a month, and for each AWS service or vendor with a private
// path the saving of a gateway endpoint or the break-even of an interface
// endpoint. It also owns the recognition of those services in a label
// (services.go), which the run report's recommendations use too.
//
// Every number is an estimate from observed traffic: a different month,
// a price change or traffic not in the evidence moves it.
package cost
