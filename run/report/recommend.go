package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aclprobe/aclprobe/analysis/cost"
	"github.com/aclprobe/aclprobe/internal/humanize"
	"github.com/aclprobe/aclprobe/run"
)

// Recommended actions.
const (
	ActionGatewayEndpoint   = "gateway-endpoint"   // S3, DynamoDB: free gateway VPC endpoint
	ActionInterfaceEndpoint = "interface-endpoint" // other AWS services: interface VPC endpoint
	ActionPrivateLink       = "privatelink"        // a vendor that offers AWS PrivateLink
	ActionBlockCandidate    = "block-candidate"    // broke nothing, little traffic
	ActionInvestigate       = "investigate"        // broke nothing, but much traffic
	ActionRetest            = "retest"             // inconclusive: test again
	ActionKeepAllowed       = "keep-allowed"       // broke something, no private path known
)

// Thresholds for "little traffic": a target is a candidate to block only
// when it carried at most LittleTrafficShare of the plan's bytes or less
// than LittleTrafficBytes.
const (
	LittleTrafficShare = 0.01
	LittleTrafficBytes = 1 << 20
)

// Recommendation is one suggested action for one target, with its reason.
type Recommendation struct {
	Index   int    `json:"index"` // the target's row in the findings table
	CIDR    string `json:"cidr"`
	Label   string `json:"label,omitempty"`
	Verdict string `json:"verdict"`
	Action  string `json:"action"`
	Title   string `json:"title"`
	Detail  string `json:"detail,omitempty"` // e.g. the endpoint service name
	Reason  string `json:"reason"`
	// NATBytes is what the recommendation saves, the measure the list is
	// ordered by: the target's bytes in the plan's flow-log evidence that
	// the action takes off the NAT gateway (an endpoint or PrivateLink
	// carries them privately, a block ends them). Zero for an action that
	// moves nothing yet (keep allowed, test again, find out who uses it).
	NATBytes int64 `json:"nat_bytes_saved"`
	// Span is when the evidence was seen ("2026-11-14T00:00:00Z/...").
	Span string `json:"evidence_span,omitempty"`
	// Cost prices an endpoint or PrivateLink recommendation at the
	// region's list prices: the saving of a gateway endpoint, or the
	// interface endpoint's break-even against the traffic scaled to 30
	// days. Empty when it cannot be priced (no span, unknown region).
	Cost string `json:"cost,omitempty"`
}

// Saves says what the recommendation takes off the NAT gateway, or ""
// when it takes nothing.
func (r Recommendation) Saves() string {
	if r.NATBytes <= 0 {
		return ""
	}
	s := "Takes " + humanize.Bytes(r.NATBytes) + " off the NAT gateway"
	if from, to, ok := strings.Cut(r.Span, "/"); ok {
		s += " (its flow-log bytes from " + from + " to " + to + ")"
	} else if r.Span != "" {
		s += " (its flow-log bytes seen " + r.Span + ")"
	}
	return s
}

// movesTraffic are the actions that take a target's traffic off the NAT
// gateway.
var movesTraffic = map[string]bool{
	ActionGatewayEndpoint: true, ActionInterfaceEndpoint: true, ActionPrivateLink: true, ActionBlockCandidate: true,
}

// Recommend derives recommendations from a run's results, ordered by
// what they save (NATBytes, most first; ties, and the actions that save
// nothing, in findings order). It never recommends blocking a target
// whose verdict is not no-impact, nor one that was not actually denied
// and removed.
func Recommend(res *run.Results) []Recommendation {
	var total int64
	for _, t := range res.Targets {
		if t.Evidence != nil {
			total += t.Evidence.Bytes
		}
	}
	out := []Recommendation{}
	for i, t := range res.Targets {
		for _, r := range recommendTarget(i+1, t, res.Region, total) {
			if e := t.Evidence; e != nil && movesTraffic[r.Action] {
				r.NATBytes, r.Span = e.Bytes, e.Span
			}
			r.Cost = priceEndpoint(r, res.Region)
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].NATBytes > out[b].NATBytes })
	return out
}

func recommendTarget(i int, t run.TargetResult, region string, total int64) []Recommendation {
	base := Recommendation{Index: i, CIDR: t.Members(), Label: t.Label, Verdict: t.Verdict}
	var out []Recommendation
	if r, ok := privatePath(base, t, region); ok {
		out = append(out, r)
	}
	switch {
	case t.Verdict == run.VerdictBroke && len(out) == 0:
		r := base
		r.Action, r.Title = ActionKeepAllowed, "Keep allowed; tell the owners of what broke"
		r.Reason = "Denying it broke " + brokeList(t) + ", and no private path (VPC endpoint, PrivateLink) is known for it"
		out = append(out, r)
	case t.Verdict == run.VerdictNoImpact && len(out) == 0:
		out = append(out, noImpact(base, t, total))
	case t.Verdict != run.VerdictBroke && t.Verdict != run.VerdictNoImpact:
		r := base
		r.Action, r.Title = ActionRetest, "Test again before deciding; do not block"
		r.Reason = "The test was " + orDefault(t.Verdict, "not recorded") + ": " + orDefault(t.Reason, "no reason recorded") +
			"; a target is only a candidate to block after a clean no-impact test"
		out = append(out, r)
	}
	return out
}

// privatePath recommends a VPC endpoint or PrivateLink when the service
// guess or label names an AWS service or vendor that offers one.
func privatePath(base Recommendation, t run.TargetResult, region string) (Recommendation, bool) {
	var service, source string
	if t.Evidence != nil {
		service, source = t.Evidence.Service, t.Evidence.ServiceSource
	}
	text := cost.GuessText(service, source, t.Label)
	why := trafficWhy(t)
	r := base
	path, ok := cost.PathFor(text)
	if !ok {
		return r, false
	}
	if v := path.Vendor; v != "" {
		r.Action, r.Title = ActionPrivateLink, "AWS PrivateLink to "+v
		r.Reason = v + " is known to offer AWS PrivateLink (check its regions); " + why
		return r, true
	}
	s := path.Service
	r.Detail = "com.amazonaws." + orDefault(region, "REGION") + "." + s.Endpoint
	if path.Kind == cost.Gateway {
		r.Action, r.Title = ActionGatewayEndpoint, "Gateway VPC endpoint for "+s.Name
		r.Reason = s.Name + " has a gateway endpoint with no hourly or data processing cost; " + why
	} else {
		r.Action, r.Title = ActionInterfaceEndpoint, "Interface VPC endpoint for "+s.Name
		r.Reason = s.Name + " offers an interface endpoint (PrivateLink); " + why
	}
	if t.Evidence != nil && t.Evidence.ServiceSource != "" {
		r.Reason += " (service identified by " + t.Evidence.ServiceSource + ")"
	}
	return r, true
}

func trafficWhy(t run.TargetResult) string {
	vol := "its traffic"
	if e := t.Evidence; e != nil {
		vol = fmt.Sprintf("its traffic (%s in %s flows)", humanize.Bytes(e.Bytes), humanize.Count(e.Flows))
	}
	switch t.Verdict {
	case run.VerdictBroke:
		return "denying it broke " + brokeList(t) + ", so " + vol + " is needed and can stay off the NAT gateway and the internet"
	case run.VerdictNoImpact:
		return "nothing broke when it was denied, and " + vol + " can stay off the NAT gateway"
	default:
		return vol + " can stay off the NAT gateway"
	}
}

func noImpact(base Recommendation, t run.TargetResult, total int64) Recommendation {
	r := base
	e := t.Evidence
	tested := t.AppliedAt != nil && t.RemovedAt != nil
	switch {
	case !tested:
		r.Action, r.Title = ActionRetest, "Test again before deciding; do not block"
		r.Reason = "Marked no-impact, but the deny entry was never both applied and removed"
	case e == nil:
		r.Action, r.Title = ActionInvestigate, "Find out who uses it before blocking"
		r.Reason = "Nothing broke while it was denied, but the plan has no traffic evidence for it"
	case littleTraffic(e.Bytes, total):
		r.Action, r.Title = ActionBlockCandidate, "Candidate to block"
		r.Reason = fmt.Sprintf("Nothing broke while it was denied for %s, and it carried little traffic (%s, %s of the plan's bytes, in %s flows)",
			fmtSeconds(t.WindowSeconds), humanize.Bytes(e.Bytes), share(e.Bytes, total), humanize.Count(e.Flows))
	default:
		r.Action, r.Title = ActionInvestigate, "Find out who uses it before blocking"
		r.Reason = fmt.Sprintf("Nothing broke while it was denied for %s, but it carried %s (%s of the plan's bytes) from %s: something uses it that the alarms and probes do not watch",
			fmtSeconds(t.WindowSeconds), humanize.Bytes(e.Bytes), share(e.Bytes, total), orDefault(strings.Join(e.TopSources, ", "), "unknown sources"))
	}
	return r
}

func littleTraffic(bytes, total int64) bool {
	if bytes < LittleTrafficBytes {
		return true
	}
	return total > 0 && float64(bytes) <= LittleTrafficShare*float64(total)
}

func share(bytes, total int64) string {
	if total <= 0 {
		return "n/a"
	}
	p := 100 * float64(bytes) / float64(total)
	if p > 0 && p < 0.1 {
		return "under 0.1%"
	}
	return fmt.Sprintf("%.1f%%", p)
}

func brokeList(t run.TargetResult) string {
	var names []string
	for _, b := range t.BrokenBy {
		names = append(names, b.Kind+" "+b.Name)
	}
	if len(names) == 0 {
		return "something (no alarm or probe recorded)"
	}
	return strings.Join(names, ", ")
}
