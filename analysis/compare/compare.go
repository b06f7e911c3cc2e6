package compare

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
)

// Day is the unit spans are normalised to.
const Day = 24 * time.Hour

// spanTolerance is how much two spans may differ before they are
// normalised per day: flow log spans of "the same day" differ by the
// minutes of the first and last capture windows.
const spanTolerance = 0.02

// Metrics are one side's counts. Values are float64 because normalised
// counts are fractional; without normalisation they are whole numbers.
type Metrics struct {
	Flows   float64 `json:"flows"`
	Packets float64 `json:"packets"`
	Bytes   float64 `json:"bytes"`
}

// Row is one group: its key values (in By order) and both sides.
type Row struct {
	Keys   []string
	Before Metrics
	After  Metrics
}

// Comparison is the result of Compare.
type Comparison struct {
	By    []string
	Rows  []Row
	Total Row // Keys empty: every group of both sides, not only Rows

	// BeforeSpan and AfterSpan are the time each side's evidence spans
	// (first record start to last record end).
	BeforeSpan, AfterSpan time.Duration
	// PerDay is true when the spans differ and every number is per day.
	PerDay bool
	// Groups is how many groups the two sides have between them; Rows
	// holds the first Top of them.
	Groups int
}

// Options say how to rank and cut the rows, and the time window both
// sides were read with.
type Options struct {
	Sort string // flows, packets or bytes (default flows)
	Top  int    // 0: all rows
	// Since and Until are the query's window (zero: open); each side's
	// span is its coverage cut to them, as only records inside count.
	Since, Until time.Time
}

// Compare sets before and after side by side. Both must be grouped by
// the same fields and hold every group (Query.Top 0): a group missing
// from one side counts as zero there. Rows are ranked by the larger of
// the two sides' sort metric, then by the keys, so the order does not
// depend on which side a group is on.
func Compare(before, after *analysis.Result, opts Options) (*Comparison, error) {
	if !slices.Equal(before.By, after.By) {
		return nil, fmt.Errorf("compare: before is grouped by %s, after by %s",
			strings.Join(before.By, ","), strings.Join(after.By, ","))
	}
	window := analysis.Query{Since: opts.Since, Until: opts.Until}
	c := &Comparison{By: before.By, BeforeSpan: before.Coverage.Span(window), AfterSpan: after.Coverage.Span(window)}
	bScale, aScale := 1.0, 1.0
	// A side without a single row is zero whatever its span: nothing to
	// normalise (an after set the filters leave empty, or no records).
	if differ(c.BeforeSpan, c.AfterSpan) && len(before.Rows) > 0 && len(after.Rows) > 0 {
		if c.BeforeSpan <= 0 || c.AfterSpan <= 0 {
			return nil, fmt.Errorf("compare: cannot normalise per day: a side has no time span (before %s, after %s)", c.BeforeSpan, c.AfterSpan)
		}
		c.PerDay = true
		bScale, aScale = float64(Day)/float64(c.BeforeSpan), float64(Day)/float64(c.AfterSpan)
	}
	rows := map[string]*Row{}
	var order []*Row
	add := func(res *analysis.Result, scale float64, side func(*Row) *Metrics) {
		for _, r := range res.Rows {
			k := strings.Join(r.Keys, "\x00")
			row := rows[k]
			if row == nil {
				row = &Row{Keys: r.Keys}
				rows[k] = row
				order = append(order, row)
			}
			m := side(row)
			m.Flows += float64(r.Flows) * scale
			m.Packets += float64(r.Packets) * scale
			m.Bytes += float64(r.Bytes) * scale
			t := side(&c.Total)
			t.Flows += float64(r.Flows) * scale
			t.Packets += float64(r.Packets) * scale
			t.Bytes += float64(r.Bytes) * scale
		}
	}
	add(before, bScale, func(r *Row) *Metrics { return &r.Before })
	add(after, aScale, func(r *Row) *Metrics { return &r.After })
	metric := metricOf(opts.Sort)
	slices.SortFunc(order, func(x, y *Row) int {
		mx := math.Max(metric(x.Before), metric(x.After))
		my := math.Max(metric(y.Before), metric(y.After))
		if c := cmp.Compare(my, mx); c != 0 {
			return c
		}
		return slices.Compare(x.Keys, y.Keys)
	})
	c.Groups = len(order)
	if opts.Top > 0 && len(order) > opts.Top {
		order = order[:opts.Top]
	}
	for _, r := range order {
		c.Rows = append(c.Rows, *r)
	}
	return c, nil
}

// ChangePct is the change from before to after in percent, rounded to one
// decimal; ok is false when before is zero (a group that is new).
func ChangePct(before, after float64) (pct float64, ok bool) {
	if before == 0 {
		return 0, false
	}
	return math.Round((after-before)/before*1000) / 10, true
}

// differ reports whether two spans differ by more than spanTolerance of
// the longer one.
func differ(a, b time.Duration) bool {
	longer := max(a, b)
	if longer == 0 {
		return false
	}
	d := a - b
	if d < 0 {
		d = -d
	}
	return float64(d) > spanTolerance*float64(longer)
}

// metricOf picks the metric rows are ranked by: flows unless sort says
// packets or bytes.
func metricOf(sort string) func(Metrics) float64 {
	switch sort {
	case "packets":
		return func(m Metrics) float64 { return m.Packets }
	case "bytes":
		return func(m Metrics) float64 { return m.Bytes }
	default:
		return func(m Metrics) float64 { return m.Flows }
	}
}
