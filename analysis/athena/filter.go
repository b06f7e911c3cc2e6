package athena

import (
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// Table is where the flow logs live in Athena and how they are laid out.
type Table struct {
	Database string
	Name     string
	Scheme   Scheme
	// Fields are the flow log fields the table has (the format line it was
	// created from). Empty means: assume every field a query references
	// exists. When set, a field the format lacks reads as absent ("-"),
	// exactly as it does for the local engine.
	Fields []string
}

// check validates the names that go into the statement.
func (t Table) check() error {
	if err := CheckName("database", t.Database); err != nil {
		return err
	}
	if err := CheckName("table", t.Name); err != nil {
		return err
	}
	if _, err := ParseScheme(string(t.Scheme)); err != nil {
		return err
	}
	for _, f := range t.Fields {
		if !fieldName.MatchString(f) {
			return fmt.Errorf("table field %q: not a flow log field name", f)
		}
	}
	return nil
}

// col returns the SQL for a flow log field's column, or a typed NULL when
// the table's format lacks the field.
func (t Table) col(field string) string {
	if !t.has(field) {
		return "CAST(NULL AS " + trinoType(fieldType(field)) + ")"
	}
	return ident(column(field))
}

// has reports whether the table has the field (always, when Fields is
// empty).
func (t Table) has(field string) bool {
	return len(t.Fields) == 0 || slices.Contains(t.Fields, field)
}

// trinoType maps a DDL type to the type Trino reads it as.
func trinoType(hive string) string {
	switch hive {
	case typeInt:
		return "integer"
	case typeBigint:
		return "bigint"
	}
	return "varchar"
}

// endpoint returns the derived endpoint of a record as a string:
// pkt-srcaddr when present, else srcaddr (dst likewise).
func (t Table) endpoint(pkt, addr string) string {
	return fmt.Sprintf("coalesce(nullif(%s, '-'), %s)", t.col(pkt), t.col(addr))
}

// keyExpr returns the group key expression for a By field: the value as
// the flow log spells it, NULL when absent ("-" or missing), so absent
// values sort last (NULLS LAST, like the local engine) and print as "-".
func (t Table) keyExpr(field string) string {
	switch field {
	case flowlog.FieldSrcEndpoint:
		return fmt.Sprintf("coalesce(nullif(%s, '-'), nullif(%s, '-'))", t.col("pkt-srcaddr"), t.col("srcaddr"))
	case flowlog.FieldDstEndpoint:
		return fmt.Sprintf("coalesce(nullif(%s, '-'), nullif(%s, '-'))", t.col("pkt-dstaddr"), t.col("dstaddr"))
	}
	if fieldType(field) == typeString {
		return fmt.Sprintf("nullif(%s, '-')", t.col(field))
	}
	return fmt.Sprintf("CAST(%s AS varchar)", t.col(field))
}

// dataRecord is true for records that carry traffic: not NODATA or
// SKIPDATA (Coverage.Records counts these).
func (t Table) dataRecord() string {
	if !t.has("log-status") {
		return "true"
	}
	return fmt.Sprintf("coalesce(%s, '-') NOT IN ('NODATA', 'SKIPDATA')", t.col("log-status"))
}

// ipAddr parses a string expression as an IP address; "-" and NULL give
// NULL, which no CIDR contains.
func ipAddr(expr string) string { return "TRY_CAST(" + expr + " AS IPADDRESS)" }

// inPrefixes is true when addr (an IPADDRESS expression) is inside any of
// the prefixes, using Athena's contains(cidr, address).
func inPrefixes(addr string, prefixes []netip.Prefix) string {
	parts := make([]string, len(prefixes))
	for i, p := range prefixes {
		parts[i] = fmt.Sprintf("contains(%s, %s)", literal(p.Masked().String()), addr)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// inList is true when expr is one of the quoted values.
func inList(expr string, values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = literal(v)
	}
	return fmt.Sprintf("%s IN (%s)", expr, strings.Join(quoted, ", "))
}

// unixCeil returns t as unix seconds, rounded up: flow log times are whole
// seconds, so "end >= since" and "start < until" keep the same records
// with the bound rounded up.
func unixCeil(t time.Time) int64 {
	return int64(math.Ceil(float64(t.UnixNano()) / 1e9))
}

// filters compiles the Query's filters into predicates, each true for a
// record the local engine keeps.
func (t Table) filters(q analysis.Query) ([]string, error) {
	var out []string
	if len(q.SrcCIDRs) > 0 {
		out = append(out, inPrefixes(ipAddr(t.col("srcaddr")), q.SrcCIDRs))
	}
	if len(q.DstCIDRs) > 0 {
		out = append(out, inPrefixes(ipAddr(t.col("dstaddr")), q.DstCIDRs))
	}
	if len(q.NATIPs) > 0 {
		ips := make([]string, len(q.NATIPs))
		for i, a := range q.NATIPs {
			ips[i] = "IPADDRESS " + literal(a.String())
		}
		out = append(out, fmt.Sprintf("%s IN (%s)", ipAddr(t.col("dstaddr")), strings.Join(ips, ", ")))
	}
	if len(q.Actions) > 0 {
		actions, err := normActions(q.Actions)
		if err != nil {
			return nil, err
		}
		out = append(out, inList(t.col("action"), actions))
	}
	if len(q.Interfaces) > 0 {
		for _, id := range q.Interfaces {
			if err := checkText("interface", id); err != nil {
				return nil, err
			}
		}
		out = append(out, inList(t.col("interface-id"), q.Interfaces))
	}
	if !q.Since.IsZero() {
		out = append(out, fmt.Sprintf("%s >= %d", t.col("end"), unixCeil(q.Since)))
	}
	if !q.Until.IsZero() {
		out = append(out, fmt.Sprintf("%s < %d", t.col("start"), unixCeil(q.Until)))
	}
	if len(q.Block) > 0 {
		out = append(out, t.blockFilter(q.Block, q.Except))
	}
	return out, nil
}

// blockFilter is true when either endpoint is inside a Block prefix and
// outside every Except prefix.
func (t Table) blockFilter(block, except []netip.Prefix) string {
	side := func(pkt, addr string) string {
		ep := ipAddr(t.endpoint(pkt, addr))
		if len(except) == 0 {
			return inPrefixes(ep, block)
		}
		return fmt.Sprintf("(%s AND NOT %s)", inPrefixes(ep, block), inPrefixes(ep, except))
	}
	return fmt.Sprintf("(%s\n      OR %s)", side("pkt-srcaddr", "srcaddr"), side("pkt-dstaddr", "dstaddr"))
}

// normActions upper-cases and checks --action values.
func normActions(in []string) ([]string, error) {
	out := make([]string, len(in))
	for i, a := range in {
		out[i] = strings.ToUpper(a)
		if out[i] != "ACCEPT" && out[i] != "REJECT" {
			return nil, fmt.Errorf("action %q: want ACCEPT or REJECT", a)
		}
	}
	return out, nil
}
