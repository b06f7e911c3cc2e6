package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/internal/golden"
)

// natDest is one destination of a day of NAT gateway flow logs from
// 10.20.10.11: flows records, spread over the day, that add up to packets
// and bytes.
type natDest struct {
	addr                  string
	flows, packets, bytes int
}

// writeNATDay writes dests as a day's flow log file (DAY.log) under a
// fresh dir and returns the dir.
func writeNATDay(t *testing.T, day string, dests []natDest) string {
	t.Helper()
	return writeFiles(t, map[string][]byte{day + ".log": natDay(t, day, dests)})
}

// natDay is the flow log file of dests on day (YYYY-MM-DD).
func natDay(t *testing.T, day string, dests []natDest) []byte {
	t.Helper()
	start, err := time.Parse(time.DateOnly, day)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n")
	// The first and last records pin each day's span to the same 24 hours.
	for _, d := range dests {
		for i := range d.flows {
			p, by := d.packets/d.flows, d.bytes/d.flows
			if i == d.flows-1 { // the remainder on the last record
				p, by = d.packets-p*(d.flows-1), d.bytes-by*(d.flows-1)
			}
			at := start.Add(time.Duration(i) * (24*time.Hour - time.Minute) / time.Duration(max(d.flows-1, 1)))
			fmt.Fprintf(&b, "2 111122223333 eni-0f1e2d3c4b5a69788 10.20.10.11 %s %d 443 6 %d %d %d %d ACCEPT OK\n",
				d.addr, 40000+i, p, by, at.Unix(), at.Add(time.Minute).Unix())
		}
	}
	return []byte(b.String())
}

// The NAT story's after-effect: Kinesis and Datadog moved to a VPC
// endpoint and PrivateLink, so they no longer appear in the NAT gateway's
// flow logs. What is left is exactly half the packets and 18% of the
// bytes: compare must print -50.0% and -82.0%.
func TestCompareNATStory(t *testing.T) {
	kinesis := natDest{"52.94.216.17", 40, 300, 500_000}
	datadog := natDest{"3.233.146.10", 20, 200, 320_000}
	partner := natDest{"203.0.113.45", 50, 400, 150_000}
	sftp := natDest{"198.51.100.20", 10, 100, 30_000}
	before := writeNATDay(t, "2025-11-20", []natDest{kinesis, datadog, partner, sftp})
	after := writeNATDay(t, "2025-12-04", []natDest{partner, sftp})

	for _, format := range []string{"table", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			out, errOut, code := runRoot(t, "compare", before, after, "--by", "dstaddr", "--sort", "bytes", "--format", format)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden.Check(t, "compare/nat-story."+format, []byte(out))
			if strings.Contains(errOut, "per day") {
				t.Errorf("equal spans were normalised per day:\n%s", errOut)
			}
		})
	}

	out, errOut, code := runRoot(t, "compare", before, after, "--by", "dstaddr", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Total map[string]*float64 `json:"total"`
		Rows  []map[string]any    `json:"rows"`
		Extra map[string]any      `json:"-"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	for key, want := range map[string]float64{"packets_before": 1000, "packets_after": 500, "packets_change_pct": -50.0,
		"bytes_before": 1_000_000, "bytes_after": 180_000, "bytes_change_pct": -82.0, "flows_before": 120, "flows_after": 60} {
		if got := doc.Total[key]; got == nil || *got != want {
			t.Errorf("total.%s = %v, want %v", key, got, want)
		}
	}
	if len(doc.Rows) != 4 {
		t.Fatalf("%d rows, want 4 (the moved destinations stay, at -100%%)", len(doc.Rows))
	}
	for _, r := range doc.Rows {
		if r["dstaddr"] == kinesis.addr && (r["bytes_after"] != 0.0 || r["bytes_change_pct"] != -100.0) {
			t.Errorf("kinesis row %v, want bytes_after 0 and -100.0%%", r)
		}
	}
}

// A week against a day is normalised per day, and says so.
func TestComparePerDay(t *testing.T) {
	day := writeNATDay(t, "2025-12-04", []natDest{{"203.0.113.45", 10, 700, 7000}})
	days := map[string][]byte{}
	for i := range 7 {
		d := time.Date(2025, 11, 20+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		days[d+".log"] = natDay(t, d, []natDest{{"203.0.113.45", 10, 700, 7000}})
	}
	week := writeFiles(t, days)
	out, errOut, code := runRoot(t, "compare", week, day, "--by", "dstaddr", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "every number is per day") {
		t.Errorf("stderr does not say the numbers are per day:\n%s", errOut)
	}
	var doc struct {
		Total  map[string]*float64 `json:"total"`
		PerDay bool                `json:"per_day"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	// Both sides carry the same traffic per day (the week's total is 7
	// times the day's), so per day the change is about zero.
	if !doc.PerDay || doc.Total["packets_change_pct"] == nil || *doc.Total["packets_change_pct"] > 1 || *doc.Total["packets_change_pct"] < -1 {
		t.Errorf("per_day %v, packets change %v: want per-day numbers about equal", doc.PerDay, doc.Total["packets_change_pct"])
	}
}

func TestCompareErrors(t *testing.T) {
	dir := writeNATDay(t, "2025-12-04", []natDest{{"203.0.113.45", 2, 20, 2000}})
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"one side", []string{"compare", dir}, "accepts 2 arg(s)"},
		{"bad format", []string{"compare", dir, dir, "--format", "yaml"}, `--format "yaml": want table, csv, json`},
		{"stdin", []string{"compare", "-", dir}, "not stdin"},
		{"identify", []string{"compare", dir, dir, "--identify"}, "label the rows with analyze"},
		{"athena", []string{"compare", dir, dir, "--engine", "athena"}, "compare reads two sets of sources with the local engine"},
		{"bad by", []string{"compare", dir, dir, "--by", "dst-addr"}, "did you mean dstaddr?"},
		{"missing side", []string{"compare", dir, filepath.Join(dir, "nope")}, "after"},
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
