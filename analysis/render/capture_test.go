package render

import (
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
)

func TestCaptureWarnings(t *testing.T) {
	now := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		name string
		c    analysis.Coverage
		want []string // substrings, one per warning
	}{
		{"a plausible day", analysis.Coverage{First: day("2026-01-09"), Last: day("2026-01-10")}, nil},
		{"no records", analysis.Coverage{}, nil},
		{"start 0 (1970)", analysis.Coverage{First: time.Unix(0, 0), Last: day("2026-01-10")}, []string{"1970-01-01T00:00:00Z, before VPC Flow Logs existed"}},
		{"times in milliseconds", analysis.Coverage{First: day("2026-01-09"), Last: time.Unix(1764806460000, 0)}, []string{"in the future"}},
		{"both", analysis.Coverage{First: day("2014-12-31"), Last: day("2026-01-12")}, []string{"before VPC Flow Logs", "2026-01-12T00:00:00Z, in the future"}},
		{"a day ahead is still fine", analysis.Coverage{First: day("2026-01-09"), Last: now.Add(23 * time.Hour)}, nil},
		{"odd record windows", analysis.Coverage{First: day("2026-01-09"), Last: day("2026-01-10"), OddWindows: 3}, []string{"3 records have a capture window"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := captureWarnings(tc.c, now)
			if len(got) != len(tc.want) {
				t.Fatalf("warnings %q, want %d", got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %q, want it to say %q", got[i], w)
				}
			}
		})
	}
}
