package plan

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/aclprobe/aclprobe/acl/change"
)

// Path is how a target's observed traffic sits against the ACL: whether
// the local addresses seen talking to it (the evidence's sources) are in
// the ACL's associated subnets, the only traffic its entries act on.
type Path struct {
	// Sources are the addresses checked: the evidence's sources, else its
	// top_sources; empty when the plan carries no flow log evidence.
	Sources []string
	// Covered are "10.0.1.5 (subnet-a)", the sources the ACL's subnets
	// hold; Uncovered the others.
	Covered, Uncovered []string
}

// PathOf checks t's observed sources against subnets (the ACL's
// associations, with their CIDRs). Sources that do not parse are skipped.
func PathOf(t Target, subnets []change.Subnet) Path {
	var p Path
	if t.Evidence == nil {
		return p
	}
	srcs := t.Evidence.Sources
	if len(srcs) == 0 {
		srcs = t.Evidence.TopSources
	}
	for _, s := range srcs {
		a, err := netip.ParseAddr(s)
		if err != nil {
			continue
		}
		p.Sources = append(p.Sources, s)
		if id := subnetHolding(subnets, a); id != "" {
			p.Covered = append(p.Covered, fmt.Sprintf("%s (%s)", s, id))
		} else {
			p.Uncovered = append(p.Uncovered, s)
		}
	}
	return p
}

func subnetHolding(subnets []change.Subnet, a netip.Addr) string {
	for _, s := range subnets {
		if s.Contains(a) {
			return s.ID
		}
	}
	return ""
}

// Known reports whether there was evidence to check.
func (p Path) Known() bool { return len(p.Sources) > 0 }

// OffPath reports whether none of the observed sources is in the ACL's
// subnets: the deny is not on the observed traffic's path.
func (p Path) OffPath() bool { return p.Known() && len(p.Covered) == 0 }

// Partial reports whether some, not all, observed sources are covered.
func (p Path) Partial() bool { return len(p.Covered) > 0 && len(p.Uncovered) > 0 }

// Summary says in one line what the path check found.
func (p Path) Summary() string {
	switch {
	case !p.Known():
		return "no observed sources in the plan's evidence: not checked"
	case p.OffPath():
		return fmt.Sprintf("none of the %d observed source(s) is in the ACL's subnets (%s): the deny is not on their path", len(p.Sources), strings.Join(p.Uncovered, ", "))
	case p.Partial():
		return fmt.Sprintf("%d of %d observed source(s) on the path: %s; not covered: %s", len(p.Covered), len(p.Sources), strings.Join(p.Covered, ", "), strings.Join(p.Uncovered, ", "))
	default:
		return fmt.Sprintf("all %d observed source(s) on the path: %s", len(p.Sources), strings.Join(p.Covered, ", "))
	}
}

// FamilyProblem says why the ACL's subnets cannot carry traffic of
// cidr's address family (an IPv6 target where no associated subnet has
// an IPv6 CIDR, or an IPv4 one where every subnet is IPv6-only); "" when
// some subnet carries it or the CIDR does not parse.
func FamilyProblem(cidr string, subnets []change.Subnet) string {
	pfx, err := netip.ParsePrefix(cidr)
	if err != nil {
		return ""
	}
	v6 := pfx.Addr().Is6()
	for _, s := range subnets {
		if s.Carries(v6) {
			return ""
		}
	}
	fam := "IPv4"
	if v6 {
		fam = "IPv6"
	}
	ids := make([]string, len(subnets))
	for i, s := range subnets {
		ids[i] = s.ID
	}
	return fmt.Sprintf("%s is %s but none of the ACL's subnets (%s) has an %s CIDR: no %s traffic crosses the ACL", cidr, fam, strings.Join(ids, ", "), fam, fam)
}
