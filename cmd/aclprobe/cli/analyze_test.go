package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/internal/golden"
)

const sampleDir = "../../../testdata/sample/"

// TestAnalyzeSample runs analyze on the sample directory, with and without
// the sample's query logs: the rows against golden files, the evidence
// lines each case must print on stderr.
func TestAnalyzeSample(t *testing.T) {
	coverage := []string{"coverage: 1 file, ", "SKIPDATA"}
	dnsCoverage := []string{"dns: 1 file, ", "dns: named ", "coverage: 1 file, "}
	tests := []struct {
		name   string
		args   []string
		stderr []string // lines on stderr that must be there
	}{
		{"default grouping of the sample directory", []string{"analyze", sampleDir, "--top", "8"}, coverage},
		{"NAT private leg by destination", []string{"analyze", sampleDir + "natgw-day.log.gz", "--src-cidr", "10.20.0.0/16",
			"--nat-ip", "10.20.0.10", "--by", "pkt-dstaddr,dstport,pkt-dst-aws-service", "--top", "6"}, coverage},
		{"by bytes as csv", []string{"analyze", sampleDir, "--by", "dst-endpoint", "--sort", "bytes", "--top", "4", "--format", "csv",
			"--since", "2025-12-04T06:00:00Z", "--until", "2025-12-04T18:00:00Z", "--action", "accept"}, coverage},
		{"json", []string{"analyze", sampleDir, "--by", "pkt-dst-aws-service", "--top", "3", "--format", "json", "--interface", "eni-0f1e2d3c4b5a69788"}, coverage},
		// the README's first command with the sample's query logs: names on
		// the rows of the callers that asked, labels from names
		{"default grouping with names", []string{"analyze", sampleDir, "--dns-logs", sampleDNS, "--top", "12"}, dnsCoverage},
		{"NAT private leg by destination with names", []string{"analyze", sampleDir, "--dns-logs", sampleDNS + "resolver-query-log.jsonl",
			"--src-cidr", "10.20.0.0/16", "--nat-ip", "10.20.0.10", "--by", "dst-endpoint,dstport", "--format", "csv"}, dnsCoverage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runRoot(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden.Check(t, "analyze/"+strings.ReplaceAll(tc.name, " ", "-")+".out", []byte(out))
			for _, want := range tc.stderr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
		})
	}
}

func TestAnalyzeIdentify(t *testing.T) {
	out, errOut, code := runRoot(t, "analyze", sampleDir, "--src-cidr", "10.20.0.0/16", "--nat-ip", "10.20.0.10",
		"--by", "pkt-dstaddr,pkt-dst-aws-service", "--top", "3", "--format", "csv",
		"--identify", "--ip-ranges", "../../../analysis/identify/testdata/ip-ranges.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "pkt-dstaddr,pkt-dst-aws-service,flows,packets,bytes,service,service_source" || len(lines) != 4 {
		t.Fatalf("output:\n%s", out)
	}
	if !strings.Contains(lines[1], ",pkt-dst-aws-service") {
		t.Errorf("the record's own service label should win: %s", lines[1])
	}
}

func TestAnalyzeErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no sources", []string{"analyze"}, "no flow log sources"},
		{"missing file", []string{"analyze", "nope.log"}, "nope.log: no such file"},
		{"bad cidr", []string{"analyze", sampleDir, "--src-cidr", "10.0.0.1/16"}, "--src-cidr"},
		{"bad nat ip", []string{"analyze", sampleDir, "--nat-ip", "10.0.0.300"}, "--nat-ip"},
		{"bad action", []string{"analyze", sampleDir, "--action", "drop"}, "--action"},
		{"bad since", []string{"analyze", sampleDir, "--since", "yesterday"}, "--since"},
		{"since after until", []string{"analyze", sampleDir, "--since", "2025-12-05", "--until", "2025-12-04"}, "before"},
		{"bad sort", []string{"analyze", sampleDir, "--sort", "speed"}, "sort"},
		{"bad top", []string{"analyze", sampleDir, "--top", "-2"}, "top"},
		{"bad field", []string{"analyze", sampleDir, "--by", "src addr"}, "by"},
		{"bad fields", []string{"analyze", sampleDir, "--fields", "srcaddr,srcaddr"}, "--fields"},
		{"bad format", []string{"analyze", sampleDir, "--format", "xml"}, "--format"},
		{"label flags without --identify", []string{"analyze", sampleDir, "--rdns"}, "--identify"},
		{"bad vendor ranges", []string{"analyze", sampleDir, "--identify", "--vendor-ranges", "datadog"}, "NAME=FILE"},
		{"bad memory", []string{"analyze", sampleDir, "--memory", "lots"}, "--memory"},
		{"memory unit", []string{"analyze", sampleDir, "--memory", "512MB"}, "128MiB"},
		{"memory too small", []string{"analyze", sampleDir, "--memory", "4MiB"}, "at least 32MiB"},
		{"strict", []string{"analyze", "../../../analysis/render/testdata/output/csv.golden", "--strict"}, "malformed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runRoot(t, tc.args...)
			if code != ExitFailure || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, tc.want)
			}
		})
	}
}

// TestAnalyzeMemoryFlag: --memory and --temp-dir reach the engine and
// change no output (the sample is too small to spill at 32MiB; spilled
// results are compared with in-memory ones in package analysis).
func TestAnalyzeMemoryFlag(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"4-tuple", []string{"--by", "srcaddr,srcport,dstaddr,dstport", "--top", "10"}},
		{"default grouping, all rows", []string{"--top", "0", "--format", "csv"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := append([]string{"analyze", sampleDir}, tc.args...)
			want, _, code := runRoot(t, base...)
			got, _, code2 := runRoot(t, append(base, "--memory", "32MiB", "--temp-dir", t.TempDir())...)
			if code != ExitOK || code2 != ExitOK || got != want || want == "" {
				t.Errorf("exit %d/%d; --memory 32MiB printed\n%s\nwant\n%s", code, code2, got, want)
			}
		})
	}
}

func TestAnalysisQueryTimes(t *testing.T) {
	o := &analysisOptions{Since: "2025-12-04", Until: "2025-12-04T12:30:00+01:00", Sort: "Bytes", By: []string{"PKT_DSTADDR,dstport"}}
	q, err := o.query()
	if err != nil {
		t.Fatal(err)
	}
	if !q.Since.Equal(time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC)) || !q.Until.Equal(time.Date(2025, 12, 4, 11, 30, 0, 0, time.UTC)) {
		t.Errorf("since %v until %v", q.Since, q.Until)
	}
	if q.Sort != "bytes" || len(q.By) != 2 || q.By[0] != "pkt-dstaddr" {
		t.Errorf("sort %q by %q", q.Sort, q.By)
	}
}
