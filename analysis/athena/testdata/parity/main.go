// Command parity runs the same analysis.Query through aclprobe's local
// engine and through the Athena engine's compiled SQL executed by DuckDB
// (Athena's IP functions translated to IPv4 macros, array_join to
// array_to_string; everything else runs as compiled), over the same flow
// log files, and compares every row and the coverage. It is a separate
// module (DuckDB is not a dependency of aclprobe); run it with
//
//	go build -C analysis/athena/testdata/parity -o /tmp/parity .
//	/tmp/parity analysis/athena/testdata/parity 'analysis/athena/testdata/parity/*.log'
//	go build -C ../shared/bench/flowgen -o /tmp/flowgen . && /tmp/flowgen -files 2 -lines 20000 -out /tmp/flows
//	/tmp/parity /tmp/flows '/tmp/flows/*.gz'
//
// The files must use the 20-field header of flowgen and ties.log; IPv4
// only. PARITY_BREAK=1 sorts absent keys first in the SQL, to show the
// comparison catches a difference.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"net/netip"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/marcboeker/go-duckdb/v2"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/athena"
	"github.com/aclprobe/aclprobe/analysis/source"
)

var numeric = map[string]string{"version": "INTEGER", "srcport": "INTEGER", "dstport": "INTEGER", "protocol": "BIGINT",
	"packets": "BIGINT", "bytes": "BIGINT", "start": "BIGINT", "end": "BIGINT", "tcp-flags": "INTEGER", "traffic-path": "INTEGER"}

const macros = `
CREATE MACRO ip4(s) AS CASE WHEN regexp_full_match(s, '[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}') THEN
  CAST(split_part(s, '.', 1) AS BIGINT) * 16777216 + CAST(split_part(s, '.', 2) AS BIGINT) * 65536 +
  CAST(split_part(s, '.', 3) AS BIGINT) * 256 + CAST(split_part(s, '.', 4) AS BIGINT) END;
CREATE MACRO cidr_contains(c, ip) AS
  ip // CAST(pow(2, 32 - CAST(split_part(c, '/', 2) AS INTEGER)) AS BIGINT) =
  ip4(split_part(c, '/', 1)) // CAST(pow(2, 32 - CAST(split_part(c, '/', 2) AS INTEGER)) AS BIGINT);
`

// toDuck rewrites the Athena-only functions: TRY_CAST(x AS IPADDRESS),
// IPADDRESS 'a', contains(cidr, ip), array_join.
func toDuck(q string) string {
	for from := 0; ; {
		i := strings.Index(q[from:], "TRY_CAST(")
		if i < 0 {
			break
		}
		i += from
		depth, j := 0, i+len("TRY_CAST")
		for ; j < len(q); j++ {
			if q[j] == '(' {
				depth++
			} else if q[j] == ')' {
				if depth--; depth == 0 {
					break
				}
			}
		}
		inner := q[i+len("TRY_CAST(") : j]
		if !strings.HasSuffix(inner, " AS IPADDRESS") {
			from = j
			continue
		}
		q = q[:i] + "ip4(" + strings.TrimSuffix(inner, " AS IPADDRESS") + ")" + q[j+1:]
		from = i
	}
	q = regexp.MustCompile(`IPADDRESS ('[^']*')`).ReplaceAllString(q, "ip4($1)")
	q = strings.ReplaceAll(q, "contains('", "cidr_contains('")
	if os.Getenv("PARITY_BREAK") != "" {
		q = strings.ReplaceAll(q, "NULLS LAST", "NULLS FIRST")
	}
	return strings.ReplaceAll(q, "array_join(", "array_to_string(")
}

func load(db *sql.DB, glob string, header []string) {
	var cols []string
	for _, f := range header {
		c := `"` + f + `"`
		if t, ok := numeric[f]; ok {
			c = fmt.Sprintf("TRY_CAST(%s AS %s)", c, t)
		}
		cols = append(cols, c+` AS "`+strings.ReplaceAll(f, "-", "_")+`"`)
	}
	stmt := fmt.Sprintf(`CREATE SCHEMA flowlogs; CREATE TABLE flowlogs.vpc AS SELECT %s FROM read_csv('%s', delim=' ', header=true, all_varchar=true)`,
		strings.Join(cols, ", "), glob)
	if _, err := db.Exec(stmt); err != nil {
		log.Fatal(err)
	}
	if _, err := db.Exec(macros); err != nil {
		log.Fatal(err)
	}
}

func duck(db *sql.DB, q analysis.Query) (*analysis.Result, string) {
	st, err := athena.Compile(q, athena.Table{Database: "flowlogs", Name: "vpc", Scheme: athena.SchemeNone})
	if err != nil {
		log.Fatal(err)
	}
	rows, err := db.Query(toDuck(st.SQL))
	if err != nil {
		log.Fatalf("duckdb: %v\n%s", err, toDuck(st.SQL))
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	res := &analysis.Result{By: st.By}
	n := len(st.Keys)
	for rows.Next() {
		raw := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			log.Fatal(err)
		}
		vals := make([]sql.NullString, len(cols))
		for i, v := range raw {
			if v != nil {
				vals[i] = sql.NullString{String: fmt.Sprint(v), Valid: true}
			}
		}
		num := func(i int) int64 { v, _ := strconv.ParseInt(vals[1+n+i].String, 10, 64); return v }
		tm := func(i int) time.Time {
			if !vals[1+n+i].Valid {
				return time.Time{}
			}
			return time.Unix(num(i), 0).UTC()
		}
		if vals[0].String == "true" {
			res.Coverage = analysis.Coverage{Matched: num(0), Records: num(5), NoData: num(6), SkipData: num(7), First: tm(8), Last: tm(9)}
			if v := vals[1+n+10].String; v != "" {
				res.Coverage.Interfaces = strings.Split(v, ",")
			}
			continue
		}
		keys := make([]string, n)
		for i := range keys {
			keys[i] = vals[1+i].String
			if !vals[1+i].Valid {
				keys[i] = "-"
			}
		}
		res.Rows = append(res.Rows, analysis.Row{Keys: keys, Flows: num(0), Packets: num(1), Bytes: num(2), First: tm(3), Last: tm(4)})
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
	return res, st.SQL
}

func rowString(r analysis.Row) string {
	return fmt.Sprintf("%s flows=%d packets=%d bytes=%d first=%d last=%d", strings.Join(r.Keys, "|"), r.Flows, r.Packets, r.Bytes, r.First.Unix(), r.Last.Unix())
}

func covString(c analysis.Coverage) string {
	return fmt.Sprintf("records=%d matched=%d nodata=%d skipdata=%d first=%d last=%d interfaces=%d", c.Records, c.Matched, c.NoData, c.SkipData, c.First.Unix(), c.Last.Unix(), len(c.Interfaces))
}

func main() {
	dir, glob := os.Args[1], os.Args[2]
	srcs, err := source.ExpandLocal([]string{dir}, nil)
	if err != nil {
		log.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	load(db, glob, strings.Fields("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path"))
	pfx := func(s ...string) []netip.Prefix {
		var out []netip.Prefix
		for _, x := range s {
			out = append(out, netip.MustParsePrefix(x))
		}
		return out
	}
	nat := []netip.Addr{netip.MustParseAddr("10.0.100.10"), netip.MustParseAddr("10.0.101.10")}
	t0 := time.Unix(1764806400, 0)
	queries := map[string]analysis.Query{
		"default all":             {},
		"nat investigation top20": {SrcCIDRs: pfx("10.0.0.0/16"), NATIPs: nat, Top: 20},
		"dst-endpoint by bytes":   {By: []string{"dst-endpoint", "dstport"}, Sort: "bytes", Top: 15},
		"packets top 7":           {By: []string{"srcaddr", "pkt-dst-aws-service", "traffic-path"}, Sort: "packets", Top: 7},
		"reject":                  {Actions: []string{"REJECT"}, By: []string{"srcaddr", "dstport"}, Top: 25},
		"impact block except":     {By: []string{"src-endpoint", "dst-endpoint", "dstport", "protocol", "interface-id"}, Block: pfx("0.0.0.0/0"), Except: pfx("10.0.0.0/8", "52.0.0.0/8")},
		"impact block narrow":     {By: []string{"src-endpoint", "dst-endpoint", "dstport", "protocol", "interface-id"}, Block: pfx("52.0.0.0/8")},
		"time window":             {Since: t0.Add(3 * time.Minute), Until: t0.Add(5*time.Minute + 500*time.Millisecond), By: []string{"dstaddr"}, Top: 30},
		"dst cidr + interface":    {DstCIDRs: pfx("10.0.100.0/24"), Interfaces: []string{"eni-008872b44b9fbb971"}, By: []string{"pkt-dstaddr", "action", "log-status"}},
		"absent-heavy keys":       {By: []string{"pkt-src-aws-service", "pkt-dst-aws-service", "tcp-flags"}},
		"ties absent last":        {By: []string{"pkt-dst-aws-service", "dstport"}},
		"ties endpoints":          {By: []string{"dst-endpoint", "tcp-flags"}, Sort: "packets"},
	}
	names := make([]string, 0, len(queries))
	for k := range queries {
		names = append(names, k)
	}
	slices.Sort(names)
	failed := 0
	for _, name := range names {
		q := queries[name]
		want, err := analysis.NewLocal(srcs, analysis.LocalOptions{}).Aggregate(context.Background(), q)
		if err != nil {
			log.Fatal(err)
		}
		got, _ := duck(db, q)
		var diffs []string
		if a, b := covString(want.Coverage), covString(got.Coverage); a != b {
			diffs = append(diffs, "coverage local "+a+"\n          athena "+b)
		} else if strings.Join(want.Coverage.Interfaces, ",") != strings.Join(got.Coverage.Interfaces, ",") {
			diffs = append(diffs, "interfaces differ")
		}
		if len(want.Rows) != len(got.Rows) {
			diffs = append(diffs, fmt.Sprintf("rows: local %d athena %d", len(want.Rows), len(got.Rows)))
		}
		for i := 0; i < min(len(want.Rows), len(got.Rows)); i++ {
			if a, b := rowString(want.Rows[i]), rowString(got.Rows[i]); a != b {
				diffs = append(diffs, fmt.Sprintf("row %d local  %s\n       athena %s", i, a, b))
				if len(diffs) > 5 {
					break
				}
			}
		}
		if len(diffs) > 0 {
			failed++
			fmt.Printf("DIFF %s\n  %s\n", name, strings.Join(diffs, "\n  "))
			continue
		}
		fmt.Printf("same %-26s rows=%d %s\n", name, len(want.Rows), covString(want.Coverage))
	}
	fmt.Printf("%d passed, %d failed\n", len(names)-failed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}
