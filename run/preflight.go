package run

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/acl/change"
	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/probe"
)

// ErrPreflight is wrapped by the error of a preflight in which a check
// failed: the run refuses to start (exit 1, nothing changed).
var ErrPreflight = errors.New("preflight checks failed")

// Preflight runs every read-only check the real run performs before its
// first change, in order: the guard (account via STS, production tag
// values on the ACL or its VPC, required tags on both), the ACL (exists,
// expected subnets, lease), the rule numbers plan.Steps chooses (free,
// below the first matching allow entry) and the quota, the path (the ACL
// has associated subnets, they carry each target's address family, each
// target's observed sources are in them), watched and stop alarms (exist,
// OK), detection power (a warning when no watched check could fail within
// the window), self-lockout (no target covers an address of the
// EC2, CloudWatch or STS endpoints), the probes' baseline, and last, only
// when everything else passed, the EC2 DryRun permission checks. It
// returns the ACL snapshot (nil when the ACL could not be read) and every
// check's outcome. The error wraps ErrPreflight when a check failed, and
// is an *acl.UndoError when EC2 ignored DryRun and the entry it really
// created could not be removed (then a change is left: see its Command).
func Preflight(ctx context.Context, d Deps, p *plan.Plan) (*change.Snapshot, []plan.Check, error) {
	f, err := Inspect(ctx, d, p)
	return f.Snapshot, f.Checks, err
}

// Findings is everything Preflight found, for the preview.
type Findings struct {
	Snapshot *change.Snapshot // nil when the ACL could not be read
	Checks   []plan.Check
	// Paths is each target's path check (in plan order); nil when the
	// ACL's subnets could not be read.
	Paths []plan.Path
	// Detection says which watched checks could fail within the window.
	Detection plan.Detection
}

// Inspect is Preflight with everything it found: the same checks, plus
// each target's path and the detection power the preview shows per target.
func Inspect(ctx context.Context, d Deps, p *plan.Plan) (Findings, error) {
	pf, err := runPreflight(ctx, d, p, preflightOpts{})
	return Findings{Snapshot: pf.snap, Checks: pf.checks, Paths: pf.paths, Detection: pf.detect}, err
}

type preflightOpts struct {
	runID      string       // whose lease is "ours"
	skipProbes bool         // the run baselines its own probe set
	journal    *acl.Journal // records the DryRun create, in case EC2 ignores DryRun
}

// preflight is what the checks found, kept for the run.
type preflight struct {
	checks     []plan.Check
	snap       *change.Snapshot
	steps      []plan.Step
	account    string
	alarms     *probe.Alarms
	stop       *probe.Alarms
	alarmNames []string
	stopNames  []string
	paths      []plan.Path    // per target, from checkPath (nil when not run)
	detect     plan.Detection // from checkDetection
}

func (pf *preflight) add(name string, ok bool, detail string) {
	pf.checks = append(pf.checks, plan.Check{Name: name, OK: ok, Detail: detail})
}

func (pf *preflight) failed() []string {
	var names []string
	for _, c := range pf.checks {
		if !c.OK {
			names = append(names, c.Name)
		}
	}
	return names
}

func runPreflight(ctx context.Context, d Deps, p *plan.Plan, o preflightOpts) (*preflight, error) {
	pf := &preflight{}
	pf.checkAccount(ctx, d, p)
	if pf.checkACL(ctx, d, p, o) {
		pf.checkSteps(p)
		pf.checkPath(ctx, d, p)
	}
	pf.checkAlarms(ctx, d, p)
	pf.checkDetection(ctx, d, p)
	pf.checks = append(pf.checks, lockoutCheck(ctx, d, p))
	if !o.skipProbes && len(p.Watch.Probes) > 0 {
		pf.checkProbes(ctx, d, p)
	}
	if err := ctx.Err(); err != nil {
		return pf, err
	}
	if failed := pf.failed(); len(failed) > 0 {
		pf.add("dry run: CreateNetworkAclEntry, DeleteNetworkAclEntry", false, "skipped: earlier checks failed")
		return pf, fmt.Errorf("%w: %s", ErrPreflight, strings.Join(failed, "; "))
	}
	if err := pf.checkDryRun(ctx, d, o); err != nil {
		return pf, err
	}
	if failed := pf.failed(); len(failed) > 0 {
		return pf, fmt.Errorf("%w: %s", ErrPreflight, strings.Join(failed, "; "))
	}
	return pf, nil
}

func (pf *preflight) checkAccount(ctx context.Context, d Deps, p *plan.Plan) {
	const name = "guard: account allowed by the plan"
	out, err := d.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		pf.add(name, false, fmt.Sprintf("sts: get caller identity: %v", err))
		return
	}
	pf.account = aws.ToString(out.Account)
	if !slices.Contains(p.Guard.Accounts, pf.account) {
		pf.add(name, false, fmt.Sprintf("account %s is not in guard.accounts %v", pf.account, p.Guard.Accounts))
		return
	}
	pf.add(name, true, "account "+pf.account)
}

// checkACL runs the checks on the ACL and its VPC; it reports whether
// the ACL could be read.
func (pf *preflight) checkACL(ctx context.Context, d Deps, p *plan.Plan, o preflightOpts) bool {
	id := p.Target.NetworkACL
	snap, err := acl.Describe(ctx, d.EC2, id)
	if err != nil {
		pf.add("acl: exists", false, err.Error())
		return false
	}
	pf.snap = snap
	pf.add("acl: exists", true, fmt.Sprintf("%s in %s, %d entries", id, snap.VPC, len(snap.Entries)))
	vpcTags, err := acl.VPCTags(ctx, d.EC2, snap.VPC)
	if err != nil {
		pf.add("guard: vpc tags readable", false, err.Error())
		vpcTags = nil
	}
	prod := []error{acl.CheckProduction("acl "+id, snap.Tags)}
	if vpcTags != nil {
		prod = append(prod, acl.CheckProduction("vpc "+snap.VPC, vpcTags))
	}
	if err := errors.Join(prod...); err != nil {
		pf.add("guard: no production tag on the acl or vpc", false, err.Error())
	} else {
		pf.add("guard: no production tag on the acl or vpc", true, "no tag value says prod, production or prd")
	}
	pf.checkRequiredTags(p, snap, vpcTags)
	pf.checkSubnets(p, snap)
	note, err := acl.CheckLease(snap, o.runID, d.Region, d.clock().Now())
	if err != nil {
		pf.add("acl: lease", false, err.Error())
	} else {
		pf.add("acl: lease", true, note)
	}
	return true
}

func (pf *preflight) checkRequiredTags(p *plan.Plan, snap *change.Snapshot, vpcTags map[string]string) {
	const name = "guard: required tags on the acl and vpc"
	if len(p.Guard.RequireTags) == 0 {
		pf.add(name, true, "the plan requires no tags")
		return
	}
	var miss []string
	for _, m := range acl.MissingTags(snap.Tags, p.Guard.RequireTags) {
		miss = append(miss, "acl "+snap.ID+": "+m)
	}
	if vpcTags != nil {
		for _, m := range acl.MissingTags(vpcTags, p.Guard.RequireTags) {
			miss = append(miss, "vpc "+snap.VPC+": "+m)
		}
	}
	if len(miss) > 0 {
		pf.add(name, false, strings.Join(miss, "; "))
		return
	}
	pf.add(name, true, fmt.Sprintf("%d tag(s) present on both", len(p.Guard.RequireTags)))
}

func (pf *preflight) checkSubnets(p *plan.Plan, snap *change.Snapshot) {
	if len(p.Target.Subnets) == 0 {
		return
	}
	var missing []string
	for _, s := range p.Target.Subnets {
		if !slices.Contains(snap.Subnets, s) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		pf.add("acl: expected subnets associated", false, fmt.Sprintf("not associated: %s (associated: %v)", strings.Join(missing, ", "), snap.Subnets))
		return
	}
	pf.add("acl: expected subnets associated", true, strings.Join(p.Target.Subnets, ", "))
}

func (pf *preflight) checkSteps(p *plan.Plan) {
	steps, err := plan.Steps(p, pf.snap)
	if err != nil {
		pf.add("acl: rule numbers free and below the first matching allow", false, err.Error())
		return
	}
	var bad []string
	for _, s := range steps {
		if x, ok := pf.snap.Find(s.RuleNumber, s.Direction); ok {
			bad = append(bad, fmt.Sprintf("rule %d is taken (%s %s)", s.RuleNumber, x.Action, x.CIDR))
		}
	}
	if len(bad) > 0 {
		pf.add("acl: rule numbers free and below the first matching allow", false, strings.Join(bad, "; "))
		return
	}
	pf.steps = steps
	nums := map[int]bool{}
	for _, s := range steps {
		nums[s.RuleNumber] = true
	}
	pf.add("acl: rule numbers free and below the first matching allow", true, fmt.Sprintf("%d step(s), rule number(s) %v", len(steps), sortedKeys(nums)))
	dir := p.Deny.Dir()
	n := pf.snap.QuotaUsed(dir)
	pf.add("acl: quota leaves room for one entry", n+1 <= p.Deny.MaxEntries,
		fmt.Sprintf("%d %s entries + 1 of max %d", n, dir, p.Deny.MaxEntries))
}

func sortedKeys(m map[int]bool) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
