package athena

import (
	"fmt"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/analysis/s3src"
)

// Scheme is how a flow log table is partitioned. Every scheme's values are
// UTC calendar days of the S3 prefix AWS delivered the file under, as
// zero-padded strings, so string comparison is date order.
type Scheme string

// Partition schemes (--partition-scheme).
const (
	// SchemeNone: the table has no partitions; nothing is pruned.
	SchemeNone Scheme = "none"
	// SchemeDT: one string partition dt = 'YYYY/MM/DD', the form of AWS's
	// own S3 prefix (.../vpcflowlogs/<region>/YYYY/MM/DD/), so partition
	// projection maps it straight onto the prefix.
	SchemeDT Scheme = "dt"
	// SchemeDate: like dt, with the partition column named date.
	SchemeDate Scheme = "date"
	// SchemeHive: string partitions year='YYYY', month='MM', day='DD'.
	SchemeHive Scheme = "hive"
	// SchemeHiveHourly: year, month, day and hour='HH' (flow logs with
	// per-hour partitions); pruning works on whole days.
	SchemeHiveHourly Scheme = "hive-hourly"
)

// Schemes lists the valid schemes, for flag help and errors.
var Schemes = []Scheme{SchemeDT, SchemeDate, SchemeHive, SchemeHiveHourly, SchemeNone}

// DeliverySlack widens the last partition day: AWS files a record under
// the time its log file was written, a few minutes after the record ends,
// so a record that starts just before --until may sit in the next day's
// prefix. It is the local engine's S3 slack: one figure for how late AWS
// delivers, whichever engine prunes.
const DeliverySlack = s3src.DeliverySlack

// ParseScheme checks a --partition-scheme value.
func ParseScheme(s string) (Scheme, error) {
	for _, v := range Schemes {
		if string(v) == s {
			return v, nil
		}
	}
	return "", fmt.Errorf("partition scheme %q: want one of %s", s, SchemeNames())
}

// SchemeNames lists the valid schemes as one comma-separated string.
func SchemeNames() string {
	names := make([]string, len(Schemes))
	for i, s := range Schemes {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// columns returns the partition columns of the scheme, outermost first.
func (s Scheme) columns() []string {
	switch s {
	case SchemeDT:
		return []string{"dt"}
	case SchemeDate:
		return []string{"date"}
	case SchemeHive:
		return []string{"year", "month", "day"}
	case SchemeHiveHourly:
		return []string{"year", "month", "day", "hour"}
	}
	return nil
}

// partitionFilter returns the predicate on the partition columns that
// keeps exactly the days a record ending at or after since and starting
// before until can be filed under: day(since) through
// day(until+DeliverySlack), in UTC. It returns "" when nothing is pruned.
func partitionFilter(s Scheme, since, until time.Time) string {
	cols := s.columns()
	if cols == nil || (since.IsZero() && until.IsZero()) {
		return ""
	}
	var first, last time.Time
	if !since.IsZero() {
		first = day(since)
	}
	if !until.IsZero() {
		last = day(until.Add(DeliverySlack))
	}
	if len(cols) == 1 {
		return dayColumnFilter(ident(cols[0]), first, last)
	}
	if first.IsZero() || last.IsZero() {
		return openHiveFilter(first, last)
	}
	return closedHiveFilter(first, last)
}

// day truncates t to its UTC calendar day.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// dayColumnFilter prunes a single 'YYYY/MM/DD' column.
func dayColumnFilter(col string, first, last time.Time) string {
	const layout = "2006/01/02"
	switch {
	case last.IsZero():
		return fmt.Sprintf("%s >= %s", col, literal(first.Format(layout)))
	case first.IsZero():
		return fmt.Sprintf("%s <= %s", col, literal(last.Format(layout)))
	}
	return fmt.Sprintf("%s BETWEEN %s AND %s", col, literal(first.Format(layout)), literal(last.Format(layout)))
}

// closedHiveFilter lists the days first..last month by month:
// ("year" = '2024' AND "month" = '01' AND "day" BETWEEN '30' AND '31') OR ...
func closedHiveFilter(first, last time.Time) string {
	var parts []string
	for start := first; !start.After(last); {
		end := time.Date(start.Year(), start.Month()+1, 0, 0, 0, 0, 0, time.UTC) // last day of the month
		if end.After(last) {
			end = last
		}
		days := fmt.Sprintf("%s = %s", ident("day"), literal(start.Format("02")))
		if !end.Equal(start) {
			days = fmt.Sprintf("%s BETWEEN %s AND %s", ident("day"), literal(start.Format("02")), literal(end.Format("02")))
		}
		parts = append(parts, fmt.Sprintf("(%s = %s AND %s = %s AND %s)",
			ident("year"), literal(start.Format("2006")), ident("month"), literal(start.Format("01")), days))
		start = end.AddDate(0, 0, 1)
	}
	switch len(parts) {
	case 0:
		return "false"
	case 1:
		return parts[0]
	}
	return "(" + strings.Join(parts, "\n    OR ") + ")"
}

// openHiveFilter bounds (year, month, day) on one side only, comparing the
// tuple in order: "year" > '2024' OR ("year" = '2024' AND ("month" > ...)).
func openHiveFilter(first, last time.Time) string {
	bound, strict, or := first, ">", ">="
	if first.IsZero() {
		bound, strict, or = last, "<", "<="
	}
	vals := []string{bound.Format("2006"), bound.Format("01"), bound.Format("02")}
	cols := []string{"year", "month", "day"}
	expr := fmt.Sprintf("%s %s %s", ident(cols[2]), or, literal(vals[2]))
	for i := 1; i >= 0; i-- {
		expr = fmt.Sprintf("(%s %s %s OR (%s = %s AND %s))",
			ident(cols[i]), strict, literal(vals[i]), ident(cols[i]), literal(vals[i]), expr)
	}
	return expr
}
