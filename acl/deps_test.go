package acl

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLinksNoFlowLogCode: the safety core links nothing of flow-log
// reading (the analysis packages, the Parquet reader, klauspost's
// decoders, the S3 client), nor the plan, which imports analysis to
// generate plans. `go test` puts its own go command first on PATH.
func TestLinksNoFlowLogCode(t *testing.T) {
	forbidden := []string{
		"github.com/aclprobe/aclprobe/analysis",
		"github.com/aclprobe/aclprobe/plan",
		"github.com/parquet-go/",
		"github.com/klauspost/",
		"github.com/aws/aws-sdk-go-v2/service/s3",
	}
	for _, pkg := range []string{".", "./change"} {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 2 {
			t.Fatalf("go list -deps %s listed %q", pkg, deps)
		}
		for _, d := range deps {
			for _, f := range forbidden {
				if strings.HasPrefix(d, f) {
					t.Errorf("%s links %s", pkg, d)
				}
			}
		}
	}
}
