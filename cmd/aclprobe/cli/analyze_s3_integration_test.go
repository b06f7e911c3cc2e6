package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

// TestAnalyzeS3Moto reads the sample through moto's S3 next to a local
// copy of it: an s3:// source and a local path in one run give the same
// rows as the local file twice.
func TestAnalyzeS3Moto(t *testing.T) {
	testenv.MotoURL(t)
	body := readFile(t, sampleDir+"natgw-day.log.gz")
	key := "AWSLogs/111122223333/vpcflowlogs/eu-west-1/2025/12/04/111122223333_vpcflowlogs_eu-west-1_fl-0a1_20251204T0000Z_s.log.gz"
	bucket := motoBucket(t, "aclprobe-analyze", map[string][]byte{key: body})
	args := []string{"--src-cidr", "10.20.0.0/16", "--nat-ip", "10.20.0.10", "--by", "pkt-dstaddr,dstport", "--format", "csv", "--top", "5",
		"--since", "2025-12-04", "--until", "2025-12-05"}
	s3Out, errOut, code := runRoot(t, append([]string{"analyze", "s3://" + bucket + "/AWSLogs/", sampleDir}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "coverage: 2 files,") {
		t.Errorf("stderr:\n%s", errOut)
	}
	localOut, _, _ := runRoot(t, append([]string{"analyze", sampleDir, sampleDir + "natgw-day.log.gz"}, args...)...)
	if s3Out != localOut || strings.Count(s3Out, "\n") != 6 {
		t.Errorf("s3 + local:\n%s\nlocal twice:\n%s", s3Out, localOut)
	}
	_, errOut, code = runRoot(t, "analyze", "s3://"+bucket+"/nothing-here/")
	if code != ExitFailure || !strings.Contains(errOut, "no objects") {
		t.Errorf("empty prefix: exit %d, %s", code, errOut)
	}
}

// TestAnalyzeS3ManyObjectsMoto reads six objects, four at a time, under
// the smallest --memory, and gets what six local copies give.
func TestAnalyzeS3ManyObjectsMoto(t *testing.T) {
	testenv.MotoURL(t)
	body := readFile(t, sampleDir+"natgw-day.log.gz")
	objects := map[string][]byte{}
	local := []string{"analyze"}
	for i := range 6 {
		objects[fmt.Sprintf("flows/part-%d.log.gz", i)] = body
		local = append(local, sampleDir+"natgw-day.log.gz")
	}
	bucket := motoBucket(t, "aclprobe-many", objects)
	args := []string{"--by", "pkt-dstaddr,dstport", "--format", "csv", "--top", "0"}
	s3Out, errOut, code := runRoot(t, append([]string{"analyze", "s3://" + bucket + "/flows/", "--memory", "32MiB"}, args...)...)
	if code != 0 || !strings.Contains(errOut, "coverage: 6 files,") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	localOut, _, _ := runRoot(t, append(local, args...)...)
	if s3Out != localOut || strings.Count(s3Out, "\n") < 10 {
		t.Errorf("s3:\n%s\nlocal:\n%s", s3Out, localOut)
	}
}

// TestAnalyzeDNSLogsS3Moto reads the sample's query logs from moto's S3,
// gzipped and split in two objects under AWS's delivery layout: the rows
// and their names equal those of the local query log.
func TestAnalyzeDNSLogsS3Moto(t *testing.T) {
	testenv.MotoURL(t)
	body := readFile(t, sampleDNS+"resolver-query-log.jsonl")
	lines := strings.SplitAfter(string(body), "\n")
	half := len(lines) / 2
	prefix := "AWSLogs/111122223333/vpcdnsquerylogs/vpc-0a1b2c3d4e5f60718/2025/12/04/"
	bucket := motoBucket(t, "aclprobe-dnslogs", map[string][]byte{
		prefix + "vpc-0a1b2c3d4e5f60718_vpcdnsquerylogs_111122223333_20251204T0000Z_a.log.gz": testenv.Gzip(t, []byte(strings.Join(lines[:half], ""))),
		prefix + "vpc-0a1b2c3d4e5f60718_vpcdnsquerylogs_111122223333_20251204T1200Z_b.log.gz": testenv.Gzip(t, []byte(strings.Join(lines[half:], ""))),
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
