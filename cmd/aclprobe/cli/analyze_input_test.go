package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

// writeFiles writes name -> content into a new directory and returns it.
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// sampleBytes returns the content of a test input file (the sample data
// set, testdata), failing t when it cannot be read.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// Two exports of one flow log in different field orders, concatenated on
// stdin (cat a.log b.log | aclprobe analyze -): the second header switches
// the format, so the second record is not read with swapped addresses.
func TestAnalyzeFormatChangeOnStdin(t *testing.T) {
	a := "srcaddr dstaddr srcport dstport packets bytes\n10.0.0.1 203.0.113.7 40000 443 1 100\n"
	b := "dstaddr srcaddr dstport srcport packets bytes\n203.0.113.7 10.0.0.1 443 40001 2 200\n"
	out, errOut, code := runBinaryStdin(t, a+b, "analyze", "-", "--by", "srcaddr,dstaddr,dstport", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "srcaddr,dstaddr,dstport,flows,packets,bytes\n10.0.0.1,203.0.113.7,443,2,3,300\n"; out != want {
		t.Errorf("stdout:\n%s\nwant\n%s", out, want)
	}
	if !strings.Contains(errOut, `coverage: format changed at -:3: "dstaddr srcaddr dstport srcport packets bytes"`) ||
		strings.Contains(errOut, "malformed") {
		t.Errorf("stderr should note the format change and no malformed line:\n%s", errOut)
	}
}

// A header after a blank line or comments, or behind a byte order mark,
// still sets the format: --strict finds nothing malformed.
func TestAnalyzeHeaderAfterPreamble(t *testing.T) {
	body := "srcaddr dstaddr dstport packets bytes\n10.0.0.1 10.0.0.2 443 1 10\n"
	dir := writeFiles(t, map[string][]byte{
		"blank.log":   []byte("\n" + body),
		"comment.log": []byte("# exported from the console\n" + body),
		"bom.log":     []byte("\ufeff" + body),
	})
	out, errOut, code := runBinary(t, nil, "analyze", dir, "--strict", "--by", "srcaddr,dstport", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "srcaddr,dstport,flows,packets,bytes\n10.0.0.1,443,3,3,30\n"; out != want {
		t.Errorf("stdout:\n%s\nwant\n%s", out, want)
	}
}

// A Firehose export holds CloudWatch Logs' health checks among the data:
// --strict must not fail on them, and coverage counts them apart.
func TestAnalyzeFirehoseControlMessages(t *testing.T) {
	control := `{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],` +
		`"logEvents":[{"id":"","timestamp":1764806400000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}`
	data := `{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"/vpc/flowlogs","logStream":"eni-0a","subscriptionFilters":["f"],` +
		`"logEvents":[{"id":"1","timestamp":1764806400000,"message":"2 111122223333 eni-0a 10.0.1.5 52.94.0.10 40000 443 6 10 5000 1764806400 1764806460 ACCEPT OK"}]}`
	dir := writeFiles(t, map[string][]byte{"firehose.json": []byte(control + data + control)})
	out, errOut, code := runBinary(t, nil, "analyze", dir, "--strict", "--by", "dstaddr", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "dstaddr,flows,packets,bytes\n52.94.0.10,1,10,5000\n"; out != want {
		t.Errorf("stdout:\n%s\nwant\n%s", out, want)
	}
	if !strings.Contains(errOut, "coverage: 2 CloudWatch Logs control messages skipped (health checks, no records)") {
		t.Errorf("stderr should count the control messages:\n%s", errOut)
	}
}

// A truncated .gz among good files: by default it is named on stderr and
// the other files are read (exit 0); --strict makes it fatal (exit 1).
func TestAnalyzeTruncatedGzip(t *testing.T) {
	gz := testenv.Gzip(t, []byte("srcaddr dstaddr dstport packets bytes\n10.0.0.1 10.0.0.2 443 1 10\n"))
	dir := writeFiles(t, map[string][]byte{"a.log.gz": gz, "b.log.gz": gz[:len(gz)-12]})
	cut := filepath.Join(dir, "b.log.gz")

	out, errOut, code := runBinary(t, nil, "analyze", dir, "--by", "srcaddr", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "srcaddr,flows,packets,bytes\n10.0.0.1,1,1,10\n"; out != want {
		t.Errorf("stdout:\n%s\nwant\n%s", out, want)
	}
	if !strings.Contains(errOut, "warning: 1 file could not be read to the end") ||
		!strings.Contains(errOut, "read "+cut+": truncated gzip: unexpected EOF") {
		t.Errorf("stderr should name the truncated file:\n%s", errOut)
	}

	out, errOut, code = runBinary(t, nil, "analyze", dir, "--strict")
	if code != ExitFailure || out != "" || !strings.Contains(errOut, "aclprobe: read "+cut+": truncated gzip") {
		t.Errorf("--strict: exit %d, stdout %q, stderr %q; want exit 1 naming %s", code, out, errOut, cut)
	}
}

// A misspelt field or sort key is an error (exit 1) naming the one meant,
// not a table of "-" and exit 0.
func TestAnalyzeMisspeltNames(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"--by dst-addr", []string{"--by", "dst-addr"}, `by "dst-addr": no such flow log field; did you mean dstaddr?`},
		{"--by a name no input has", []string{"--by", "peer"}, `by "peer": not a flow log field, and no input has it`},
		{"--fields", []string{"--fields", "srcaddr,dstadr,packets"}, `--fields: field "dstadr": no such flow log field; did you mean dstaddr?`},
		{"--sort", []string{"--sort", "byte"}, "did you mean bytes?"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runBinary(t, nil, append([]string{"analyze", sampleDir}, tc.args...)...)
			if code != ExitFailure || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, tc.want)
			}
		})
	}
}

// The built-in sample is a NAT gateway's interface: grouped by destination
// without a leg filter, each connection is counted once per leg, and
// stderr says so and names the flag that counts one leg.
func TestAnalyzeNATLegsWarning(t *testing.T) {
	out, errOut, code := runBinary(t, nil, "analyze", sampleDir, "--by", "dst-endpoint", "--format", "csv", "--top", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "\n52.94.24.98,408,") {
		t.Errorf("both legs of the sample's 204 connections to 52.94.24.98 should count:\n%s", out)
	}
	if !strings.Contains(errOut, "warning: NAT gateway legs: ") || !strings.Contains(errOut, "Count the private leg only with --nat-ip 10.20.0.10 ") {
		t.Errorf("stderr should warn about NAT legs and name --nat-ip 10.20.0.10:\n%s", errOut)
	}

	out, errOut, code = runBinary(t, nil, "analyze", sampleDir, "--by", "dst-endpoint", "--format", "csv", "--top", "0", "--nat-ip", "10.20.0.10")
	if code != 0 || !strings.Contains(out, "\n52.94.24.98,204,") || strings.Contains(errOut, "NAT gateway legs") {
		t.Errorf("the private leg: exit %d, stdout\n%s\nstderr\n%s", code, out, errOut)
	}
}

// Times that cannot be right (in milliseconds, or zero) are warned about
// on stderr instead of going silently into the time span.
func TestAnalyzeCaptureWindowWarnings(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{"ms.log": []byte("srcaddr start end packets bytes\n" +
		"10.0.0.1 1764806400000 1764806460000 1 10\n" + // milliseconds
		"10.0.0.1 0 60 1 10\n")})
	_, errOut, code := runBinary(t, nil, "analyze", dir, "--by", "srcaddr")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"warning: records start as early as 1970-01-01T00:00:00Z, before VPC Flow Logs existed", "in the future"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// parquet-go's own messages (here from its PARQUETGODEBUG parsing, which
// runs before main) come out as aclprobe warnings, not as bare,
// date-stamped lines.
func TestParquetLibraryWarningsArePrefixed(t *testing.T) {
	t.Setenv("PARQUETGODEBUG", "bogus")
	_, errOut, code := runBinary(t, nil, "analyze", sampleDir, "--top", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "aclprobe: warning: parquet: PARQUETGODEBUG: unrecognized debug option: \"bogus\"\n") {
		t.Errorf("stderr lacks the prefixed parquet warning:\n%s", errOut)
	}
	for _, line := range strings.Split(errOut, "\n") {
		if strings.Contains(line, "PARQUETGODEBUG") && !strings.HasPrefix(line, "aclprobe: warning: parquet: ") {
			t.Errorf("unprefixed library line: %q", line)
		}
	}
}
