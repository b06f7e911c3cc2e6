package plan

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/acl/change"
)

func numbers(s Step) []int {
	var out []int
	for _, e := range s.All() {
		out = append(out, e.RuleNumber)
	}
	return out
}

func TestStepsServiceTarget(t *testing.T) {
	p := stepsPlan(&RuleRange{From: 90, To: 99}, "all", "3.3.3.3/32")
	p.Targets = append(p.Targets, Target{CIDRs: []string{"52.94.1.1/32", "52.94.1.2/32", "52.94.1.3/32"}, Label: "kinesis"})
	entries := []change.Entry{egress(98, "deny", "-1", "10.9.0.0/16"), egress(100, "allow", "-1", "0.0.0.0/0")}
	steps, err := Steps(p, &change.Snapshot{ID: "acl-1", Entries: entries})
	if err != nil {
		t.Fatal(err)
	}
	if got := numbers(steps[1]); !reflect.DeepEqual(got, []int{99, 97, 96}) {
		t.Errorf("service target numbers = %v, want distinct free numbers 99 97 96", got)
	}
	if steps[1].Entry != steps[1].Entries[0] || steps[1].Entries[2].CIDR != "52.94.1.3/32" {
		t.Errorf("entries = %+v", steps[1].Entries)
	}
	p.Deny.MaxEntries = 4
	if _, err := Steps(p, &change.Snapshot{ID: "acl-1", Entries: entries}); err == nil || !strings.Contains(err.Error(), "3 more (a service target's entries are in place together) exceeds max_entries 4") {
		t.Errorf("quota counts every member: err = %v", err)
	}
}

func groupPlan(maxGroup int, targets ...Target) *Plan {
	p := &Plan{Deny: Deny{RuleRange: &RuleRange{From: 90, To: 99}}, Strategy: Strategy{Mode: ModeGroup, MaxGroup: maxGroup}, Targets: targets}
	p.SetDefaults()
	return p
}

func ipTargets(n int) []Target {
	var ts []Target
	for i := range n {
		ts = append(ts, Target{CIDR: fmt.Sprintf("203.0.113.%d/32", i+1)})
	}
	return ts
}

func TestGroupSteps(t *testing.T) {
	tests := []struct {
		name      string
		plan      *Plan
		entries   []change.Entry
		wantGroup []int
		wantNums  [][]int
		wantErr   string
	}{
		{"groups of three numbered from the pool", groupPlan(3, ipTargets(7)...), []change.Entry{egress(98, "deny", "-1", "10.0.0.0/8"), egress(100, "allow", "-1", "0.0.0.0/0")},
			[]int{0, 0, 0, 1, 1, 1, 2}, [][]int{{99}, {97}, {96}, {99}, {97}, {96}, {99}}, ""},
		{"a service target is never split across groups", groupPlan(3, Target{CIDR: "203.0.113.1/32"}, Target{CIDR: "203.0.113.2/32"}, Target{CIDRs: []string{"198.51.100.1/32", "198.51.100.2/32"}}),
			[]change.Entry{egress(100, "allow", "-1", "0.0.0.0/0")}, []int{0, 0, 1}, [][]int{{99}, {98}, {99, 98}}, ""},
		{"capacity bounded by the free numbers", groupPlan(8, ipTargets(4)...), []change.Entry{egress(92, "allow", "-1", "0.0.0.0/0")},
			[]int{0, 0, 1, 1}, [][]int{{91}, {90}, {91}, {90}}, ""},
		{"capacity bounded by every target's matching allow", groupPlan(4, Target{CIDR: "203.0.113.1/32"}, Target{CIDR: "52.94.1.1/32"}),
			[]change.Entry{egress(95, "allow", "-1", "52.94.0.0/16"), egress(100, "allow", "-1", "0.0.0.0/0")}, []int{0, 0}, [][]int{{94}, {93}}, ""},
		{"no room for the largest target", groupPlan(4, Target{CIDRs: []string{"198.51.100.1/32", "198.51.100.2/32"}}), []change.Entry{egress(91, "allow", "-1", "0.0.0.0/0")},
			nil, nil, "group mode: only 1 entries fit at once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps, ok := stepsOr(t, tt.plan, &change.Snapshot{ID: "acl-1", Entries: tt.entries}, tt.wantErr)
			if !ok {
				return
			}
			var groups []int
			var nums [][]int
			for _, s := range steps {
				groups, nums = append(groups, s.Group), append(nums, numbers(s))
			}
			if !reflect.DeepEqual(groups, tt.wantGroup) || !reflect.DeepEqual(nums, tt.wantNums) {
				t.Errorf("groups %v numbers %v, want %v %v", groups, nums, tt.wantGroup, tt.wantNums)
			}
		})
	}
}

func TestGroupStepsQuota(t *testing.T) {
	p := groupPlan(8, ipTargets(10)...)
	p.Deny.MaxEntries = 5
	entries := []change.Entry{egress(100, "allow", "-1", "0.0.0.0/0"), egress(110, "allow", "-1", "::/0")}
	steps, err := Steps(p, &change.Snapshot{ID: "acl-1", Entries: entries})
	if err != nil {
		t.Fatal(err)
	}
	if steps[2].Group != 0 || steps[3].Group != 1 {
		t.Errorf("the quota leaves room for 3 entries: groups %d %d", steps[2].Group, steps[3].Group)
	}
}

func TestGroupWindows(t *testing.T) {
	tests := []struct {
		name  string
		sizes []int
		share float64
		want  float64
	}{
		{"nothing breaks: one window per group", []int{8, 8, 8, 8}, 0, 4},
		{"everything breaks: 2n-1 per group", []int{8, 8, 3}, 1, 15 + 15 + 5},
		{"a single target is one window", []int{1}, 0.5, 1},
		// Two targets, p = 1/2: test (1) + P(some)=3/4 × search(2); search(2) = 1 + P(L quiet|some)·1 + P(L breaks|some)·test(1) = 1 + 1/3 + 2/3 = 2.
		{"pair at one half", []int{2}, 0.5, 1 + 0.75*2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := GroupWindows(tt.sizes, tt.share); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("GroupWindows(%v, %g) = %g, want %g", tt.sizes, tt.share, got, tt.want)
			}
		})
	}
}

func TestEstimateCampaign(t *testing.T) {
	p := groupPlan(8, ipTargets(32)...)
	p.Timing.Window, p.Timing.Cooldown = Duration(5*60e9), Duration(60e9)
	c := EstimateCampaign(p)
	if c.Sequential[CaseWorst].Windows != 32 || c.Group[CaseBest].Windows != 4 || c.Group[CaseWorst].Windows != 60 {
		t.Errorf("campaign = %+v", c)
	}
	if c.Group[CaseExpected].Windows <= 4 || c.Group[CaseExpected].Windows >= 32 {
		t.Errorf("expected windows at 5%% = %g, want between best and sequential", c.Group[CaseExpected].Windows)
	}
	if c.Group[CaseBest].Time != 4*6*60e9 {
		t.Errorf("best time = %s", c.Group[CaseBest].Time)
	}
}
