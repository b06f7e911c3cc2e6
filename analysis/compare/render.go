package compare

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/render"
)

// metricNames are the three metrics, in output order.
var metricNames = []string{"flows", "packets", "bytes"}

// Write writes c to w as format:
//
//   - table: the group fields, then before, after and change for each
//     metric, and a TOTAL line;
//   - csv: a header of the group fields, then flows_before, flows_after,
//     flows_change_pct, and the same for packets and bytes; the total is
//     the last line, its group fields "TOTAL" then empty;
//   - json: {"total": {...}, "rows": [{<group fields>, "flows_before",
//     "flows_after", "flows_change_pct", ...}], "per_day",
//     "before_span_seconds", "after_span_seconds", "groups"}.
//
// A change is empty in CSV, null in JSON and "new" in the table when the
// group had nothing before.
func Write(w io.Writer, c *Comparison, format string) error {
	return writers.Write(w, c, format)
}

// writers are Write's formats, render.Formats.
var writers = render.Writers[*Comparison]{Table: writeTable, CSV: writeCSV, JSON: writeJSON}

func (m Metrics) get(name string) float64 {
	switch name {
	case "flows":
		return m.Flows
	case "packets":
		return m.Packets
	default:
		return m.Bytes
	}
}

// number prints a count: whole numbers as integers, per-day values with
// two decimals.
func number(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func pctText(before, after float64, table bool) string {
	p, ok := ChangePct(before, after)
	switch {
	case !ok && table:
		return "new"
	case !ok:
		return ""
	case table:
		return fmt.Sprintf("%+.1f%%", p)
	default:
		return strconv.FormatFloat(p, 'f', 1, 64)
	}
}

func writeTable(w io.Writer, c *Comparison) error {
	head := append([]string(nil), c.By...)
	for _, m := range metricNames {
		head = append(head, m+" before", m+" after", m+" change")
	}
	rows := [][]string{head}
	row := func(keys []string, r Row) {
		cells := make([]string, 0, len(head))
		for _, k := range keys {
			cells = append(cells, orAbsent(k))
		}
		for _, m := range metricNames {
			b, a := r.Before.get(m), r.After.get(m)
			cells = append(cells, number(b), number(a), pctText(b, a, true))
		}
		rows = append(rows, cells)
	}
	for _, r := range c.Rows {
		row(r.Keys, r)
	}
	total := make([]string, len(c.By))
	if len(total) > 0 {
		total[0] = "TOTAL"
	}
	row(total, c.Total)
	right := map[int]bool{}
	for i := len(c.By); i < len(head); i++ {
		right[i] = true
	}
	return render.WriteTable(w, rows, right)
}

func writeCSV(w io.Writer, c *Comparison) error {
	cw := csv.NewWriter(w)
	head := append([]string(nil), c.By...)
	for _, m := range metricNames {
		head = append(head, m+"_before", m+"_after", m+"_change_pct")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	row := func(keys []string, r Row) error {
		cells := append([]string(nil), keys...)
		for _, m := range metricNames {
			b, a := r.Before.get(m), r.After.get(m)
			cells = append(cells, number(b), number(a), pctText(b, a, false))
		}
		return cw.Write(cells)
	}
	for _, r := range c.Rows {
		if err := row(r.Keys, r); err != nil {
			return err
		}
	}
	total := make([]string, len(c.By))
	if len(total) > 0 {
		total[0] = "TOTAL"
	}
	if err := row(total, c.Total); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// object is a JSON object that keeps its keys in order (the group fields
// first, as the table prints them).
type object []field

type field struct {
	key   string
	value any
}

// MarshalJSON writes the fields in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		v, err := json.Marshal(f.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func metricsObject(r Row) object {
	var o object
	for _, m := range metricNames {
		b, a := r.Before.get(m), r.After.get(m)
		var pct any
		if p, ok := ChangePct(b, a); ok {
			pct = json.Number(strconv.FormatFloat(p, 'f', 1, 64))
		}
		o = append(o, field{m + "_before", json.Number(number(b))}, field{m + "_after", json.Number(number(a))}, field{m + "_change_pct", pct})
	}
	return o
}

func writeJSON(w io.Writer, c *Comparison) error {
	rows := make([]object, 0, len(c.Rows))
	for _, r := range c.Rows {
		var o object
		for i, k := range r.Keys {
			var v any = k
			if k == analysis.Absent {
				v = nil
			}
			o = append(o, field{c.By[i], v})
		}
		rows = append(rows, append(o, metricsObject(r)...))
	}
	doc := object{
		{"total", metricsObject(c.Total)},
		{"rows", rows},
		{"per_day", c.PerDay},
		{"before_span_seconds", int64(c.BeforeSpan.Seconds())},
		{"after_span_seconds", int64(c.AfterSpan.Seconds())},
		{"groups", c.Groups},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func orAbsent(s string) string {
	if s == "" {
		return analysis.Absent
	}
	return s
}
