package cli

import (
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

// TestImpactS3Moto runs impact over an s3:// source in moto: only the
// day folder of the --since/--until window is read (a misplaced object in
// another day's folder would add a second file and a third peer).
func TestImpactS3Moto(t *testing.T) {
	testenv.MotoURL(t)
	region := "AWSLogs/111122223333/vpcflowlogs/eu-west-1/"
	misplaced := "2 111122223333 eni-0c3d4e5f6a7b80003 10.0.2.8 192.0.2.44 40100 8443 6 4 900 1763629200 1763629260 ACCEPT OK\n"
	logs := map[string]string{
		region + "2025/11/20/111122223333_vpcflowlogs_eu-west-1_fl-0a1_20251120T0800Z_a1.log.gz": natgwLog,
		region + "2025/11/25/111122223333_vpcflowlogs_eu-west-1_fl-0a1_20251125T0800Z_b2.log.gz": misplaced,
	}
	objects := map[string][]byte{}
	for key, body := range logs {
		objects[key] = testenv.Gzip(t, []byte(body))
	}
	bucket := motoBucket(t, "aclprobe-impact", objects)

	out, errOut, code := runRoot(t, "impact", "s3://"+bucket+"/", "--since", "2025-11-20", "--until", "2025-11-21",
		"--block", "0.0.0.0/0", "--except", "10.0.0.0/8,203.0.113.0/24", "--format", "csv")
	if code != ExitFinding {
		t.Fatalf("exit %d, want %d\nstderr:\n%s", code, ExitFinding, errOut)
	}
	for _, w := range []string{"10.0.1.5,198.51.100.7,443,6,dst,2,", "10.0.1.6,198.51.100.53,53,17,dst,1,"} {
		if !strings.Contains(out, w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "192.0.2.44") || !strings.Contains(errOut, "evidence: 1 file,") {
		t.Errorf("the 2025/11/25 folder was read:\nstdout:\n%s\nstderr:\n%s", out, errOut)
	}
}
