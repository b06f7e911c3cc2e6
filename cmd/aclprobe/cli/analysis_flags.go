package cli

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/flowlog"
	"github.com/aclprobe/aclprobe/analysis/identify"
	"github.com/aclprobe/aclprobe/analysis/s3src"
	"github.com/aclprobe/aclprobe/analysis/source"
)

// analysisOptions are the flags shared by the commands that read flow
// logs (analyze, impact, plan generate): the sources, the filters, the
// grouping and ranking, the record format, service labels and the engine.
type analysisOptions struct {
	Sources []string // positional arguments: files, directories, globs, -, s3://bucket/prefix

	SrcCIDRs   []string
	DstCIDRs   []string
	NATIPs     []string
	Actions    []string
	Since      string
	Until      string
	Interfaces []string

	By   []string
	Sort string
	Top  int

	Strict bool
	Fields string

	Identify     bool
	IPRanges     string
	VendorRanges []string // NAME=FILE
	RDNS         bool
	AWSLookup    bool // --aws-lookup: name the account's own resources from EC2

	DNS dnsOptions // --dns-logs, --dns-window

	Engine engineOptions
}

// addAnalysisFlags binds the shared flags to o. The default --top is 20;
// a command that wants another default sets it after this call with
// cmd.Flags().Lookup("top").DefValue and o.Top.
func addAnalysisFlags(cmd *cobra.Command, o *analysisOptions) {
	fs := cmd.Flags()
	fs.StringSliceVar(&o.SrcCIDRs, "src-cidr", nil, "keep records whose srcaddr is inside one of these CIDRs (repeatable, comma list)")
	fs.StringSliceVar(&o.DstCIDRs, "dst-cidr", nil, "keep records whose dstaddr is inside one of these CIDRs (repeatable, comma list)")
	fs.StringSliceVar(&o.NATIPs, "nat-ip", nil, "keep records whose dstaddr is one of these addresses, e.g. the NAT gateway's private IPs (repeatable, comma list)")
	fs.StringSliceVar(&o.Actions, "action", nil, "keep records with this action: ACCEPT or REJECT")
	fs.StringVar(&o.Since, "since", "", "keep records that end at or after this time (RFC 3339, or YYYY-MM-DD for midnight UTC)")
	fs.StringVar(&o.Until, "until", "", "keep records that start before this time (RFC 3339, or YYYY-MM-DD for midnight UTC; exclusive)")
	fs.StringSliceVar(&o.Interfaces, "interface", nil, "keep records of these network interfaces (eni-...; repeatable, comma list)")
	fs.StringSliceVar(&o.By, "by", nil, "group by these fields, as flow logs name them, plus src-endpoint and dst-endpoint (pkt-* address when present, else srcaddr/dstaddr)\n(default "+strings.Join(analysis.DefaultBy, ",")+")")
	fs.StringVar(&o.Sort, "sort", "flows", "rank rows by flows, packets or bytes (ties: bytes, then the group values)")
	fs.IntVar(&o.Top, "top", 20, "print the first N rows; 0 prints all")
	fs.BoolVar(&o.Strict, "strict", false, "fail on the first malformed line, or file that cannot be read to the end (truncated gzip),\ninstead of skipping and counting it")
	fs.StringVar(&o.Fields, "fields", "", "format of files without a header line and of CloudWatch Logs messages, as a flow log format\n(space or comma separated field names; default: the 14 default-format fields)")
	fs.BoolVar(&o.Identify, "identify", false, "add a service column: who is behind each destination, and where that label came from")
	fs.StringVar(&o.IPRanges, "ip-ranges", "", "with --identify: AWS ip-ranges.json to label destinations with\n(without it and --vendor-ranges: the feeds that aclprobe ranges update cached)")
	fs.StringArrayVar(&o.VendorRanges, "vendor-ranges", nil, "with --identify: NAME=FILE, a vendor's IP ranges in Datadog's published format (repeatable)")
	fs.BoolVar(&o.RDNS, "rdns", false, "with --identify: fall back to reverse DNS for destinations no range file names")
	fs.BoolVar(&o.AWSLookup, "aws-lookup", false, "with --identify: name private and AMAZON/EC2 destinations owned by your account (NAT gateway,\nload balancer, VPC endpoint, instance) with read-only ec2:DescribeNetworkInterfaces and ec2:DescribeAddresses")
	addDNSFlags(cmd, &o.DNS)
	addEngineFlags(fs, &o.Engine)
}

// query validates the flags and returns the Query they describe. Every
// problem is reported at once.
func (o *analysisOptions) query() (analysis.Query, error) {
	var q analysis.Query
	var errs []error
	var err error
	if q.SrcCIDRs, err = parseCIDRs("--src-cidr", o.SrcCIDRs); err != nil {
		errs = append(errs, err)
	}
	if q.DstCIDRs, err = parseCIDRs("--dst-cidr", o.DstCIDRs); err != nil {
		errs = append(errs, err)
	}
	if q.NATIPs, err = parseAddrs("--nat-ip", o.NATIPs); err != nil {
		errs = append(errs, err)
	}
	for _, a := range splitList(o.Actions) {
		a = strings.ToUpper(a)
		if a != "ACCEPT" && a != "REJECT" {
			errs = append(errs, fmt.Errorf("--action %q: want ACCEPT or REJECT", a))
		}
		q.Actions = append(q.Actions, a)
	}
	if q.Since, err = parseTimeFlag("--since", o.Since); err != nil {
		errs = append(errs, err)
	}
	if q.Until, err = parseTimeFlag("--until", o.Until); err != nil {
		errs = append(errs, err)
	}
	q.Interfaces = splitList(o.Interfaces)
	for _, b := range splitList(o.By) {
		q.By = append(q.By, flowlog.NormalizeField(b))
	}
	q.Sort, q.Top = strings.ToLower(o.Sort), o.Top
	if err := errors.Join(errs...); err != nil {
		return q, err
	}
	if err := analysis.CheckQuery(q); err != nil {
		return q, fmt.Errorf("invalid query: %w", err)
	}
	if err := o.checkIdentify(); err != nil {
		return q, err
	}
	if err := o.DNS.check(o.Sources, q.By, o.Strict); err != nil {
		return q, err
	}
	_, err = o.fields()
	return q, err
}

// checkIdentify rejects label flags given without --identify, and
// malformed NAME=FILE values.
func (o *analysisOptions) checkIdentify() error {
	if !o.Identify && (o.IPRanges != "" || len(o.VendorRanges) > 0 || o.RDNS || o.AWSLookup) {
		return fmt.Errorf("--ip-ranges, --vendor-ranges, --rdns and --aws-lookup need --identify")
	}
	_, err := o.vendorRanges()
	return err
}

func (o *analysisOptions) vendorRanges() (map[string]string, error) {
	m := map[string]string{}
	for _, v := range o.VendorRanges {
		name, file, ok := strings.Cut(v, "=")
		if !ok || name == "" || file == "" {
			return nil, fmt.Errorf("--vendor-ranges %q: want NAME=FILE, e.g. datadog=datadog-ip-ranges.json", v)
		}
		m[name] = file
	}
	return m, nil
}

// fields returns the --fields format names (nil for the default).
func (o *analysisOptions) fields() ([]string, error) {
	if strings.TrimSpace(o.Fields) == "" {
		return nil, nil
	}
	names := strings.FieldsFunc(o.Fields, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	if err := flowlog.CheckFields(names); err != nil {
		return nil, fmt.Errorf("--fields: %w", err)
	}
	return names, nil
}

// parseAddrs parses repeatable, comma-separated IP addresses.
func parseAddrs(flag string, vals []string) ([]netip.Addr, error) {
	var out []netip.Addr
	var errs []error
	for _, s := range splitList(vals) {
		a, err := netip.ParseAddr(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %q: want an IP address such as 10.0.100.10", flag, s))
			continue
		}
		out = append(out, a)
	}
	return out, errors.Join(errs...)
}

// parseTimeFlag accepts RFC 3339 or a date (midnight UTC); "" is zero.
func parseTimeFlag(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%s %q: want RFC 3339 (2025-12-04T09:30:00Z) or a date (2025-12-04)", flag, s)
}

// splitList splits comma lists inside repeated flag values and drops
// empty items (pflag's StringSlice already splits; this also trims).
func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// aggregate runs the flags' query, changed by adjust when it is not nil
// (plan generate keeps every row, impact adds its block rules), on the
// engine the flags select. The query and the identifier are built first,
// so bad flags fail before any source is listed. With labelRows and
// --identify, the rows are labelled; the identifier (nil without
// --identify) is returned for callers that label something else.
func (o *analysisOptions) aggregate(ctx context.Context, d *flowLogDeps, adjust func(analysis.Query) analysis.Query, labelRows bool) (*analysis.Result, *identify.Identifier, error) {
	q, err := o.query()
	if err != nil {
		return nil, nil, err
	}
	if adjust != nil {
		q = adjust(q)
	}
	id, err := o.identifier(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	dnsSrcs, err := o.DNS.sources(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	eng, err := o.engine(ctx, d, q)
	if err != nil {
		return nil, nil, err
	}
	res, err := eng.Aggregate(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	if labelRows && id != nil {
		if err := id.Annotate(ctx, res); err != nil {
			return nil, nil, err
		}
	}
	if o.DNS.enabled() {
		if err := o.DNS.joinRows(ctx, d, dnsSrcs, eng, q, res, id, labelRows); err != nil {
			return nil, nil, err
		}
	}
	return res, id, nil
}

// engine builds the engine the flags select for q, the validated query.
// The local engine reads the positional sources: local paths through
// source.ExpandLocal, s3:// URLs through s3src.List (only the date
// folders q's --since/--until allow). Progress goes to stderr when it is a
// terminal.
func (o *analysisOptions) engine(ctx context.Context, d *flowLogDeps, q analysis.Query) (analysis.Engine, error) {
	return o.Engine.build(ctx, d, func(ctx context.Context) (analysis.Engine, error) {
		if len(o.Sources) == 0 {
			return nil, fmt.Errorf("no flow log sources: give files, directories, globs, - (stdin) or s3://bucket/prefix")
		}
		sources, err := o.sources(ctx, d, q)
		if err != nil {
			return nil, err
		}
		fields, err := o.fields()
		if err != nil {
			return nil, err
		}
		opts := analysis.LocalOptions{Fields: fields, Strict: o.Strict,
			Memory: int64(o.Engine.Memory), TempDir: o.Engine.TempDir, Log: d.IO.ErrOut}
		if d.IO.StderrIsTerminal {
			opts.Progress = d.IO.ErrOut
		}
		return analysis.NewLocal(sources, opts), nil
	})
}

// sources expands the positional sources, in order.
func (o *analysisOptions) sources(ctx context.Context, d *flowLogDeps, q analysis.Query) ([]source.Source, error) {
	var out []source.Source
	var local []string
	flushLocal := func() error {
		if len(local) == 0 {
			return nil
		}
		srcs, err := source.ExpandLocal(local, d.IO.In)
		out, local = append(out, srcs...), nil
		return err
	}
	for _, s := range o.Sources {
		if !strings.HasPrefix(s, "s3://") {
			local = append(local, s)
			continue
		}
		if err := flushLocal(); err != nil {
			return nil, err
		}
		client, err := d.S3(ctx)
		if err != nil {
			return nil, err
		}
		srcs, err := s3src.List(ctx, client, s, q.Since, q.Until)
		if err != nil {
			return nil, err
		}
		if len(srcs) == 0 {
			return nil, fmt.Errorf("%s: no objects", s)
		}
		out = append(out, srcs...)
	}
	if err := flushLocal(); err != nil {
		return nil, err
	}
	return out, nil
}

// identifier loads the label sources when --identify is set (nil
// otherwise): the range files, else the feeds `ranges update` cached
// (their names and ages go to stderr). Call it before the query runs, so
// a bad range file fails fast; then label rows with its Annotate.
func (o *analysisOptions) identifier(ctx context.Context, d *flowLogDeps) (*identify.Identifier, error) {
	if !o.Identify {
		return nil, nil
	}
	vendors, err := o.vendorRanges()
	if err != nil {
		return nil, err
	}
	opts := identify.Options{IPRangesFile: o.IPRanges, VendorRanges: vendors, RDNS: o.RDNS}
	if o.AWSLookup {
		if opts.AWS, err = d.EC2Lookup(ctx); err != nil {
			return nil, err
		}
	}
	if o.IPRanges == "" && len(vendors) == 0 {
		if opts.CacheDir, err = identify.DefaultCacheDir(); err != nil {
			return nil, err
		}
	}
	id, err := identify.New(opts)
	if err != nil {
		return nil, err
	}
	if opts.CacheDir != "" {
		if err := o.reportFeeds(d.IO.ErrOut, opts.CacheDir, id.Feeds(), time.Now()); err != nil {
			return nil, err
		}
	}
	return id, nil
}

// checkFormat is the --format check of the commands that write data:
// nil when format is one of formats, else an error naming them.
func checkFormat(format string, formats []string) error {
	if slices.Contains(formats, format) {
		return nil
	}
	return fmt.Errorf("--format %q: want %s", format, strings.Join(formats, ", "))
}
