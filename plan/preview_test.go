package plan

import (
	"bytes"
	"testing"

	"github.com/aclprobe/aclprobe/internal/golden"
)

func TestPreviewOffline(t *testing.T) {
	p, sum, err := Load("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
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
	p, sum, err := Load("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	snap := &ACLSnapshot{
		ID: "acl-0123456789abcdef0", VPC: "vpc-0123456789abcdef0",
		Tags:    map[string]string{"Environment": "staging"},
		Subnets: []string{"subnet-0123456789abcdef0"},
		Entries: []ACLEntry{
			egress(80, "deny", "-1", "198.51.100.0/24"),
			egress(100, "allow", "6", "0.0.0.0/0"),
			{RuleNumber: 110, Egress: true, Action: "allow", Protocol: "17", CIDR: "0.0.0.0/0", PortFrom: 53, PortTo: 53},
			egress(32767, "deny", "-1", "0.0.0.0/0"),
			{RuleNumber: 100, Action: "allow", Protocol: "-1", CIDR: "0.0.0.0/0"},
			{RuleNumber: 32767, Action: "deny", Protocol: "-1", CIDR: "0.0.0.0/0"},
		},
	}
	snap.Entries[1].PortFrom, snap.Entries[1].PortTo = 0, 65535
	steps, err := Steps(p, snap)
	if err != nil {
		t.Fatal(err)
	}
	checks := []Check{
		{Name: "guard: account", OK: true, Detail: "111122223333 is allowed"},
		{Name: "acl: rule numbers free", OK: true, Detail: "89 is free in 80-89"},
		{Name: "alarms: exist and OK", OK: false, Detail: "api-5xx is in ALARM"},
	}
	var buf bytes.Buffer
	err = Preview(&buf, PreviewInput{Path: "testdata/valid.yaml", SHA256: sum, Plan: p, Steps: steps, Snapshot: snap, Checks: checks})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "preview-online.golden", buf.Bytes())
}
