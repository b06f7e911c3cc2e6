package athena

import (
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/internal/golden"
	"github.com/aclprobe/aclprobe/internal/testenv"
)

func TestDDLGolden(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	v5 := "version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status"
	loc := "s3://flowlogs-bucket/prefix/AWSLogs/111122223333/vpcflowlogs/eu-west-1/"
	cases := []struct {
		name string
		fmt  string
		o    DDLOptions
	}{
		{"natgw-dt", "${version} ${interface-id} ${srcaddr} ${dstaddr} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${pkt-srcaddr} ${pkt-dstaddr} ${pkt-dst-aws-service} ${traffic-path}",
			DDLOptions{Location: loc, Scheme: SchemeDT, Database: "flowlogs", Table: "natgw"}},
		{"default-v2-date", "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status",
			DDLOptions{Location: strings.TrimSuffix(loc, "/"), Scheme: SchemeDate, Table: "vpc_flow_logs", ProjectionStart: "2024-01-01"}},
		{"v5-hive", v5, DDLOptions{Location: loc, Scheme: SchemeHive, Table: "vpc_flow_logs"}},
		{"v5-hive-hourly-hive-prefixes", v5, DDLOptions{
			Location: "s3://flowlogs-bucket/AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=eu-west-1/",
			Scheme:   SchemeHiveHourly, Table: "vpc_flow_logs", ProjectionStart: "NOW-6MONTHS"}},
		{"ecs-unknown-fields-none", "version interface-id srcaddr dstaddr ecs-cluster-name ecs-task-id some-future-field",
			DDLOptions{Location: loc, Scheme: SchemeNone, Table: "ecs_flows"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fields, err := ParseFields(c.fmt)
			if err != nil {
				t.Fatal(err)
			}
			c.o.Fields, c.o.Now = fields, now
			got, err := DDL(c.o)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "ddl/"+c.name+".sql", []byte(got+"\n"))
		})
	}
}

func TestDDLErrors(t *testing.T) {
	ok := DDLOptions{Fields: []string{"srcaddr"}, Location: "s3://b-1/AWSLogs/1/vpcflowlogs/eu-west-1/", Scheme: SchemeDT, Table: "t"}
	cases := []struct {
		name string
		edit func(*DDLOptions)
		want string
	}{
		{"quote in location", func(o *DDLOptions) { o.Location = "s3://b-1/x'/" }, "location"},
		{"template in location", func(o *DDLOptions) { o.Location = "s3://b-1/${dt}/" }, "location"},
		{"not s3", func(o *DDLOptions) { o.Location = "https://b-1/x/" }, "location"},
		{"double slash", func(o *DDLOptions) { o.Location = "s3://b-1//x/" }, "location"},
		{"table name", func(o *DDLOptions) { o.Table = "flow-logs" }, "table name"},
		{"database name", func(o *DDLOptions) { o.Database = "a b" }, "database name"},
		{"no fields", func(o *DDLOptions) { o.Fields = nil }, "--fields"},
		{"bad start", func(o *DDLOptions) { o.ProjectionStart = "NOW-3FORTNIGHTS" }, "projection start"},
		{"bad scheme", func(o *DDLOptions) { o.Scheme = "weekly" }, "partition scheme"},
	}
	if _, err := DDL(ok); err != nil {
		t.Fatalf("base options: %v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := ok
			c.edit(&o)
			_, err := DDL(o)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("DDL error = %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestParseFields(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
		err      string
	}{
		{"plain", "version srcaddr  pkt-dst-aws-service", []string{"version", "srcaddr", "pkt-dst-aws-service"}, ""},
		{"console form", "${version} ${srcaddr}", []string{"version", "srcaddr"}, ""},
		{"duplicate", "srcaddr srcaddr", nil, "twice"},
		{"upper case", "SrcAddr", nil, "lowercase"},
		{"athena spelling", "pkt_srcaddr log_status", []string{"pkt-srcaddr", "log-status"}, ""},
		{"injection", "srcaddr string) LOCATION 'x", nil, "lowercase"},
		{"empty", "  ", nil, "no fields"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseFields(c.in)
			if testenv.WantErr(t, err, c.err) {
				return
			}
			if err != nil || strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Fatalf("ParseFields = %v, %v; want %v", got, err, c.want)
			}
		})
	}
}
