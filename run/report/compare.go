package report

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
)

// compareBars is how many groups the compare chart draws.
const compareBars = 10

// compareLabelRunes is how much of a group's label fits left of its bars.
const compareLabelRunes = 32

// compareChartWidth is the width, in SVG units, of the longest bar.
const compareChartWidth = 400

// CompareSide is one metric before and after.
type CompareSide struct {
	Before    float64  `json:"before"`
	After     float64  `json:"after"`
	ChangePct *float64 `json:"change_pct"` // nil: nothing before
}

// Change is the change as text: "-82.0%", or "new".
func (s CompareSide) Change() string {
	if s.ChangePct == nil {
		return "new"
	}
	return fmt.Sprintf("%+.1f%%", *s.ChangePct)
}

// CompareBar is one group of the chart: its bytes before and after, and
// the bars' lengths in SVG units.
type CompareBar struct {
	Label       string      `json:"label"`
	Short       string      `json:"-"` // the label cut to fit left of the bars
	Bytes       CompareSide `json:"bytes"`
	Packets     CompareSide `json:"packets"`
	BeforeWidth float64     `json:"-"`
	AfterWidth  float64     `json:"-"`
	Y           int         `json:"-"`
}

// Compare is the report's section from an aclprobe compare JSON result:
// the totals and the busiest groups, drawn as bars before and after.
type Compare struct {
	Source  string       `json:"source"`
	PerDay  bool         `json:"per_day"`
	Bytes   CompareSide  `json:"bytes"`
	Packets CompareSide  `json:"packets"`
	Flows   CompareSide  `json:"flows"`
	Bars    []CompareBar `json:"bars"`
	Height  int          `json:"-"`
}

// LoadCompare reads the JSON that `aclprobe compare --format json` writes.
func LoadCompare(path string) (*Compare, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseCompare(path, b)
}

// parseCompare reads b, the compare JSON from path. Counts below zero are
// refused: no compare writes them, and they would draw bars of negative
// width.
func parseCompare(path string, b []byte) (*Compare, error) {
	var doc struct {
		Total  map[string]*float64 `json:"total"`
		Rows   []json.RawMessage   `json:"rows"`
		PerDay bool                `json:"per_day"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("compare %s: %w", path, err)
	}
	if doc.Total == nil || doc.Total["bytes_before"] == nil {
		return nil, errors.New("compare " + path + `: not an aclprobe compare result (want {"total": {...}, "rows": [...]}, from compare --format json)`)
	}
	if err := nonNegative(doc.Total); err != nil {
		return nil, fmt.Errorf("compare %s: total: %w", path, err)
	}
	c := &Compare{Source: path, PerDay: doc.PerDay, Bytes: side(doc.Total, "bytes"), Packets: side(doc.Total, "packets"), Flows: side(doc.Total, "flows")}
	for i, raw := range doc.Rows {
		label, num, err := compareRow(raw)
		if err != nil {
			return nil, fmt.Errorf("compare %s: rows[%d]: %w", path, i, err)
		}
		if err := nonNegative(num); err != nil {
			return nil, fmt.Errorf("compare %s: rows[%d]: %w", path, i, err)
		}
		c.Bars = append(c.Bars, CompareBar{Label: strings.Join(label, " "), Bytes: side(num, "bytes"), Packets: side(num, "packets")})
	}
	c.layout()
	return c, nil
}

// compareRow reads one row in its key order: the group fields (the label)
// and the metrics.
func compareRow(raw json.RawMessage) (label []string, num map[string]*float64, err error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, errors.New("want an object")
	}
	num = map[string]*float64{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		k, _ := t.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		switch x := v.(type) {
		case float64:
			if isMetric(k) {
				num[k] = &x
				continue
			}
			label = append(label, fmt.Sprint(x))
		case nil:
			if !isMetric(k) {
				label = append(label, "-")
			}
		default:
			label = append(label, fmt.Sprint(x))
		}
	}
	return label, num, nil
}

// nonNegative refuses a count (a _before or _after value) below zero.
func nonNegative(m map[string]*float64) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if v := m[k]; v != nil && *v < 0 && !strings.HasSuffix(k, "_change_pct") {
			return fmt.Errorf("%s %g: want a count of zero or more", k, *v)
		}
	}
	return nil
}

// isMetric says whether a row's key is a count or a change, not a group field.
func isMetric(k string) bool {
	return strings.HasSuffix(k, "_before") || strings.HasSuffix(k, "_after") || strings.HasSuffix(k, "_change_pct")
}

// side picks one metric's before, after and change out of m.
func side(m map[string]*float64, metric string) CompareSide {
	get := func(k string) float64 {
		if v := m[metric+k]; v != nil {
			return *v
		}
		return 0
	}
	return CompareSide{Before: get("_before"), After: get("_after"), ChangePct: m[metric+"_change_pct"]}
}

// layout keeps the compareBars groups with the most bytes on either side
// and sizes their bars against the largest.
func (c *Compare) layout() {
	slices.SortStableFunc(c.Bars, func(a, b CompareBar) int {
		return cmp.Compare(max(b.Bytes.Before, b.Bytes.After), max(a.Bytes.Before, a.Bytes.After))
	})
	if len(c.Bars) > compareBars {
		c.Bars = c.Bars[:compareBars]
	}
	var most float64
	for _, b := range c.Bars {
		most = max(most, b.Bytes.Before, b.Bytes.After)
	}
	for i := range c.Bars {
		b := &c.Bars[i]
		if most > 0 {
			b.BeforeWidth = b.Bytes.Before / most * compareChartWidth
			b.AfterWidth = b.Bytes.After / most * compareChartWidth
		}
		b.Y = i * 34
		b.Short = truncate(b.Label, compareLabelRunes)
	}
	c.Height = len(c.Bars)*34 + 4
}
