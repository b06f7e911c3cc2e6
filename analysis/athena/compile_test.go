package athena

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/internal/golden"
	"github.com/aclprobe/aclprobe/internal/testenv"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// natFields is the custom format of the NAT gateway investigation.
var natFields = strings.Fields("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags pkt-srcaddr pkt-dstaddr pkt-dst-aws-service traffic-path")

func TestCompileGolden(t *testing.T) {
	tbl := Table{Database: "flowlogs", Name: "vpc_flow_logs", Scheme: SchemeNone}
	with := func(s Scheme) Table { t := tbl; t.Scheme = s; return t }
	impactBy := []string{"src-endpoint", "dst-endpoint", "dstport", "protocol", "interface-id"}
	cases := []struct {
		name  string
		q     analysis.Query
		table Table
	}{
		{"default", analysis.Query{}, tbl},
		{"src-cidrs", analysis.Query{SrcCIDRs: testenv.Prefixes("10.0.0.0/16", "10.1.2.3/24")}, tbl},
		{"dst-cidrs-ipv6", analysis.Query{DstCIDRs: testenv.Prefixes("2001:db8::/32")}, tbl},
		{"nat-ips", analysis.Query{NATIPs: []netip.Addr{netip.MustParseAddr("10.0.0.220"), netip.MustParseAddr("2001:db8::1")}}, tbl},
		{"actions", analysis.Query{Actions: []string{"reject", "ACCEPT"}}, tbl},
		{"interfaces-quoted", analysis.Query{Interfaces: []string{"eni-0abc", "eni-x' OR '1'='1"}}, tbl},
		{"since-until-dt", analysis.Query{Since: utc("2024-01-05T10:00:00Z"), Until: utc("2024-01-07T00:00:00Z")}, with(SchemeDT)},
		{"since-dt", analysis.Query{Since: utc("2024-01-05T10:00:00.5Z")}, with(SchemeDT)},
		{"until-dt", analysis.Query{Until: utc("2024-01-07T23:30:00Z")}, with(SchemeDT)},
		{"since-until-date", analysis.Query{Since: utc("2024-01-05T00:00:00Z"), Until: utc("2024-01-06T00:00:00Z")}, with(SchemeDate)},
		{"since-until-hive-months", analysis.Query{Since: utc("2023-12-30T00:00:00Z"), Until: utc("2024-02-02T12:00:00Z")}, with(SchemeHive)},
		{"since-until-hive-one-day", analysis.Query{Since: utc("2024-01-05T01:00:00Z"), Until: utc("2024-01-05T20:00:00Z")}, with(SchemeHive)},
		{"since-hive", analysis.Query{Since: utc("2024-03-09T00:00:00Z")}, with(SchemeHive)},
		{"until-hive-hourly", analysis.Query{Until: utc("2024-03-09T06:00:00Z")}, with(SchemeHiveHourly)},
		{"impact-block-except", analysis.Query{By: impactBy, Block: testenv.Prefixes("0.0.0.0/0"), Except: testenv.Prefixes("10.20.30.0/24", "192.168.0.0/16")}, tbl},
		{"impact-block", analysis.Query{By: impactBy, Block: testenv.Prefixes("203.0.113.0/24")}, tbl},
		{"sort-packets-top", analysis.Query{By: []string{"dstaddr", "pkt-dst-aws-service"}, Sort: "packets", Top: 10}, tbl},
		{"sort-bytes-top", analysis.Query{By: []string{"dstaddr"}, Sort: "bytes", Top: 1}, tbl},
		{"future-field", analysis.Query{By: []string{"reject-reason", "some-future-field"}}, tbl},
		{"hyphenated-and-reserved", analysis.Query{By: []string{"start", "end", "log-status", "pkt-src-aws-service", "tcp-flags"}}, tbl},
		{"format-fields", analysis.Query{By: []string{"src-endpoint", "dstport", "instance-id"}, Interfaces: []string{"eni-1"}}, Table{Database: "flowlogs", Name: "nat", Scheme: SchemeDT, Fields: natFields}},
		{"format-without-log-status", analysis.Query{}, Table{Database: "flowlogs", Name: "nat", Scheme: SchemeNone, Fields: strings.Fields("instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr")}},
		{"all-filters", analysis.Query{
			SrcCIDRs: testenv.Prefixes("10.0.0.0/8"), DstCIDRs: testenv.Prefixes("0.0.0.0/0"),
			NATIPs: []netip.Addr{netip.MustParseAddr("10.0.0.220")}, Actions: []string{"ACCEPT"},
			Since: utc("2024-01-30T00:00:00Z"), Until: utc("2024-02-01T00:00:00Z"), Interfaces: []string{"eni-1"},
			Block: testenv.Prefixes("52.0.0.0/8"), Except: testenv.Prefixes("52.95.128.0/24"), Sort: "bytes", Top: 20,
		}, with(SchemeHive)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, err := Compile(c.q, c.table)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "sql/"+c.name+".sql", []byte(st.SQL+"\n"))
		})
	}
}

func TestCompileErrors(t *testing.T) {
	good := Table{Database: "flowlogs", Name: "vpc_flow_logs", Scheme: SchemeDT}
	cases := []struct {
		name  string
		q     analysis.Query
		table Table
		want  string
	}{
		{"database injection", analysis.Query{}, Table{Database: `x"; DROP TABLE y; --`, Name: "t", Scheme: SchemeDT}, "database name"},
		{"table with dot", analysis.Query{}, Table{Database: "db", Name: "a.b", Scheme: SchemeDT}, "table name"},
		{"bad scheme", analysis.Query{}, Table{Database: "db", Name: "t", Scheme: "monthly"}, "partition scheme"},
		{"field with quote", analysis.Query{By: []string{`srcaddr"`}}, good, "not a flow log field name"},
		{"duplicate field", analysis.Query{By: []string{"srcaddr", "srcaddr"}}, good, "appears twice"},
		{"bad sort", analysis.Query{Sort: "records"}, good, "sort"},
		{"bad action", analysis.Query{Actions: []string{"DROP"}}, good, "action"},
		{"negative top", analysis.Query{Top: -1}, good, "top"},
		{"control char", analysis.Query{Interfaces: []string{"eni-1\n"}}, good, "control characters"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Compile(c.q, c.table)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Compile error = %v, want one containing %q", err, c.want)
			}
		})
	}
}

// TestPartitionFilterDays checks the days each scheme keeps, including
// the delivery slack at the end and month and year boundaries.
func TestPartitionFilterDays(t *testing.T) {
	cases := []struct {
		name         string
		scheme       Scheme
		since, until string
		want         string
	}{
		{"dt midnight until keeps the next day for late delivery", SchemeDT, "2024-01-05T00:00:00Z", "2024-01-06T00:00:00Z", `"dt" BETWEEN '2024/01/05' AND '2024/01/06'`},
		{"dt until before 23:00 stays on its day", SchemeDT, "2024-01-05T00:00:00Z", "2024-01-05T22:59:59Z", `"dt" BETWEEN '2024/01/05' AND '2024/01/05'`},
		{"dt until after 23:00 reaches the next day", SchemeDT, "2024-01-05T00:00:00Z", "2024-01-05T23:00:00Z", `"dt" BETWEEN '2024/01/05' AND '2024/01/06'`},
		{"date uses UTC days", SchemeDate, "2024-01-05T23:30:00-05:00", "", `"date" >= '2024/01/06'`},
		{"hive year boundary", SchemeHive, "2023-12-31T00:00:00Z", "2024-01-01T12:00:00Z",
			`(("year" = '2023' AND "month" = '12' AND "day" = '31')` + "\n    OR " + `("year" = '2024' AND "month" = '01' AND "day" = '01'))`},
		{"hive leap day", SchemeHive, "2024-02-28T00:00:00Z", "2024-02-29T12:00:00Z",
			`("year" = '2024' AND "month" = '02' AND "day" BETWEEN '28' AND '29')`},
		{"hive since after until is empty", SchemeHive, "2024-02-10T00:00:00Z", "2024-02-01T00:00:00Z", "false"},
		{"none prunes nothing", SchemeNone, "2024-01-05T00:00:00Z", "2024-01-06T00:00:00Z", ""},
		{"no bounds prune nothing", SchemeDT, "", "", ""},
	}
	parse := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		return utc(s)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := partitionFilter(c.scheme, parse(c.since), parse(c.until))
			if got != c.want {
				t.Errorf("partitionFilter =\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}
