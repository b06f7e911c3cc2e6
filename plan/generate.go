package plan

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
)

// Labels of generated targets.
const (
	LabelManual       = "manual"       // added with --target
	LabelUnidentified = "unidentified" // no service guess
)

// GenerateOptions are the plan fields and the selection rules of
// `plan generate`. Zero timing fields take the plan defaults; a zero
// MaxDuration is derived from the estimate (see Generate).
type GenerateOptions struct {
	Name        string
	Description string
	Region      string
	ACL         string
	Accounts    []string
	RequireTags map[string]string
	RuleRange   *RuleRange
	Alarms      []string
	Prefixes    []string
	StopAlarms  []string
	Probes      []Probe
	Timing      Timing

	Top      int            // keep the N richest destinations; 0 keeps all
	MinFlows int64          // leave out destinations with fewer flows
	Exclude  []netip.Prefix // leave out destinations inside these
	// IncludePrivate keeps private, shared (100.64.0.0/10), loopback,
	// link-local and other non-public destinations, which are left out by
	// default: denying the VPC's own addresses (a NAT gateway's private IP,
	// an instance answering) is rarely the test and can cut everything.
	IncludePrivate bool
	Targets        []string // explicit CIDRs (--target), labelled manual
	// GroupBy is GroupByDestination (one target per address) or
	// GroupByService (one target per identified service, see
	// serviceTargets); Top then counts targets, not addresses.
	GroupBy string

	// For the header comment only.
	Sources []string  // flow log inputs as given
	Filters string    // the analysis filters, as flags
	Now     time.Time // generation time; zero leaves it out
}

// Generated is a plan with the facts its header comment reports.
type Generated struct {
	Plan   *Plan
	Header []string // comment lines for the top of the YAML
}

// destination is one ranked destination address.
type destination struct {
	addr    netip.Addr
	ev      Evidence
	sources map[string]int64 // src-endpoint -> flows (top_sources)
	local   map[string]int64 // every pkt-srcaddr and srcaddr -> flows (sources)
	ports   map[string]int64
	svcs    map[string]int64 // "service\x00source" -> flows
	names   map[string]int64 // DNS name -> flows of the rows that carry it
	first   time.Time
	last    time.Time
	count   int // destinations merged into this one (manual targets)
}

// Generate builds a plan from res (an aggregate grouped with a destination
// field: dst-endpoint, pkt-dstaddr or dstaddr; res may be nil when only
// explicit targets are given). Destinations (pkt-dstaddr, else dstaddr)
// are ranked by flows, then bytes; each becomes one /32 (or /128) target
// with its evidence. Destinations inside an explicit target are folded
// into it. A zero opts.Timing.MaxDuration becomes the estimate plus 10%,
// rounded up to 5 minutes. The plan is validated before it is returned.
func Generate(res *analysis.Result, opts GenerateOptions) (*Generated, error) {
	if res == nil && len(opts.Targets) == 0 {
		return nil, fmt.Errorf("nothing to target: give flow log sources to rank destinations, or --target CIDR")
	}
	manual, err := manualTargets(opts.Targets)
	if err != nil {
		return nil, err
	}
	var dests []*destination
	var st selection
	if res != nil {
		if dests, err = destinations(res); err != nil {
			return nil, err
		}
		sel := opts
		if opts.GroupBy == GroupByService {
			sel.Top = 0 // --top counts service targets, cut below
		}
		dests, st = selectDestinations(dests, manual, sel)
	}
	p := basePlan(opts)
	if opts.GroupBy == GroupByService {
		p.Targets = serviceTargets(dests)
		if opts.Top > 0 && len(p.Targets) > opts.Top {
			st.cut, p.Targets = len(p.Targets)-opts.Top, p.Targets[:opts.Top]
		}
	} else {
		for _, d := range dests {
			p.Targets = append(p.Targets, d.target())
		}
	}
	for i, m := range manual {
		t := Target{CIDR: m.String(), Label: LabelManual}
		if res != nil {
			ev := st.folded[i].evidence()
			t.Evidence = &ev
		}
		p.Targets = append(p.Targets, t)
	}
	if p.Timing.MaxDuration == 0 {
		p.Timing.MaxDuration = Duration(derivedMaxDuration(EstimateDuration(p)))
	}
	if err := Validate(p); err != nil {
		return nil, fmt.Errorf("generated plan is not valid (fix the flags): %w", err)
	}
	return &Generated{Plan: p, Header: header(p, res, opts, st)}, nil
}

// basePlan fills everything but the targets from opts, with defaults.
func basePlan(opts GenerateOptions) *Plan {
	p := &Plan{
		APIVersion:  APIVersion,
		Name:        opts.Name,
		Description: opts.Description,
		Target:      ACLRef{Region: opts.Region, NetworkACL: opts.ACL},
		Guard:       Guard{Accounts: opts.Accounts, RequireTags: opts.RequireTags},
		Deny:        Deny{RuleRange: opts.RuleRange},
		Timing:      opts.Timing,
		Watch:       Watch{Alarms: opts.Alarms, AlarmPrefixes: opts.Prefixes, StopAlarms: opts.StopAlarms, Probes: opts.Probes},
	}
	mx := p.Timing.MaxDuration
	p.SetDefaults()
	p.Timing.MaxDuration = mx // derived after the targets are known
	return p
}

// derivedMaxDuration is the estimate plus 10%, rounded up to 5 minutes.
func derivedMaxDuration(est time.Duration) time.Duration {
	const step = 5 * time.Minute
	d := est + est/10
	if r := d % step; r != 0 {
		d += step - r
	}
	if d == 0 {
		d = step
	}
	return d
}

// manualTargets canonicalises --target values; a bare address is a /32
// (or /128).
func manualTargets(in []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range in {
		s = strings.TrimSpace(s)
		if a, err := netip.ParseAddr(s); err == nil {
			s = netip.PrefixFrom(a, a.BitLen()).String()
		}
		pfx, msg := parseCanonicalPrefix(s)
		if msg != "" {
			return nil, fmt.Errorf("--target: %s", msg)
		}
		out = append(out, pfx)
	}
	return out, nil
}

// selection records what the ranking left out, for the header.
type selection struct {
	seen, excluded, private, belowMin, cut int
	folded                                 []*destination // per manual target
}

// selectDestinations folds destinations into manual targets, applies
// --exclude and --min-flows, ranks and keeps the top N.
func selectDestinations(all []*destination, manual []netip.Prefix, opts GenerateOptions) ([]*destination, selection) {
	st := selection{seen: len(all), folded: make([]*destination, len(manual))}
	for i := range manual {
		st.folded[i] = newDestination(manual[i].Addr())
	}
	var kept []*destination
outer:
	for _, d := range all {
		for i, m := range manual {
			if m.Contains(d.addr) {
				st.folded[i].merge(d)
				continue outer
			}
		}
		for _, x := range opts.Exclude {
			if x.Contains(d.addr) {
				st.excluded++
				continue outer
			}
		}
		if !opts.IncludePrivate && !isPublic(d.addr) {
			st.private++
			continue
		}
		if d.ev.Flows < opts.MinFlows {
			st.belowMin++
			continue
		}
		kept = append(kept, d)
	}
	sort.Slice(kept, func(i, j int) bool {
		a, b := kept[i], kept[j]
		if a.ev.Flows != b.ev.Flows {
			return a.ev.Flows > b.ev.Flows
		}
		if a.ev.Bytes != b.ev.Bytes {
			return a.ev.Bytes > b.ev.Bytes
		}
		return a.addr.Less(b.addr)
	})
	if opts.Top > 0 && len(kept) > opts.Top {
		st.cut = len(kept) - opts.Top
		kept = kept[:opts.Top]
	}
	return kept, st
}

// target turns a ranked destination into a plan target.
func (d *destination) target() Target {
	ev := d.evidence()
	label := ev.Service
	if label == "" {
		label = LabelUnidentified
	}
	return Target{CIDR: netip.PrefixFrom(d.addr, d.addr.BitLen()).String(), Label: label, Evidence: &ev}
}

// evidence finalises the destination's evidence: top sources and ports by
// flows, the most common service guess, the time span.
func (d *destination) evidence() Evidence {
	ev := d.ev
	ev.TopSources = topKeys(d.sources, 3)
	ev.Sources = topKeys(d.local, MaxSources)
	ev.Ports = topKeys(d.ports, 5)
	ev.DNSNames = topKeys(d.names, MaxDNSNames)
	if svc := topKeys(d.svcs, 1); len(svc) == 1 {
		ev.Service, ev.ServiceSource, _ = strings.Cut(svc[0], "\x00")
	}
	if !d.first.IsZero() {
		ev.Span = d.first.UTC().Format(time.RFC3339) + " to " + d.last.UTC().Format(time.RFC3339)
	}
	return ev
}

// topKeys returns up to n keys of m by descending value, then name.
func topKeys(m map[string]int64, n int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			if m[a] > m[b] {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	if len(keys) > n {
		keys = keys[:n]
	}
	if len(keys) == 0 {
		return nil
	}
	return keys
}

// sharedSpace is RFC 6598's carrier-grade NAT range, not public.
var sharedSpace = netip.MustParsePrefix("100.64.0.0/10")

// isPublic reports whether addr is a public unicast address.
func isPublic(addr netip.Addr) bool {
	return addr.IsGlobalUnicast() && !addr.IsPrivate() && !sharedSpace.Contains(addr)
}
