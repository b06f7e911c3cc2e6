package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/internal/golden"
)

// The NAT story's after-effect in the report: the compare result of
// Kinesis and Datadog moved off the NAT gateway (testdata/compare/
// nat-story.json is cmd/aclprobe/cli's compare golden), drawn under the
// recommendations that led to it.
func TestGoldenCompare(t *testing.T) {
	for _, format := range []string{FormatMarkdown, FormatHTML} {
		t.Run(format, func(t *testing.T) {
			in, err := Load(filepath.Join("testdata", "breaks"))
			if err != nil {
				t.Fatal(err)
			}
			if in.Compare, err = LoadCompare(filepath.Join("testdata", "compare", "nat-story.json")); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := Render(&buf, in, format); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "compare/report."+format+".golden", buf.Bytes())
			for _, want := range []string{"After the change", "-50.0%", "-82.0%", "52.94.216.17"} {
				if !strings.Contains(buf.String(), want) {
					t.Errorf("%s report does not show %q", format, want)
				}
			}
		})
	}
}

func TestLoadCompare(t *testing.T) {
	c, err := LoadCompare(filepath.Join("testdata", "compare", "nat-story.json"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Bytes.Change() != "-82.0%" || c.Packets.Change() != "-50.0%" || len(c.Bars) != 4 || c.Bars[0].Label != "52.94.216.17" {
		t.Errorf("LoadCompare = bytes %s, packets %s, %d bars, first %q", c.Bytes.Change(), c.Packets.Change(), len(c.Bars), c.Bars[0].Label)
	}
	if c.Bars[0].BeforeWidth != compareChartWidth || c.Bars[0].AfterWidth != 0 {
		t.Errorf("the busiest bar is %v wide before and %v after, want %d and 0", c.Bars[0].BeforeWidth, c.Bars[0].AfterWidth, compareChartWidth)
	}
	dir := t.TempDir()
	tests := []struct{ name, body, want string }{
		{"not json", "nope", "invalid character"},
		{"not a compare result", `{"rules": []}`, "not an aclprobe compare result"},
		{"a row that is not an object", `{"total": {"bytes_before": 1}, "rows": [3]}`, "rows[0]: want an object"},
		{"a negative total", `{"total": {"bytes_before": 1, "bytes_after": -1}, "rows": []}`, "total: bytes_after -1: want a count of zero or more"},
		{"a negative row count", `{"total": {"bytes_before": 1}, "rows": [{"dstaddr": "a", "packets_before": -2}]}`, "rows[0]: packets_before -2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name+".json")
			if err := os.WriteFile(p, []byte(tc.body), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := LoadCompare(p); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
