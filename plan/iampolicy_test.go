package plan

import (
	"testing"

	"github.com/aclprobe/aclprobe/internal/golden"
)

func TestMinimalIAMPolicy(t *testing.T) {
	p, _ := loadValid(t)
	p.Guard.Accounts = append(p.Guard.Accounts, "444455556666")
	b, err := MinimalIAMPolicy(p).JSON()
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "iam-policy.golden", b)
}

func TestPartition(t *testing.T) {
	for region, want := range map[string]string{"eu-west-1": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov"} {
		if got := Partition(region); got != want {
			t.Errorf("Partition(%s) = %s, want %s", region, got, want)
		}
	}
}
