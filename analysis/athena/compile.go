package athena

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aclprobe/aclprobe/analysis"
)

// Statement is a compiled query: the SQL and what its result columns mean.
type Statement struct {
	SQL string
	// By are the group fields (flow log spelling), Keys their SQL aliases,
	// in the same order.
	By   []string
	Keys []string
}

// Result columns after the keys, in order (see Compile).
var metricColumns = []string{
	"flows", "packets", "bytes", "first_start", "last_end",
	"records", "nodata", "skipdata", "first_record", "last_record", "interfaces",
}

// Compile turns q into one Athena (Trino) SELECT over t.
//
// The statement scans the table once. Every record in the pruned
// partitions is read; records that fail the filters are masked (matched
// false, all group keys NULL) rather than dropped, and
// GROUPING SETS ((matched, keys), ()) yields the groups plus one
// grand-total row. HAVING drops the group of unmatched records. The total
// row (is_total = true, sorted first) carries the coverage the local
// engine reports: data records read (not NODATA/SKIPDATA), matched
// records, NODATA and SKIPDATA counts, the first start and last end of
// the data and NODATA records, and the interfaces seen. A second query
// for the coverage would double the bytes scanned, and Athena bills by
// bytes scanned. Groups are ranked like the local engine ranks them: sort
// metric descending, then bytes descending, then the keys ascending with
// absent values (NULL, printed "-") last; LIMIT is Top plus the total row.
func Compile(q analysis.Query, t Table) (Statement, error) {
	if err := t.check(); err != nil {
		return Statement{}, err
	}
	st := Statement{By: q.By}
	if len(st.By) == 0 {
		st.By = analysis.DefaultBy
	}
	for _, f := range st.By {
		if err := checkGroupField(f); err != nil {
			return Statement{}, err
		}
		key := "key_" + column(f)
		if slices.Contains(st.Keys, key) {
			return Statement{}, fmt.Errorf("group field %q appears twice", f)
		}
		st.Keys = append(st.Keys, key)
	}
	sortCol, err := sortColumn(q.Sort)
	if err != nil {
		return Statement{}, err
	}
	filters, err := t.filters(q)
	if err != nil {
		return Statement{}, err
	}
	if q.Top < 0 {
		return Statement{}, fmt.Errorf("top %d: want 0 (all) or more", q.Top)
	}

	var b strings.Builder
	writeScanned(&b, t, q, filters)
	writeMasked(&b, t, st)
	writeAggregate(&b, st, sortCol, q.Top)
	st.SQL = b.String()
	return st, nil
}

// sortColumn maps Query.Sort to its result column.
func sortColumn(s string) (string, error) {
	switch s {
	case "", "flows":
		return "flows", nil
	case "packets", "bytes":
		return s, nil
	}
	return "", fmt.Errorf("sort %q: want flows, packets or bytes", s)
}

// writeScanned writes the CTE that reads the pruned partitions and marks
// each record: data_record (not NODATA/SKIPDATA) and matched (a data
// record that passes every filter).
func writeScanned(b *strings.Builder, t Table, q analysis.Query, filters []string) {
	data := t.dataRecord()
	matched := data
	if len(filters) > 0 {
		matched = fmt.Sprintf("coalesce(%s\n      AND %s, false)", data, strings.Join(filters, "\n      AND "))
	}
	fmt.Fprintf(b, "WITH scanned AS (\n  SELECT *,\n    %s AS data_record,\n    %s AS matched\n", data, matched)
	fmt.Fprintf(b, "  FROM %s.%s\n", ident(strings.ToLower(t.Database)), ident(strings.ToLower(t.Name)))
	if p := partitionFilter(t.Scheme, q.Since, q.Until); p != "" {
		fmt.Fprintf(b, "  WHERE %s\n", p)
	}
	b.WriteString("),\n")
}

// writeMasked writes the CTE that computes the group keys of matched
// records and NULL keys for the others, so unmatched records fold into one
// group that HAVING drops, while still counting in the total row.
func writeMasked(b *strings.Builder, t Table, st Statement) {
	b.WriteString("masked AS (\n  SELECT\n    matched,\n    data_record,\n")
	for i, f := range st.By {
		fmt.Fprintf(b, "    CASE WHEN matched THEN %s END AS %s,\n", t.keyExpr(f), st.Keys[i])
	}
	fmt.Fprintf(b, "    %s AS n_packets,\n    %s AS n_bytes,\n", t.col("packets"), t.col("bytes"))
	fmt.Fprintf(b, "    %s AS t_start,\n    %s AS t_end,\n", t.col("start"), t.col("end"))
	fmt.Fprintf(b, "    %s AS status,\n", t.col("log-status"))
	fmt.Fprintf(b, "    nullif(%s, '-') AS iface\n  FROM scanned\n)\n", t.col("interface-id"))
}

// writeAggregate writes the grouping, the ranking and the limit.
func writeAggregate(b *strings.Builder, st Statement, sortCol string, top int) {
	set := strings.Join(append([]string{"matched"}, st.Keys...), ", ")
	b.WriteString("SELECT\n")
	fmt.Fprintf(b, "  grouping(%s) > 0 AS is_total,\n", set)
	for _, k := range st.Keys {
		fmt.Fprintf(b, "  %s,\n", k)
	}
	b.WriteString(`  count_if(matched) AS flows,
  coalesce(sum(n_packets) FILTER (WHERE matched), 0) AS packets,
  coalesce(sum(n_bytes) FILTER (WHERE matched), 0) AS bytes,
  min(t_start) FILTER (WHERE matched) AS first_start,
  max(t_end) FILTER (WHERE matched) AS last_end,
  count_if(data_record) AS records,
  count_if(status = 'NODATA') AS nodata,
  count_if(status = 'SKIPDATA') AS skipdata,
  min(t_start) FILTER (WHERE coalesce(status, '-') <> 'SKIPDATA') AS first_record,
  max(t_end) FILTER (WHERE coalesce(status, '-') <> 'SKIPDATA') AS last_record,
  array_join(array_sort(array_agg(DISTINCT iface)), ',') AS interfaces
FROM masked
`)
	fmt.Fprintf(b, "GROUP BY GROUPING SETS ((%s), ())\n", set)
	fmt.Fprintf(b, "HAVING grouping(%s) > 0 OR matched\n", set)
	order := []string{"is_total DESC", sortCol + " DESC"}
	if sortCol != "bytes" {
		order = append(order, "bytes DESC")
	}
	for _, k := range st.Keys {
		order = append(order, k+" ASC NULLS LAST")
	}
	fmt.Fprintf(b, "ORDER BY %s", strings.Join(order, ", "))
	if top > 0 {
		fmt.Fprintf(b, "\nLIMIT %d", top+1)
	}
}
