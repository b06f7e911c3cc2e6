package cli

import (
	"path/filepath"
	"testing"

	"github.com/aclprobe/aclprobe/internal/golden"
	"github.com/aclprobe/aclprobe/internal/testenv"
)

// TestCompareS3Moto compares the NAT story's two days read from moto's S3
// prefixes: the same CSV as from local directories (the golden), -50.0%
// packets and -82.0% bytes.
func TestCompareS3Moto(t *testing.T) {
	testenv.MotoURL(t)
	objects := map[string][]byte{}
	for day, dests := range map[string][]natDest{
		"2025-11-20": {{"52.94.216.17", 40, 300, 500_000}, {"3.233.146.10", 20, 200, 320_000}, {"203.0.113.45", 50, 400, 150_000}, {"198.51.100.20", 10, 100, 30_000}},
		"2025-12-04": {{"203.0.113.45", 50, 400, 150_000}, {"198.51.100.20", 10, 100, 30_000}},
	} {
		objects["flowlogs/"+day+"/natgw.log"] = readFile(t, filepath.Join(writeNATDay(t, day, dests), day+".log"))
	}
	bucket := motoBucket(t, "aclprobe-compare", objects)
	out, errOut, code := runRoot(t, "compare", "s3://"+bucket+"/flowlogs/2025-11-20/", "s3://"+bucket+"/flowlogs/2025-12-04/",
		"--src-cidr", "10.20.0.0/16", "--by", "dstaddr", "--sort", "bytes", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden.Check(t, "compare/nat-story.csv", []byte(out))
}
