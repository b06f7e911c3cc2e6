package plan

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/aclprobe/aclprobe/acl/change"
)

var (
	nameRe    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	regionRe  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	aclRe     = regexp.MustCompile(`^acl-[0-9a-f]{8,17}$`)
	subnetRe  = regexp.MustCompile(`^subnet-[0-9a-f]{8,17}$`)
	accountRe = regexp.MustCompile(`^[0-9]{12}$`)
	prodRe    = regexp.MustCompile(`(?i)^(prod|production|prd)$`)
)

// MaxEntriesLimit is the highest per-direction entry quota AWS grants.
const MaxEntriesLimit = 40

// Validate checks a plan whose defaults are applied (SetDefaults) and
// returns a *ValidationError listing every problem, or nil. Problems carry
// paths but no positions; Parse and Load add file:line:column.
func Validate(p *Plan) error {
	var ps problems
	validate(p, &ps)
	return ps.err("")
}

// validate runs every semantic check, in file order.
func validate(p *Plan, ps *problems) {
	validateHeader(p, ps)
	validateACL(p, ps)
	validateGuard(p, ps)
	validateDeny(p, ps)
	validateTiming(p, ps)
	validateWatch(p, ps)
	validateProbes(p, ps)
	validateTargets(p, ps)
	validateStrategy(p, ps)
}

func validateHeader(p *Plan, ps *problems) {
	switch p.APIVersion {
	case APIVersion:
	case "":
		ps.add("apiVersion", "missing: set apiVersion: %s", APIVersion)
	default:
		ps.add("apiVersion", "unsupported %q: this build reads %s", p.APIVersion, APIVersion)
	}
	switch {
	case p.Name == "":
		ps.add("name", "missing: give the plan a short name (letters, digits, . _ -)")
	case !nameRe.MatchString(p.Name):
		ps.add("name", "%q: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (it names the run directory)", p.Name)
	}
}

func validateACL(p *Plan, ps *problems) {
	t := p.Target
	switch {
	case t.Region == "":
		ps.add("target.region", "missing: the AWS region of the network ACL, e.g. eu-west-1")
	case !regionRe.MatchString(t.Region):
		ps.add("target.region", "%q is not an AWS region name (e.g. eu-west-1)", t.Region)
	}
	switch {
	case t.NetworkACL == "":
		ps.add("target.network_acl", "missing: the network ACL id, e.g. acl-0123456789abcdef0")
	case !aclRe.MatchString(t.NetworkACL):
		ps.add("target.network_acl", "%q is not a network ACL id (acl- followed by 8 or 17 hex digits)", t.NetworkACL)
	}
	checkIDs(ps, "target.subnets", "subnet", "a subnet id (subnet- followed by 8 or 17 hex digits)", t.Subnets, subnetRe)
}

func validateGuard(p *Plan, ps *problems) {
	g := p.Guard
	if len(g.Accounts) == 0 {
		ps.add("guard.accounts", "missing: list the AWS account id(s) this plan may run in (12 digits)")
	}
	checkIDs(ps, "guard.accounts", "account", "an AWS account id (12 digits; quote it in YAML to keep leading zeros)", g.Accounts, accountRe)
	for _, k := range sortedKeys(g.RequireTags) {
		v := g.RequireTags[k]
		path := "guard.require_tags." + k
		if strings.TrimSpace(k) == "" {
			ps.add("guard.require_tags", "empty tag key")
		}
		if prodRe.MatchString(strings.TrimSpace(v)) {
			ps.add(path, "value %q says production: aclprobe refuses production network ACLs whatever the plan says", v)
		}
	}
}

func validateDeny(p *Plan, ps *problems) {
	d := p.Deny
	if _, err := change.ParseDirection(d.Direction); err != nil {
		ps.add("deny.direction", "%q: want egress or ingress", d.Direction)
	}
	if _, err := d.Proto(); err != nil {
		ps.add("deny.protocol", "%v", err)
	}
	if r := d.RuleRange; r != nil {
		if r.From < change.MinRuleNumber || r.From > change.MaxRuleNumber {
			ps.add("deny.rule_range.from", "%d is outside %d..%d", r.From, change.MinRuleNumber, change.MaxRuleNumber)
		}
		if r.To < change.MinRuleNumber || r.To > change.MaxRuleNumber {
			ps.add("deny.rule_range.to", "%d is outside %d..%d", r.To, change.MinRuleNumber, change.MaxRuleNumber)
		}
		if r.From > r.To {
			ps.add("deny.rule_range", "from %d is greater than to %d", r.From, r.To)
		}
	}
	if d.MaxEntries < 1 || d.MaxEntries > MaxEntriesLimit {
		ps.add("deny.max_entries", "%d: want 1..%d (AWS allows 20 entries per direction by default, 40 at most)", d.MaxEntries, MaxEntriesLimit)
	}
}

func validateTiming(p *Plan, ps *problems) {
	t := p.Timing
	for _, f := range []struct {
		path string
		d    Duration
	}{
		{"timing.window", t.Window}, {"timing.poll_interval", t.PollInterval},
		{"timing.recovery_timeout", t.RecoveryTimeout}, {"timing.max_duration", t.MaxDuration},
	} {
		if f.d <= 0 {
			ps.add(f.path, "%s: must be positive", f.d)
		}
	}
	if t.Cooldown < 0 {
		ps.add("timing.cooldown", "%s: must not be negative", t.Cooldown)
	}
	if t.PollInterval > 0 && t.Window > 0 && t.Window <= t.PollInterval {
		ps.add("timing.window", "%s must be longer than timing.poll_interval %s (at least two polls per window)", t.Window, t.PollInterval)
	}
	if t.PollInterval > 0 && t.RecoveryTimeout > 0 && t.RecoveryTimeout < t.PollInterval {
		ps.add("timing.recovery_timeout", "%s is shorter than timing.poll_interval %s", t.RecoveryTimeout, t.PollInterval)
	}
	if est := EstimateDuration(p); t.MaxDuration > 0 && est > t.MaxDuration.D() {
		ps.add("timing.max_duration", "%s is shorter than the estimated total duration: %s; raise max_duration or remove targets",
			FormatDuration(t.MaxDuration.D()), EstimateText(p))
	}
}

func validateWatch(p *Plan, ps *problems) {
	w := p.Watch
	if len(w.Alarms)+len(w.AlarmPrefixes)+len(w.Probes) == 0 {
		ps.add("watch", "nothing is watched: add watch.alarms, watch.alarm_prefixes or watch.probes, or no target can ever break")
	}
	checkNames(ps, "watch.alarms", "alarm", w.Alarms)
	checkNames(ps, "watch.alarm_prefixes", "alarm prefix", w.AlarmPrefixes)
	checkNames(ps, "watch.stop_alarms", "stop alarm", w.StopAlarms)
	watched := map[string]bool{}
	for _, a := range w.Alarms {
		watched[a] = true
	}
	for i, s := range w.StopAlarms {
		path := fmt.Sprintf("watch.stop_alarms[%d]", i)
		if watched[s] {
			ps.add(path, "%q is also a watched alarm: a stop alarm ends the whole run, a watched alarm marks a target as broken; pick one", s)
			continue
		}
		for _, pre := range w.AlarmPrefixes {
			if pre != "" && strings.HasPrefix(s, pre) {
				ps.add(path, "%q is also watched through alarm prefix %q: rename it or narrow the prefix", s, pre)
				break
			}
		}
	}
}

// checkIDs reports each id of the list at path that re does not match
// ("%q is not <isNot>") and each repeat ("duplicate <noun> ...").
func checkIDs(ps *problems, path, noun, isNot string, ids []string, re *regexp.Regexp) {
	seen := map[string]int{}
	for i, id := range ids {
		p := fmt.Sprintf("%s[%d]", path, i)
		if !re.MatchString(id) {
			ps.add(p, "%q is not %s", id, isNot)
		}
		if j, dup := seen[id]; dup {
			ps.add(p, "duplicate %s %s (also %s[%d])", noun, id, path, j)
		}
		seen[id] = i
	}
}

// checkNames reports empty and duplicate entries of a list of names.
func checkNames(ps *problems, path, what string, names []string) {
	seen := map[string]int{}
	for i, n := range names {
		p := fmt.Sprintf("%s[%d]", path, i)
		if strings.TrimSpace(n) == "" {
			ps.add(p, "empty %s name", what)
			continue
		}
		if j, dup := seen[n]; dup {
			ps.add(p, "duplicate %s %q (also %s[%d])", what, n, path, j)
		}
		seen[n] = i
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
