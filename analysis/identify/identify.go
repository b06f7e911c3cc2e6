package identify

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/netip"
	"slices"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// Identifier labels addresses with the service behind them: the record's
// own pkt-dst-aws-service first, then the most specific prefix of AWS's
// ip-ranges.json and of vendor range files (AMAZON only when nothing more
// specific matches), then, when enabled, reverse DNS. It is safe for
// concurrent use; reverse DNS answers are cached for its lifetime.
type Identifier struct {
	ranges rangeSet
	rdns   *rdnsCache // nil when reverse DNS is off
	feeds  []FeedMeta // the cached feeds loaded (Options.CacheDir)
	aws    EC2API     // nil when --aws-lookup is off
}

// New loads the range files opts names.
func New(opts Options) (*Identifier, error) {
	id := &Identifier{}
	if opts.IPRangesFile != "" {
		err := loadFile("ip-ranges", opts.IPRangesFile, id.ranges.loadAWS)
		if err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(opts.VendorRanges))
	for name := range opts.VendorRanges {
		names = append(names, name)
	}
	slices.Sort(names) // a deterministic winner when vendors list the same prefix
	for _, name := range names {
		if name == "" {
			return nil, fmt.Errorf("vendor ranges %s: empty vendor name", opts.VendorRanges[name])
		}
		err := loadFile("vendor ranges "+name, opts.VendorRanges[name], func(r io.Reader) error {
			return id.ranges.loadVendor(name, r)
		})
		if err != nil {
			return nil, err
		}
	}
	if opts.CacheDir != "" {
		var err error
		if id.feeds, err = id.ranges.loadCache(opts.CacheDir); err != nil {
			return nil, err
		}
	}
	id.ranges.freeze()
	id.aws = opts.AWS
	if opts.RDNS {
		id.rdns = newRDNSCache(opts.Resolver, opts.RDNSTimeout)
	}
	return id, nil
}

// Identify labels addr. awsService is the record's pkt-dst-aws-service
// value ("" or Absent when it has none). The zero Label means nothing
// matched.
func (id *Identifier) Identify(ctx context.Context, addr netip.Addr, awsService string) Label {
	if l, ok := id.static(addr, awsService); ok {
		return l
	}
	if id.rdns != nil && addr.IsValid() {
		if name := id.rdns.lookup(ctx, addr); name != "" {
			return Label{Service: name, Source: "rdns"}
		}
	}
	return Label{}
}

// static is Identify without reverse DNS.
func (id *Identifier) static(addr netip.Addr, awsService string) (Label, bool) {
	if awsService != "" && awsService != analysis.Absent {
		return Label{Service: awsService, Source: "pkt-dst-aws-service"}, true
	}
	if !addr.IsValid() {
		return Label{}, false
	}
	return id.ranges.lookup(addr)
}

// Annotate labels every row of res with the service behind its
// destination and sets res.Identified. The destination is the row's
// dst-endpoint value, else its pkt-dstaddr value when present, else its
// dstaddr value; a pkt-dst-aws-service value in the row wins. With
// Options.AWS, a private or AMAZON/EC2 destination owned by the account
// is named from EC2 (see AnnotateAWS). Reverse DNS lookups of distinct
// addresses run concurrently. It fails when res.By
// has neither a destination field nor pkt-dst-aws-service.
func (id *Identifier) Annotate(ctx context.Context, res *analysis.Result) error {
	cols := destColumns(res.By)
	svcCol := slices.Index(res.By, "pkt-dst-aws-service")
	if len(cols) == 0 && svcCol < 0 {
		return fmt.Errorf("identify: group by a destination (dst-endpoint, pkt-dstaddr or dstaddr) or pkt-dst-aws-service")
	}
	addrs := make([]netip.Addr, len(res.Rows))
	var pending []netip.Addr
	for i := range res.Rows {
		row := &res.Rows[i]
		addrs[i] = rowDest(row.Keys, cols)
		svc := ""
		if svcCol >= 0 && svcCol < len(row.Keys) {
			svc = row.Keys[svcCol]
		}
		l, ok := id.static(addrs[i], svc)
		if !ok && id.rdns != nil && addrs[i].IsValid() {
			pending = append(pending, addrs[i])
		}
		row.Service, row.ServiceSource = l.Service, l.Source
	}
	if id.aws != nil {
		owned, err := id.annotateAWS(ctx, res, addrs)
		if err != nil {
			return err
		}
		pending = slices.DeleteFunc(pending, func(a netip.Addr) bool { return owned[a] })
	}
	if len(pending) > 0 {
		id.rdns.prefetch(ctx, pending)
		for i := range res.Rows {
			row := &res.Rows[i]
			if row.ServiceSource == "" && addrs[i].IsValid() {
				if name := id.rdns.lookup(ctx, addrs[i]); name != "" {
					row.Service, row.ServiceSource = name, "rdns"
				}
			}
		}
	}
	res.Identified = true
	return ctx.Err()
}

// destColumns returns the indexes of the destination fields in by, most
// preferred first.
func destColumns(by []string) []int {
	return flowlog.Columns(by, flowlog.DstFields...)
}

// rowDest returns the first address among keys[cols...] that is present.
func rowDest(keys []string, cols []int) netip.Addr {
	for _, c := range cols {
		if c >= len(keys) || keys[c] == analysis.Absent {
			continue
		}
		if a, err := netip.ParseAddr(keys[c]); err == nil {
			return a
		}
	}
	return netip.Addr{}
}

// defaultResolver is the system resolver, used when none is given.
var defaultResolver Resolver = net.DefaultResolver
