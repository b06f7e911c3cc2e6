package report

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzParseCompare feeds parseCompare arbitrary bytes: it must not panic,
// and whatever it accepts must draw: at most compareBars bars, each as
// wide as zero to compareChartWidth, with a label that fits.
func FuzzParseCompare(f *testing.F) {
	golden, err := os.ReadFile(filepath.Join("testdata", "compare", "nat-story.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		string(golden),
		`{"total": {"bytes_before": 0, "bytes_after": 0}, "rows": []}`,
		`{"total": {"bytes_before": 1, "bytes_change_pct": null}, "rows": [{"dstaddr": null, "bytes_after": 5}]}`,
		`{"total": {"bytes_before": 1e308, "bytes_after": 1e308}, "rows": [{"a": 1, "b": true, "bytes_before": 1e308}]}`,
		`{"total": {"bytes_before": 1}, "rows": [{"dstaddr": "x", "bytes_before": -1}]}`,
		`{"total": {"bytes_before": 1}, "rows": [[]]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := parseCompare("fuzz.json", b)
		if err != nil {
			return
		}
		if len(c.Bars) > compareBars {
			t.Fatalf("%d bars, want at most %d", len(c.Bars), compareBars)
		}
		for i, bar := range c.Bars {
			for _, w := range []float64{bar.BeforeWidth, bar.AfterWidth} {
				if !(w >= 0 && w <= compareChartWidth) {
					t.Fatalf("bar %d (%q) is %v wide, want 0 to %d", i, bar.Label, w, compareChartWidth)
				}
			}
			if utf8.RuneCountInString(bar.Short) > compareLabelRunes {
				t.Fatalf("bar %d's label %q is longer than %d runes", i, bar.Short, compareLabelRunes)
			}
		}
	})
}
