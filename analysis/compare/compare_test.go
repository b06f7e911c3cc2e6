package compare

import (
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
)

func TestChangePct(t *testing.T) {
	tests := []struct {
		name          string
		before, after float64
		want          float64
		ok            bool
	}{
		{"half", 1000, 500, -50.0, true},
		{"eighteen percent left", 1_000_000, 180_000, -82.0, true},
		{"gone", 40, 0, -100.0, true},
		{"doubled", 3, 6, 100.0, true},
		{"rounded to one decimal", 3, 2, -33.3, true},
		{"new", 0, 5, 0, false},
		{"nothing either side", 0, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ChangePct(tc.before, tc.after)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ChangePct(%v, %v) = %v, %v; want %v, %v", tc.before, tc.after, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func result(first time.Time, span time.Duration, rows ...analysis.Row) *analysis.Result {
	return &analysis.Result{By: []string{"dstaddr"}, Rows: rows,
		Coverage: analysis.Coverage{First: first, Last: first.Add(span)}}
}

func row(key string, flows, packets, bytes int64) analysis.Row {
	return analysis.Row{Keys: []string{key}, Flows: flows, Packets: packets, Bytes: bytes}
}

func TestCompare(t *testing.T) {
	t0 := time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name          string
		before, after *analysis.Result
		opts          Options
		wantKeys      []string
		wantPerDay    bool
		wantTotal     Row
	}{
		{
			name:      "groups of either side, ranked by the larger side",
			before:    result(t0, Day, row("a", 10, 10, 10), row("b", 5, 5, 5)),
			after:     result(t0, Day, row("b", 20, 20, 20), row("c", 1, 1, 1)),
			wantKeys:  []string{"b", "a", "c"},
			wantTotal: Row{Before: Metrics{15, 15, 15}, After: Metrics{21, 21, 21}},
		},
		{
			name:      "ties by key; top cuts rows, not the total",
			before:    result(t0, Day, row("z", 1, 1, 1), row("y", 1, 1, 1), row("x", 1, 1, 1)),
			after:     result(t0, Day),
			opts:      Options{Top: 2},
			wantKeys:  []string{"x", "y"},
			wantTotal: Row{Before: Metrics{3, 3, 3}},
		},
		{
			name:      "sort by bytes",
			before:    result(t0, Day, row("a", 10, 1, 1), row("b", 1, 1, 100)),
			after:     result(t0, Day),
			opts:      Options{Sort: "bytes"},
			wantKeys:  []string{"b", "a"},
			wantTotal: Row{Before: Metrics{11, 2, 101}},
		},
		{
			name:       "a week against a day: per day",
			before:     result(t0, 7*Day, row("a", 70, 700, 7000)),
			after:      result(t0, Day, row("a", 10, 100, 1000)),
			wantKeys:   []string{"a"},
			wantPerDay: true,
			wantTotal:  Row{Before: Metrics{10, 100, 1000}, After: Metrics{10, 100, 1000}},
		},
		{
			name:      "an empty side is zero, whatever its span: not per day",
			before:    result(t0, 7*Day, row("a", 70, 700, 7000)),
			after:     &analysis.Result{By: []string{"dstaddr"}},
			wantKeys:  []string{"a"},
			wantTotal: Row{Before: Metrics{70, 700, 7000}},
		},
		{
			name:      "spans are cut to the window: a day of a two-day file against a day",
			before:    result(t0, 2*Day, row("a", 10, 10, 10)),
			after:     result(t0.Add(Day), Day, row("a", 5, 5, 5)),
			opts:      Options{Since: t0.Add(Day)},
			wantKeys:  []string{"a"},
			wantTotal: Row{Before: Metrics{10, 10, 10}, After: Metrics{5, 5, 5}},
		},
		{
			name:       "uncut, the same two sides are per day",
			before:     result(t0, 2*Day, row("a", 10, 10, 10)),
			after:      result(t0.Add(Day), Day, row("a", 5, 5, 5)),
			wantKeys:   []string{"a"},
			wantPerDay: true,
			wantTotal:  Row{Before: Metrics{5, 5, 5}, After: Metrics{5, 5, 5}},
		},
		{
			name:      "spans within 2% are not normalised",
			before:    result(t0, Day, row("a", 10, 10, 10)),
			after:     result(t0, Day-10*time.Minute, row("a", 5, 5, 5)),
			wantKeys:  []string{"a"},
			wantTotal: Row{Before: Metrics{10, 10, 10}, After: Metrics{5, 5, 5}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Compare(tc.before, tc.after, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, r := range c.Rows {
				keys = append(keys, r.Keys[0])
			}
			if len(keys) != len(tc.wantKeys) {
				t.Fatalf("rows %v, want %v", keys, tc.wantKeys)
			}
			for i := range keys {
				if keys[i] != tc.wantKeys[i] {
					t.Fatalf("rows %v, want %v", keys, tc.wantKeys)
				}
			}
			if c.PerDay != tc.wantPerDay || c.Total.Before != tc.wantTotal.Before || c.Total.After != tc.wantTotal.After {
				t.Errorf("per day %v, total %+v; want %v, %+v", c.PerDay, c.Total, tc.wantPerDay, tc.wantTotal)
			}
		})
	}
}

func TestCompareRefusesDifferentGroupings(t *testing.T) {
	a := result(time.Time{}, 0)
	b := &analysis.Result{By: []string{"srcaddr"}}
	if _, err := Compare(a, b, Options{}); err == nil {
		t.Fatal("want an error for different groupings")
	}
}

// Rows on both sides but no span on one: no per-day rate exists.
func TestCompareRefusesZeroSpanWithRows(t *testing.T) {
	t0 := time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC)
	_, err := Compare(result(t0, Day, row("a", 1, 1, 1)), result(t0, 0, row("a", 1, 1, 1)), Options{})
	if err == nil || !strings.Contains(err.Error(), "cannot normalise per day") {
		t.Fatalf("err = %v, want cannot normalise per day", err)
	}
}
