package plan

import (
	"bytes"
	"net/netip"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/acl/change"
	"github.com/aclprobe/aclprobe/internal/golden"
)

func TestPreviewOffline(t *testing.T) {
	p, sum := loadValid(t)
	steps, err := Steps(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = Preview(&buf, PreviewInput{Path: "testdata/valid.yaml", SHA256: sum, Plan: p, Steps: steps, OfflineReason: "--offline"})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "preview-offline.golden", buf.Bytes())
}

func TestPreviewWithSnapshot(t *testing.T) {
	p, sum := loadValid(t)
	snap := &change.Snapshot{
		ID: "acl-0123456789abcdef0", VPC: "vpc-0123456789abcdef0",
		Tags:    map[string]string{"Environment": "staging"},
		Subnets: []string{"subnet-0123456789abcdef0"},
		Entries: []change.Entry{
			egress(80, "deny", "-1", "198.51.100.0/24"),
			egress(100, "allow", "6", "0.0.0.0/0"),
			{RuleNumber: 110, Direction: change.Egress, Action: change.Allow, Protocol: change.UDP, CIDR: "0.0.0.0/0", Ports: change.PortRange{From: 53, To: 53}},
			egress(32767, "deny", "-1", "0.0.0.0/0"),
			{RuleNumber: 100, Direction: change.Ingress, Action: change.Allow, Protocol: change.AllProtocols, CIDR: "0.0.0.0/0"},
			{RuleNumber: 32767, Direction: change.Ingress, Action: change.Deny, Protocol: change.AllProtocols, CIDR: "0.0.0.0/0"},
		},
	}
	snap.Entries[1].Ports = change.AllPorts
	steps, err := Steps(p, snap)
	if err != nil {
		t.Fatal(err)
	}
	checks := []Check{
		{Name: "guard: account", OK: true, Detail: "111122223333 is allowed"},
		{Name: "acl: rule numbers free", OK: true, Detail: "89 is free in 80-89"},
		{Name: "alarms: exist and OK", OK: false, Detail: "api-5xx is in ALARM"},
		{Name: "path: observed sources in the acl's subnets", OK: true, Warn: true, Detail: "target 52.94.0.12/32: partial"},
	}
	subnets := []change.Subnet{{ID: "subnet-0123456789abcdef0", IPv4: []netip.Prefix{netip.MustParsePrefix("10.0.1.0/24")}}}
	paths := []Path{
		PathOf(Target{Evidence: &Evidence{Sources: []string{"10.0.1.5", "10.0.9.9"}}}, subnets),
		PathOf(p.Targets[1], subnets),
	}
	detect := &Detection{Window: p.Timing.Window.D(), Detectors: []Detector{{Kind: "alarm", Name: "api-5xx", Needs: 15 * time.Minute, How: "period 5m x 3 datapoints"}}}
	var buf bytes.Buffer
	err = Preview(&buf, PreviewInput{Path: "testdata/valid.yaml", SHA256: sum, Plan: p, Steps: steps, Snapshot: snap, Checks: checks, Paths: paths, Detection: detect})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "preview-online.golden", buf.Bytes())
}
