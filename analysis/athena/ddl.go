package athena

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DDLOptions describes the table `aclprobe athena ddl` creates.
type DDLOptions struct {
	Fields   []string // the flow log format, in order
	Location string   // s3://bucket/[prefix/]AWSLogs/<account>/vpcflowlogs/<region>/
	Scheme   Scheme
	Database string // optional: qualifies the table name
	Table    string
	// ProjectionStart is the first day partition projection knows about:
	// NOW-<n>YEARS|MONTHS|WEEKS|DAYS, or a date YYYY-MM-DD.
	ProjectionStart string
	Now             time.Time // for a relative start with the hive schemes
}

// DefaultProjectionStart is how far back the projected partitions reach.
const DefaultProjectionStart = "NOW-2YEARS"

var (
	relativeStart = regexp.MustCompile(`^NOW-([1-9][0-9]{0,3})(YEARS|MONTHS|WEEKS|DAYS)$`)
	s3Location    = regexp.MustCompile(`^s3://[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9](/[A-Za-z0-9!\-_.*()=/]*)?$`)
)

// hiveYearEnd is the last year the hive schemes project. Partition
// projection's integer type has no NOW; a query without --since on such a
// table enumerates every projected day, so always pass --since.
const hiveYearEnd = 2099

// DDL returns the CREATE EXTERNAL TABLE statement for flow logs in exactly
// the given format, delivered as text (gzip) under Location, with
// partition projection so no partition is ever added by hand.
//
// It follows the AWS documentation: "Create a table for Amazon VPC flow
// logs and query it" and "Create and query a table for Amazon VPC flow logs
// using partition projection" (Athena user guide: column types, ROW FORMAT
// DELIMITED FIELDS TERMINATED BY ' ', skip.header.line.count, and the
// projection.<col>.type/range/format/interval properties with
// storage.location.template), and "Supported types for partition
// projection" (date and integer types, NOW-<n>UNIT ranges, digits).
func DDL(o DDLOptions) (string, error) {
	if err := o.check(); err != nil {
		return "", err
	}
	loc := o.Location
	if !strings.HasSuffix(loc, "/") {
		loc += "/"
	}
	var b strings.Builder
	name := hiveIdent(strings.ToLower(o.Table))
	if o.Database != "" {
		name = hiveIdent(strings.ToLower(o.Database)) + "." + name
	}
	fmt.Fprintf(&b, "CREATE EXTERNAL TABLE IF NOT EXISTS %s (\n", name)
	for i, f := range o.Fields {
		sep := ","
		if i == len(o.Fields)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "  %s %s%s\n", hiveIdent(column(f)), fieldType(f), sep)
	}
	b.WriteString(")\n")
	if cols := o.Scheme.columns(); cols != nil {
		parts := make([]string, len(cols))
		for i, c := range cols {
			parts[i] = hiveIdent(c) + " string"
		}
		fmt.Fprintf(&b, "PARTITIONED BY (%s)\n", strings.Join(parts, ", "))
	}
	b.WriteString("ROW FORMAT DELIMITED\nFIELDS TERMINATED BY ' '\n")
	fmt.Fprintf(&b, "LOCATION '%s'\n", loc)
	props := [][2]string{{"skip.header.line.count", "1"}}
	props = append(props, o.projection(loc)...)
	b.WriteString("TBLPROPERTIES (\n")
	for i, p := range props {
		sep := ","
		if i == len(props)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "  %q = %q%s\n", p[0], p[1], sep)
	}
	b.WriteString(")")
	return b.String(), nil
}

func (o DDLOptions) check() error {
	if len(o.Fields) == 0 {
		return fmt.Errorf("no flow log fields: pass the flow log format with --fields")
	}
	for _, f := range o.Fields {
		if !fieldName.MatchString(f) {
			return fmt.Errorf("flow log field %q: not a flow log field name", f)
		}
	}
	if !s3Location.MatchString(o.Location) || strings.Contains(strings.TrimPrefix(o.Location, "s3://"), "//") {
		return fmt.Errorf("location %q: want s3://bucket/prefix/AWSLogs/<account>/vpcflowlogs/<region>/", o.Location)
	}
	if o.Database != "" {
		if err := CheckName("database", o.Database); err != nil {
			return err
		}
	}
	if err := CheckName("table", o.Table); err != nil {
		return err
	}
	if _, err := ParseScheme(string(o.Scheme)); err != nil {
		return err
	}
	_, _, err := o.start()
	return err
}

// start returns the projection start as a date-range bound and its year.
func (o DDLOptions) start() (bound string, year int, err error) {
	s := o.ProjectionStart
	if s == "" {
		s = DefaultProjectionStart
	}
	if m := relativeStart.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		t := o.Now.UTC()
		switch m[2] {
		case "YEARS":
			t = t.AddDate(-n, 0, 0)
		case "MONTHS":
			t = t.AddDate(0, -n, 0)
		case "WEEKS":
			t = t.AddDate(0, 0, -7*n)
		default:
			t = t.AddDate(0, 0, -n)
		}
		return s, t.Year(), nil
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return "", 0, fmt.Errorf("projection start %q: want NOW-<n>YEARS|MONTHS|WEEKS|DAYS or YYYY-MM-DD", s)
	}
	return d.Format("2006/01/02"), d.Year(), nil
}

// projection returns the partition projection properties of the scheme.
func (o DDLOptions) projection(loc string) [][2]string {
	bound, year, _ := o.start()
	switch o.Scheme {
	case SchemeNone:
		return nil
	case SchemeDT, SchemeDate:
		c := o.Scheme.columns()[0]
		return [][2]string{
			{"projection.enabled", "true"},
			{"projection." + c + ".type", "date"},
			{"projection." + c + ".format", "yyyy/MM/dd"},
			{"projection." + c + ".range", bound + ",NOW"},
			{"projection." + c + ".interval", "1"},
			{"projection." + c + ".interval.unit", "DAYS"},
			{"storage.location.template", loc + "${" + c + "}"},
		}
	}
	props := [][2]string{
		{"projection.enabled", "true"},
		{"projection.year.type", "integer"},
		{"projection.year.range", fmt.Sprintf("%d,%d", year, hiveYearEnd)},
		{"projection.year.digits", "4"},
		{"projection.month.type", "integer"},
		{"projection.month.range", "1,12"},
		{"projection.month.digits", "2"},
		{"projection.day.type", "integer"},
		{"projection.day.range", "1,31"},
		{"projection.day.digits", "2"},
	}
	if o.Scheme == SchemeHiveHourly {
		props = append(props,
			[2]string{"projection.hour.type", "integer"},
			[2]string{"projection.hour.range", "0,23"},
			[2]string{"projection.hour.digits", "2"})
	}
	return append(props, [2]string{"storage.location.template", loc + hiveTemplate(loc, o.Scheme)})
}

// hiveTemplate is the S3 path below the location for the hive schemes:
// AWS's plain layout (2024/01/05[/13]/) or, for flow logs delivered with
// Hive-compatible prefixes (aws-region=eu-west-1/), year=2024/month=01/...
func hiveTemplate(loc string, s Scheme) string {
	cols := s.columns()
	parts := make([]string, len(cols))
	hiveStyle := strings.Contains(loc, "aws-region=")
	for i, c := range cols {
		parts[i] = "${" + c + "}"
		if hiveStyle {
			parts[i] = c + "=" + parts[i]
		}
	}
	return strings.Join(parts, "/")
}
