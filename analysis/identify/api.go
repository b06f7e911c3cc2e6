package identify

import (
	"context"
	"time"
)

// Label says who is behind an address and where that came from.
type Label struct {
	Service string `json:"service"`
	// Source is one of: pkt-dst-aws-service (the record said so), ip-ranges
	// (AWS ip-ranges.json), vendor:NAME (a vendor range file), aws (a
	// resource of the caller's account), dns, rdns (reverse DNS), or
	// empty when nothing matched.
	Source string `json:"source"`
}

// Resolver does reverse DNS lookups; *net.Resolver satisfies it.
type Resolver interface {
	// LookupAddr returns the names of addr (a textual IP address), as
	// net.Resolver.LookupAddr does; it must honour ctx's deadline.
	LookupAddr(ctx context.Context, addr string) ([]string, error)
}

// Options says where labels come from (--identify and its flags).
type Options struct {
	IPRangesFile string            // AWS ip-ranges.json (--ip-ranges); empty: none
	VendorRanges map[string]string // vendor name -> Datadog-style ranges file (--vendor-ranges NAME=FILE)
	CacheDir     string            // also load every feed cached here (ranges update); empty: none
	AWS          EC2API            // name the account's own resources (--aws-lookup, source aws); nil: off
	RDNS         bool              // fall back to reverse DNS (--rdns)
	RDNSTimeout  time.Duration     // per lookup; zero means DefaultRDNSTimeout
	Resolver     Resolver          // nil means net.DefaultResolver
}

// DefaultRDNSTimeout bounds one reverse DNS lookup when
// Options.RDNSTimeout is zero.
const DefaultRDNSTimeout = 2 * time.Second
