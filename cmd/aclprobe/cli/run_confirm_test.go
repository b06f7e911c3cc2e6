package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/internal/testenv"
	"github.com/aclprobe/aclprobe/plan"
)

func TestConfirm(t *testing.T) {
	p := &plan.Plan{Target: plan.ACLRef{NetworkACL: "acl-0abc", Region: "eu-west-1"}, Targets: []plan.Target{{CIDR: "203.0.113.7/32", Label: "kinesis"}}}
	tests := []struct {
		name  string
		typed string
		ok    bool
	}{
		{"the acl id", "acl-0abc\n", true},
		{"with spaces", "  acl-0abc  \n", true},
		{"yes is not enough", "yes\n", false},
		{"another acl", "acl-0abd\n", false},
		{"nothing (EOF)", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var errOut bytes.Buffer
			ios := &IO{In: strings.NewReader(tc.typed), Out: &bytes.Buffer{}, ErrOut: &errOut, StdinIsTerminal: true}
			err := confirm(context.Background(), ios, p, []plan.Check{{Name: "x", OK: true}})
			if (err == nil) != tc.ok {
				t.Fatalf("confirm(%q) = %v", tc.typed, err)
			}
			if !strings.Contains(errOut.String(), "203.0.113.7/32") || !strings.Contains(errOut.String(), "Type the network ACL id (acl-0abc)") {
				t.Fatalf("prompt %q does not show the targets and what to type", errOut.String())
			}
		})
	}
}

func TestRunRefusesWithoutTerminalOrYes(t *testing.T) {
	var out, errOut bytes.Buffer
	root := NewRootCmd(&IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	root.SetArgs([]string{"run", "../../../plans/nat-top-talkers.yaml"})
	if code := Execute(context.Background(), root); code != ExitFailure {
		t.Fatalf("exit %d, want 1; stderr %s", code, errOut.String())
	}
	if !strings.Contains(errOut.String(), "--yes required when not interactive") {
		t.Fatalf("stderr %q does not say that --yes is required", errOut.String())
	}
}

func TestRecoverJournalTarget(t *testing.T) {
	recs := []acl.JournalRecord{{Op: acl.OpRunStart, ACL: "acl-1", Region: "eu-west-1"}}
	tests := []struct {
		name, acl, region string
		wantErr           string
	}{
		{name: "fills acl and region from the journal"},
		{name: "same acl", acl: "acl-1", region: "eu-west-1"},
		{name: "other acl", acl: "acl-2", wantErr: "not --acl acl-2"},
		{name: "other region", region: "us-east-1", wantErr: "not --region us-east-1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := &RecoverOptions{AWS: &AWSConfig{Region: tc.region}, ACL: tc.acl, Journal: "j.jsonl"}
			err := journalTarget(recs, o)
			if testenv.WantErr(t, err, tc.wantErr) {
				return
			}
			if err != nil || o.ACL != "acl-1" || o.AWS.Region != "eu-west-1" {
				t.Fatalf("journalTarget = %v, acl %q region %q", err, o.ACL, o.AWS.Region)
			}
		})
	}
}
