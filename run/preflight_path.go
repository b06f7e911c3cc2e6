package run

import (
	"context"
	"fmt"
	"strings"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/probe"
)

// Names of the path and detection checks.
const (
	checkSubnets   = "path: the acl has associated subnets"
	checkFamily    = "path: the subnets carry each target's address family"
	checkSources   = "path: observed sources in the acl's subnets"
	checkDetection = "watch: a check could fail within the window"
)

// checkPath refuses an ACL with no associated subnet (its entries are on
// no traffic's path), a target whose address family no associated subnet
// carries, and a target none of whose observed sources (plan evidence) is
// in an associated subnet; it keeps each target's Path for the preview
// and the results (partial coverage is shown there, not refused).
func (pf *preflight) checkPath(ctx context.Context, d Deps, p *plan.Plan) {
	if len(pf.snap.Subnets) == 0 {
		pf.add(checkSubnets, false, fmt.Sprintf("acl %s has no associated subnet: its entries are on no traffic's path, so a quiet window would prove nothing", pf.snap.ID))
		return
	}
	subs, err := acl.Subnets(ctx, d.EC2, pf.snap.Subnets)
	if err != nil {
		pf.add(checkSubnets, false, err.Error())
		return
	}
	var cidrs []string
	for _, s := range subs {
		for _, c := range append(append([]string(nil), prefixStrings(s.IPv4)...), prefixStrings(s.IPv6)...) {
			cidrs = append(cidrs, s.ID+" "+c)
		}
	}
	pf.add(checkSubnets, true, strings.Join(cidrs, ", "))
	var family, off, notes []string
	pf.paths = make([]plan.Path, len(p.Targets))
	unchecked := 0
	for i, t := range p.Targets {
		if msg := plan.FamilyProblem(t.CIDR, subs); msg != "" {
			family = append(family, msg)
		}
		path := plan.PathOf(t, subs)
		pf.paths[i] = path
		switch {
		case !path.Known():
			unchecked++
		case path.OffPath():
			off = append(off, fmt.Sprintf("target %s: %s", t.CIDR, path.Summary()))
		case path.Partial():
			notes = append(notes, fmt.Sprintf("target %s: partial: %s", t.CIDR, path.Summary()))
		}
	}
	if len(family) > 0 {
		pf.add(checkFamily, false, strings.Join(family, "; "))
	} else {
		pf.add(checkFamily, true, fmt.Sprintf("%d target(s)", len(p.Targets)))
	}
	if len(off) > 0 {
		pf.add(checkSources, false, strings.Join(off, "; "))
		return
	}
	detail := fmt.Sprintf("%d of %d target(s) checked against their observed sources", len(p.Targets)-unchecked, len(p.Targets))
	if unchecked > 0 {
		detail += fmt.Sprintf(" (%d without flow log evidence: not checked)", unchecked)
	}
	if len(notes) > 0 {
		pf.checks = append(pf.checks, plan.Check{Name: checkSources, OK: true, Warn: true, Detail: detail + "; " + strings.Join(notes, "; ")})
		return
	}
	pf.add(checkSources, true, detail)
}

func prefixStrings[T fmt.Stringer](ps []T) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// checkDetection finds how soon each watched alarm and probe can fail
// after a break and whether one can within the window. None can is a
// warning, not a refusal: the run goes on and a quiet window is
// inconclusive, not no-impact (see observation.verdict).
func (pf *preflight) checkDetection(ctx context.Context, d Deps, p *plan.Plan) {
	pf.detect = plan.Detection{Window: p.Timing.Window.D()}
	if len(p.Watch.Alarms)+len(p.Watch.AlarmPrefixes) > 0 && len(pf.alarmNames) == 0 {
		pf.add(checkDetection, false, "skipped: the watched alarms could not be resolved")
		return
	}
	if len(pf.alarmNames) > 0 {
		ds, err := probe.AlarmDetectors(ctx, d.CloudWatch, pf.alarmNames)
		if err != nil {
			pf.add(checkDetection, false, "reading the watched alarms' periods: "+err.Error())
			return
		}
		pf.detect.Detectors = ds
	}
	pf.detect.Detectors = append(pf.detect.Detectors, plan.ProbeDetectors(p.Watch.Probes)...)
	if r := pf.detect.Reason(); r != "" {
		pf.checks = append(pf.checks, plan.Check{Name: checkDetection, OK: true, Warn: true,
			Detail: "every target's quiet window will be inconclusive, not no-impact: " + r})
		return
	}
	pf.add(checkDetection, true, pf.detect.Summary())
}

// couldDetect lists the watched checks that could fail within the window.
func (pf *preflight) couldDetect() []Detect {
	out := []Detect{}
	for _, x := range pf.detect.CouldDetect() {
		out = append(out, Detect{Kind: x.Kind, Name: x.Name, Needs: x.Needs.Seconds(), How: x.How})
	}
	return out
}

// pathResult is target i's path check for the results; nil without
// evidence.
func (pf *preflight) pathResult(i int) *PathResult {
	if i >= len(pf.paths) || !pf.paths[i].Known() {
		return nil
	}
	pa := pf.paths[i]
	return &PathResult{Sources: pa.Sources, Covered: nonNil(pa.Covered), Uncovered: nonNil(pa.Uncovered)}
}
