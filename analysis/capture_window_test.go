package analysis

import (
	"strings"
	"testing"
	"time"
)

func TestCaptureWarnings(t *testing.T) {
	now := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		name string
		c    Coverage
		want []string // substrings, one per warning
	}{
		{"a plausible day", Coverage{First: day("2026-01-09"), Last: day("2026-01-10")}, nil},
		{"no records", Coverage{}, nil},
		{"start 0 (1970)", Coverage{First: time.Unix(0, 0), Last: day("2026-01-10")}, []string{"1970-01-01T00:00:00Z, before VPC Flow Logs existed"}},
		{"times in milliseconds", Coverage{First: day("2026-01-09"), Last: time.Unix(1764806460000, 0)}, []string{"in the future"}},
		{"both", Coverage{First: day("2014-12-31"), Last: day("2026-01-12")}, []string{"before VPC Flow Logs", "2026-01-12T00:00:00Z, in the future"}},
		{"a day ahead is still fine", Coverage{First: day("2026-01-09"), Last: now.Add(23 * time.Hour)}, nil},
		{"odd record windows", Coverage{First: day("2026-01-09"), Last: day("2026-01-10"), OddWindows: 3}, []string{"3 records have a capture window"}},
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

// TestOddWindows counts records whose own window is absurd.
func TestOddWindows(t *testing.T) {
	in := "srcaddr start end packets\n" +
		"10.0.0.1 1764806400 1764806460 1\n" + // one minute
		"10.0.0.1 1764806460 1764806400 1\n" + // ends before it starts
		"10.0.0.1 1764806400 1764896400 1\n" + // a day
		"10.0.0.1 - 1764806400 1\n" // no start: not judged
	res := aggregate(t, LocalOptions{}, Query{By: []string{"srcaddr"}}, textSource("in.log", in))
	if res.Coverage.OddWindows != 2 {
		t.Errorf("odd windows %d, want 2", res.Coverage.OddWindows)
	}
}
