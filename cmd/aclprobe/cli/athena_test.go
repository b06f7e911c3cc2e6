package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/athena"
)

// runRoot runs aclprobe with args through the real command tree.
func runRoot(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := NewRootCmd(&IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	root.SetArgs(args)
	code = Execute(context.Background(), root)
	return out.String(), errOut.String(), code
}

func TestAthenaDDLCommand(t *testing.T) {
	format := "${version} ${interface-id} ${srcaddr} ${dstaddr} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${start} ${end}"
	loc := "s3://flowlogs-bucket/AWSLogs/111122223333/vpcflowlogs/eu-west-1/"
	out, errOut, code := runRoot(t, "athena", "ddl", "--fields", format, "--location", loc,
		"--partition-scheme", "hive", "--database", "flowlogs", "--table", "natgw", "--projection-start", "2024-01-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	fields, _ := athena.ParseFields(format)
	want, err := athena.DDL(athena.DDLOptions{Fields: fields, Location: loc, Scheme: athena.SchemeHive,
		Database: "flowlogs", Table: "natgw", ProjectionStart: "2024-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	if out != want+"\n" {
		t.Errorf("stdout =\n%s\nwant\n%s", out, want)
	}
	for _, s := range []string{"`pkt_srcaddr` string", "`end` bigint", `"projection.year.range" = "2024,2099"`, "${year}/${month}/${day}"} {
		if !strings.Contains(out, s) {
			t.Errorf("DDL lacks %q", s)
		}
	}
}

func TestAthenaDDLCommandErrors(t *testing.T) {
	loc := "s3://b-1/AWSLogs/1/vpcflowlogs/eu-west-1/"
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"fields required", []string{"--location", loc}, `"fields" not set`},
		{"location required", []string{"--fields", "srcaddr"}, `"location" not set`},
		{"bad field", []string{"--fields", "srcaddr Bytes", "--location", loc}, "--fields"},
		{"bad scheme", []string{"--fields", "srcaddr", "--location", loc, "--partition-scheme", "weekly"}, "--partition-scheme"},
		{"bad table", []string{"--fields", "srcaddr", "--location", loc, "--table", "a;b"}, "table name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := runRoot(t, append([]string{"athena", "ddl"}, c.args...)...)
			if code != ExitFailure || out != "" || !strings.Contains(errOut, c.want) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1, no stdout, stderr with %q", code, out, errOut, c.want)
			}
		})
	}
}

func TestEngineOptionsBuild(t *testing.T) {
	local := func(context.Context) (analysis.Engine, error) { return nil, errors.New("local engine built") }
	cases := []struct {
		name string
		o    engineOptions
		want string
	}{
		{"local by default", engineOptions{}, "local engine built"},
		{"unknown engine", engineOptions{Name: "duckdb"}, "want local or athena"},
		{"show-sql needs athena", engineOptions{Name: "local", ShowSQL: true}, "--show-sql needs --engine athena"},
		{"bad scheme", engineOptions{Name: "athena", Database: "db", Table: "t", PartitionScheme: "weekly"}, "--partition-scheme"},
		{"bad table fields", engineOptions{Name: "athena", Database: "db", Table: "t", PartitionScheme: "dt", Fields: "src addr!"}, "--table-fields"},
		{"bad database", engineOptions{Name: "athena", Database: "db-1", Table: "t", PartitionScheme: "dt", ShowSQL: true}, "database name"},
		{"bad output location", engineOptions{Name: "athena", Database: "db", Table: "t", PartitionScheme: "dt", ShowSQL: true, OutputLocation: "/tmp/x"}, "output location"},
		{"negative price", engineOptions{Name: "athena", Database: "db", Table: "t", PartitionScheme: "dt", PricePerTB: -1}, "--price-per-tb"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newFlowLogDeps(NewFactory(&IO{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}))
			_, err := c.o.build(context.Background(), &d, local)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("build error = %v, want one containing %q", err, c.want)
			}
		})
	}
}

// TestShowSQLPrintsAndExitsZero: --show-sql prints exactly the statement
// the engine would run and ends the command with exit code 0, without AWS.
func TestShowSQLPrintsAndExitsZero(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	var out bytes.Buffer
	d := newFlowLogDeps(NewFactory(&IO{Out: &out, ErrOut: &bytes.Buffer{}}))
	o := engineOptions{Name: "athena", Database: "flowlogs", Table: "natgw", PartitionScheme: "dt", ShowSQL: true}
	eng, err := o.build(context.Background(), &d, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := analysis.Query{By: []string{"dst-endpoint", "dstport"}, Top: 5}
	res, err := eng.Aggregate(context.Background(), q)
	if res != nil || err == nil {
		t.Fatalf("Aggregate = %v, %v; want no result and the exit-0 sentinel", res, err)
	}
	if code := exitCode(context.Background(), err, &bytes.Buffer{}); code != ExitOK {
		t.Errorf("exit code = %d, want 0", code)
	}
	want, err := athena.Compile(q, athena.Table{Database: "flowlogs", Name: "natgw", Scheme: athena.SchemeDT})
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != want.SQL+"\n" {
		t.Errorf("stdout =\n%s\nwant\n%s", out.String(), want.SQL)
	}
}

// TestShowSQLThroughCommands: analyze and impact with --engine athena
// --show-sql print the statement the engine would run and exit 0 without
// AWS credentials or a region.
func TestShowSQLThroughCommands(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
	athenaFlags := []string{"--engine", "athena", "--database", "flowlogs", "--table", "natgw", "--show-sql"}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"analyze", append([]string{"analyze", "--nat-ip", "10.0.100.10", "--since", "2024-01-01", "--until", "2024-01-02", "--by", "dstaddr,dstport"}, athenaFlags...),
			[]string{`FROM "flowlogs"."natgw"`, `WHERE "dt" BETWEEN '2024/01/01' AND '2024/01/02'`, "IN (IPADDRESS '10.0.100.10')", "LIMIT 21"}},
		{"impact", append([]string{"impact", "--block", "0.0.0.0/0", "--except", "10.20.30.0/24"}, athenaFlags...),
			[]string{"key_src_endpoint", "key_dst_endpoint", "AND NOT contains('10.20.30.0/24'"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := runRoot(t, c.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.HasPrefix(out, "WITH scanned AS (") {
				t.Errorf("stdout is not the statement:\n%s", out)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("statement lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
