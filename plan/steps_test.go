package plan

import (
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/acl/change"
)

func stepsPlan(rr *RuleRange, protocol string, cidrs ...string) *Plan {
	p := &Plan{Deny: Deny{Protocol: protocol, RuleRange: rr}}
	for _, c := range cidrs {
		p.Targets = append(p.Targets, Target{CIDR: c})
	}
	p.SetDefaults()
	return p
}

func egress(n int, action, proto, cidr string) change.Entry {
	return change.Entry{RuleNumber: n, Direction: change.Egress, Action: change.Action(action), Protocol: change.Protocol(proto), CIDR: cidr}
}

func TestStepsChooseRuleNumber(t *testing.T) {
	base := []change.Entry{
		egress(90, "deny", "-1", "10.9.0.0/16"),
		egress(100, "allow", "6", "52.94.0.0/16"),
		egress(200, "allow", "-1", "0.0.0.0/0"),
		egress(32767, "deny", "-1", "0.0.0.0/0"),
		{RuleNumber: 99, Direction: change.Ingress, Action: change.Allow, Protocol: change.AllProtocols, CIDR: "0.0.0.0/0"}, // ingress: ignored
	}
	tests := []struct {
		name     string
		plan     *Plan
		entries  []change.Entry
		want     []int
		wantNote string
		wantErr  string
	}{
		{"below first allow, skipping used 90", stepsPlan(nil, "all", "3.3.3.3/32"), base, []int{99}, "highest free number below the first allow egress entry (100)", ""},
		{"same number reused per step", stepsPlan(nil, "all", "3.3.3.3/32", "52.94.1.1/32"), base, []int{99, 99}, "", ""},
		{"rule range below the matching allow", stepsPlan(&RuleRange{From: 80, To: 150}, "all", "52.94.1.1/32"), base, []int{99}, "matching the target: 100 allow tcp 52.94.0.0/16", ""},
		{"udp ignores the tcp allow", stepsPlan(&RuleRange{From: 80, To: 150}, "udp", "52.94.1.1/32"), base, []int{150}, "matching the target: 200 allow all 0.0.0.0/0", ""},
		{"range entirely above matching allow", stepsPlan(&RuleRange{From: 120, To: 150}, "all", "52.94.1.1/32"), base, nil, "", "the deny would be shadowed: allow entry 100 allow tcp 52.94.0.0/16"},
		{"first allow at 1 does not match, the matching one is lower than the range", stepsPlan(nil, "all", "3.3.3.3/32"), []change.Entry{egress(1, "allow", "-1", "10.0.0.0/8"), egress(200, "allow", "-1", "0.0.0.0/0")}, nil, "", "no free rule number: highest free number below the first allow egress entry (1)"},
		{"tcp allow on one port shadows a tcp deny", stepsPlan(&RuleRange{From: 120, To: 150}, "tcp", "52.94.1.1/32"), []change.Entry{
			{RuleNumber: 110, Direction: change.Egress, Action: change.Allow, Protocol: change.TCP, CIDR: "52.94.0.0/16", Ports: change.PortRange{From: 443, To: 443}},
		}, nil, "", "allow entry 110 allow tcp 52.94.0.0/16 ports 443-443 already matches"},
		{"broader allow covering an ipv6 target shadows it", stepsPlan(&RuleRange{From: 120, To: 150}, "all", "2001:db8::1/128"), []change.Entry{
			egress(100, "allow", "-1", "::/0"),
		}, nil, "", "allow entry 100 allow all ::/0 already matches"},
		{"allow at rule 1 shadows everything", stepsPlan(nil, "all", "3.3.3.3/32"), []change.Entry{egress(1, "allow", "-1", "0.0.0.0/0")}, nil, "", "the deny would be shadowed"},
		{"range full", stepsPlan(&RuleRange{From: 90, To: 90}, "all", "3.3.3.3/32"), base, nil, "", "no free rule number"},
		{"no allow entry at all", stepsPlan(nil, "all", "3.3.3.3/32"), []change.Entry{egress(32767, "deny", "-1", "0.0.0.0/0")}, []int{32766}, "the default rule already denies it", ""},
		{"ipv6 target ignores ipv4 allow", stepsPlan(&RuleRange{From: 80, To: 150}, "all", "2001:db8::1/128"), base, []int{150}, "no allow entry matches", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps, ok := stepsOr(t, tt.plan, &change.Snapshot{ID: "acl-0123456789abcdef0", Entries: tt.entries}, tt.wantErr)
			if !ok {
				return
			}
			for i, s := range steps {
				if s.RuleNumber != tt.want[i] || s.Direction != change.Egress || s.Action != change.Deny {
					t.Errorf("step %d = %+v, want rule %d", i, s, tt.want[i])
				}
				if !strings.Contains(s.RuleNote, tt.wantNote) {
					t.Errorf("note = %q, want %q", s.RuleNote, tt.wantNote)
				}
			}
		})
	}
}

func TestStepsQuota(t *testing.T) {
	p := stepsPlan(nil, "all", "3.3.3.3/32")
	p.Deny.MaxEntries = 2
	entries := []change.Entry{egress(100, "allow", "-1", "0.0.0.0/0"), egress(110, "allow", "-1", "::/0"), egress(32767, "deny", "-1", "0.0.0.0/0")}
	_, err := Steps(p, &change.Snapshot{ID: "acl-1", Entries: entries})
	if err == nil || !strings.Contains(err.Error(), "acl acl-1: egress has 2 entries; one more exceeds max_entries 2") {
		t.Fatalf("err = %v", err)
	}
	p.Deny.MaxEntries = 3
	if _, err := Steps(p, &change.Snapshot{ID: "acl-1", Entries: entries}); err != nil {
		t.Fatalf("with room: %v", err)
	}
}

func TestStepsOffline(t *testing.T) {
	p := stepsPlan(nil, "tcp", "3.3.3.3/32", "2001:db8::/64")
	p.Deny.Direction = "ingress"
	steps, err := Steps(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range steps {
		if s.Index != i || s.RuleNumber != 0 || s.Direction != change.Ingress || s.Protocol != change.TCP || s.Ports.From != 0 || s.Ports.To != 65535 ||
			!strings.Contains(s.RuleNote, "chosen at run time: highest free number below the ACL's first allow ingress entry") {
			t.Errorf("step %d = %+v", i, s)
		}
	}
	p.Deny.RuleRange = &RuleRange{From: 80, To: 89}
	steps, _ = Steps(p, nil)
	if !strings.Contains(steps[0].RuleNote, "rule_range 80-89") {
		t.Errorf("note = %q", steps[0].RuleNote)
	}
}

// stepsOr returns the plan's steps on snap, or, when wantErr is set,
// checks that Steps fails with an error containing it and returns false.
func stepsOr(t *testing.T, p *Plan, snap *change.Snapshot, wantErr string) ([]Step, bool) {
	t.Helper()
	steps, err := Steps(p, snap)
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Fatalf("err = %v, want %q", err, wantErr)
		}
		return nil, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return steps, true
}
