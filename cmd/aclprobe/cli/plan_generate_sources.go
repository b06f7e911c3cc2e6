package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/aclprobe/aclprobe/analysis"
)

// topTalkers runs the analysis behind `plan generate`: every group of the
// selected traffic (the ranking into targets is plan.Generate's job, so
// the query keeps all rows), labelled when --identify is given.
func topTalkers(ctx context.Context, o *PlanGenerateOptions) (*analysis.Result, error) {
	res, _, err := o.Analysis.aggregate(ctx, &o.flowLogDeps, func(q analysis.Query) analysis.Query {
		q.Top = 0
		return q
	}, true)
	return res, err
}

// describe prints the analysis filters as flags, for the plan's header.
func (o *analysisOptions) describe() string {
	var parts []string
	add := func(flag string, vals ...string) {
		for _, v := range splitList(vals) {
			parts = append(parts, fmt.Sprintf("--%s %s", flag, v))
		}
	}
	add("src-cidr", o.SrcCIDRs...)
	add("dst-cidr", o.DstCIDRs...)
	add("nat-ip", o.NATIPs...)
	add("action", o.Actions...)
	add("since", o.Since)
	add("until", o.Until)
	add("interface", o.Interfaces...)
	add("by", strings.Join(o.By, ","))
	if o.Identify {
		parts = append(parts, "--identify")
	}
	if o.AWSLookup {
		parts = append(parts, "--aws-lookup")
	}
	add("dns-logs", o.DNS.Logs...)
	if len(parts) == 0 {
		return "none (all records)"
	}
	return strings.Join(parts, " ")
}
