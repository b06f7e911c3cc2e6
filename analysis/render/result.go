package render

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
)

// WriteResult writes res's rows to w as format:
//
//   - table: aligned columns for people, numbers right-aligned;
//   - csv: a header of the group field names as flow logs spell them, then
//     flows,packets,bytes (then service,service_source when res.Identified,
//     then dns_names, ";"-separated, when res.DNSJoined, then
//     nat_usd_month when res.Costed); absent values
//     are "-";
//   - json: an array of objects with the group fields in order (absent
//     values are null), flows, packets, bytes, first and last (RFC 3339,
//     omitted when unknown), service and service_source when
//     res.Identified, dns_names (an array) when res.DNSJoined, and
//     nat_usd_month (a number, two decimals) when res.Costed.
//
// Coverage is not part of the data; write it to stderr with WriteCoverage.
func WriteResult(w io.Writer, res *analysis.Result, format string) error {
	return resultWriters.Write(w, res, format)
}

// resultWriters are WriteResult's formats, Formats.
var resultWriters = Writers[*analysis.Result]{Table: writeTable, CSV: writeCSV, JSON: writeJSON}

// resultHeader returns the column names of res.
func resultHeader(res *analysis.Result) []string {
	h := append(append([]string(nil), res.By...), "flows", "packets", "bytes")
	if res.Identified {
		h = append(h, "service", "service_source")
	}
	if res.DNSJoined {
		h = append(h, "dns_names")
	}
	if res.Costed {
		h = append(h, "nat_usd_month")
	}
	return h
}

// resultCells returns one row's values, absent ones as "-".
func resultCells(res *analysis.Result, r analysis.Row) []string {
	c := make([]string, 0, len(res.By)+5)
	for _, k := range r.Keys {
		c = append(c, OrAbsent(k))
	}
	c = append(c, strconv.FormatInt(r.Flows, 10), strconv.FormatInt(r.Packets, 10), strconv.FormatInt(r.Bytes, 10))
	if res.Identified {
		c = append(c, OrAbsent(r.Service), OrAbsent(r.ServiceSource))
	}
	if res.DNSJoined {
		c = append(c, OrAbsent(strings.Join(r.DNSNames, ";")))
	}
	if res.Costed {
		c = append(c, strconv.FormatFloat(r.NATUSDMonth, 'f', 2, 64))
	}
	return c
}

// OrAbsent returns s, or analysis.Absent when s is empty.
func OrAbsent(s string) string {
	if s == "" {
		return analysis.Absent
	}
	return s
}

func writeCSV(w io.Writer, res *analysis.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(resultHeader(res)); err != nil {
		return err
	}
	for _, r := range res.Rows {
		if err := cw.Write(resultCells(res, r)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeTable(w io.Writer, res *analysis.Result) error {
	head := resultHeader(res)
	rows := make([][]string, 0, len(res.Rows)+1)
	rows = append(rows, head)
	for _, r := range res.Rows {
		rows = append(rows, resultCells(res, r))
	}
	numeric := len(res.By) // flows, packets, bytes follow the group fields
	right := map[int]bool{numeric: true, numeric + 1: true, numeric + 2: true}
	if res.Costed {
		right[len(head)-1] = true
	}
	if err := WriteTable(w, rows, right); err != nil {
		return err
	}
	if len(res.Rows) == 0 {
		_, err := io.WriteString(w, "(no matching records)\n")
		return err
	}
	return nil
}

func writeJSON(w io.Writer, res *analysis.Result) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("[")
	for i, r := range res.Rows {
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n  {")
		for j, name := range res.By {
			writeJSONKey(bw, name, j == 0)
			writeJSONNullable(bw, r.Keys[j])
		}
		for _, m := range []struct {
			k string
			v int64
		}{{"flows", r.Flows}, {"packets", r.Packets}, {"bytes", r.Bytes}} {
			writeJSONKey(bw, m.k, false)
			bw.WriteString(strconv.FormatInt(m.v, 10))
		}
		for _, t := range []struct {
			k string
			v time.Time
		}{{"first", r.First}, {"last", r.Last}} {
			if !t.v.IsZero() {
				writeJSONKey(bw, t.k, false)
				writeJSONString(bw, t.v.UTC().Format(time.RFC3339))
			}
		}
		if res.Identified {
			writeJSONKey(bw, "service", false)
			writeJSONNullable(bw, r.Service)
			writeJSONKey(bw, "service_source", false)
			writeJSONNullable(bw, r.ServiceSource)
		}
		if res.DNSJoined {
			writeJSONKey(bw, "dns_names", false)
			b, _ := json.Marshal(append([]string{}, r.DNSNames...)) // strings always marshal
			bw.Write(b)
		}
		if res.Costed {
			writeJSONKey(bw, "nat_usd_month", false)
			bw.WriteString(strconv.FormatFloat(r.NATUSDMonth, 'f', 2, 64))
		}
		bw.WriteString("}")
	}
	if len(res.Rows) > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

func writeJSONKey(w *bufio.Writer, k string, first bool) {
	if !first {
		w.WriteString(", ")
	}
	writeJSONString(w, k)
	w.WriteString(": ")
}

func writeJSONString(w *bufio.Writer, s string) {
	b, _ := json.Marshal(s) // a string always marshals
	w.Write(b)
}

// writeJSONNullable writes s, or null when s is empty or Absent.
func writeJSONNullable(w *bufio.Writer, s string) {
	if s == "" || s == analysis.Absent {
		w.WriteString("null")
		return
	}
	writeJSONString(w, s)
}
