package cli

import (
	"bytes"
	"compress/gzip"
	"os"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

// TestAnalyzeDNSLogsS3Moto reads the sample's query logs from moto's S3,
// gzipped and split in two objects under AWS's delivery layout: the rows
// and their names equal those of the local query log.
func TestAnalyzeDNSLogsS3Moto(t *testing.T) {
	testenv.MotoURL(t)
	body, err := os.ReadFile(sampleDNS + "resolver-query-log.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(body), "\n")
	half := len(lines) / 2
	prefix := "AWSLogs/111122223333/vpcdnsquerylogs/vpc-0a1b2c3d4e5f60718/2025/12/04/"
	bucket := motoBucket(t, "aclprobe-dnslogs", map[string][]byte{
		prefix + "vpc-0a1b2c3d4e5f60718_vpcdnsquerylogs_111122223333_20251204T0000Z_a.log.gz": gzipBytes(t, strings.Join(lines[:half], "")),
		prefix + "vpc-0a1b2c3d4e5f60718_vpcdnsquerylogs_111122223333_20251204T1200Z_b.log.gz": gzipBytes(t, strings.Join(lines[half:], "")),
	})
	args := []string{"analyze", sampleDir, "--src-cidr", "10.20.0.0/16", "--nat-ip", "10.20.0.10", "--by", "dst-endpoint,dstport", "--format", "csv"}
	s3Out, errOut, code := runRoot(t, append(args, "--dns-logs", "s3://"+bucket+"/AWSLogs/")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "dns: 2 files, ") {
		t.Errorf("stderr:\n%s", errOut)
	}
	localOut, _, _ := runRoot(t, append(args, "--dns-logs", sampleDNS)...)
	if s3Out != localOut || !strings.Contains(s3Out, "kinesis.eu-west-1.amazonaws.com") {
		t.Errorf("s3:\n%s\nlocal:\n%s", s3Out, localOut)
	}
	_, errOut, code = runRoot(t, append(args, "--dns-logs", "s3://"+bucket+"/nothing-here/")...)
	if code != ExitFailure || !strings.Contains(errOut, "no objects") {
		t.Errorf("empty prefix: exit %d, %s", code, errOut)
	}
}

func gzipBytes(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
