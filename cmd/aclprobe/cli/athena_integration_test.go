package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsathena "github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/analysis/athena"
	"github.com/aclprobe/aclprobe/internal/testenv"
)

// athenaTestRegion is used only by these tests: moto's static Athena
// results are one queue per account and region, shared by every client.
const athenaTestRegion = "eu-north-1"

// motoAthenaResults queues one query result in moto: the rows Athena would
// return (header first), served to the next query started in the region.
func motoAthenaResults(t *testing.T, url, account string, rows [][]*string) {
	t.Helper()
	type datum struct {
		VarCharValue *string `json:",omitempty"`
	}
	type row struct{ Data []datum }
	body := map[string]any{"account_id": account, "region": athenaTestRegion}
	var rs []row
	for _, r := range rows {
		var d []datum
		for _, v := range r {
			d = append(d, datum{v})
		}
		rs = append(rs, row{d})
	}
	var cols []map[string]string
	for _, v := range rows[0] {
		cols = append(cols, map[string]string{"Name": *v, "Label": *v, "Type": "varchar"})
	}
	body["results"] = []map[string]any{{"rows": rs, "column_info": cols}}
	buf, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(url+"/moto-api/static/athena/query-results", "application/json", bytes.NewReader(buf))
	if err != nil {
		t.Fatalf("queue athena results in moto: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("queue athena results in moto: %s", resp.Status)
	}
}

// byDstaddrDstportHeader is the header row of an analysis statement by
// dstaddr and dstport, as Athena answers it.
var byDstaddrDstportHeader = strs("is_total", "key_dstaddr", "key_dstport", "flows", "packets", "bytes", "first_start", "last_end",
	"records", "nodata", "skipdata", "first_record", "last_record", "interfaces")

// strs turns a row of strings into result values; "NULL" is a SQL NULL.
func strs(vals ...string) []*string {
	out := make([]*string, len(vals))
	for i, v := range vals {
		if v != "NULL" {
			out[i] = aws.String(v)
		}
	}
	return out
}

// motoAthenaTable points the SDK at moto in the dedicated region, queues
// moto's answer to the next query (a dstaddr and dstport statement's rows,
// after its header) and returns a table name no other test uses.
func motoAthenaTable(t *testing.T, prefix string, rows ...[]*string) string {
	t.Helper()
	url := testenv.MotoURL(t)
	t.Setenv("AWS_REGION", athenaTestRegion)
	id, err := sts.NewFromConfig(testenv.Config(t)).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("sts GetCallerIdentity: %v", err)
	}
	motoAthenaResults(t, url, aws.ToString(id.Account), append([][]*string{byDstaddrDstportHeader}, rows...))
	return fmt.Sprintf("%s_%d", prefix, time.Now().UnixNano())
}

// athenaNATQuery is the query of these tests: the top 2 destination
// addresses and ports behind the NAT gateway 10.0.100.10 on 2024-01-01.
func athenaNATQuery() analysis.Query {
	return analysis.Query{
		By: []string{"dstaddr", "dstport"}, NATIPs: []netip.Addr{netip.MustParseAddr("10.0.100.10")},
		Since: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), Top: 2,
	}
}

// wantSentOnce fails the test unless moto received exactly one query for
// table, the statement q compiles to, and returns it.
func wantSentOnce(t *testing.T, table string, q analysis.Query) *athenatypes.QueryExecution {
	t.Helper()
	want, err := athena.Compile(q, athena.Table{Database: "flowlogs", Name: table, Scheme: athena.SchemeDT})
	if err != nil {
		t.Fatal(err)
	}
	sent := receivedQueries(t, table)
	if len(sent) != 1 {
		t.Fatalf("moto received %d queries for table %s, want 1", len(sent), table)
	}
	if got := aws.ToString(sent[0].Query); got != want.SQL {
		t.Fatalf("moto received:\n%s\nwant exactly:\n%s", got, want.SQL)
	}
	return sent[0]
}

// receivedQueries returns every query moto saw in the region whose SQL
// contains marker.
func receivedQueries(t *testing.T, marker string) []*athenatypes.QueryExecution {
	t.Helper()
	ctx := context.Background()
	c := awsathena.NewFromConfig(testenv.Config(t))
	ids, err := c.ListQueryExecutions(ctx, &awsathena.ListQueryExecutionsInput{})
	if err != nil {
		t.Fatalf("athena ListQueryExecutions: %v", err)
	}
	var out []*athenatypes.QueryExecution
	for _, id := range ids.QueryExecutionIds {
		qe, err := c.GetQueryExecution(ctx, &awsathena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			t.Fatalf("athena GetQueryExecution %s: %v", id, err)
		}
		if strings.Contains(aws.ToString(qe.QueryExecution.Query), marker) {
			out = append(out, qe.QueryExecution)
		}
	}
	return out
}

// TestIntegrationAthenaEngineAgainstMoto runs a query through the engine
// the --engine athena flags build, with the real SDK client against moto:
// the rows moto serves come back as analysis rows with their coverage, and
// the SQL moto received is exactly the compiled statement.
func TestIntegrationAthenaEngineAgainstMoto(t *testing.T) {
	table := motoAthenaTable(t, "engine",
		strs("true", "NULL", "NULL", "6", "60", "6000", "1704067200", "1704070800", "8", "1", "0", "1704067100", "1704070900", "eni-0a,eni-0b"),
		strs("false", "52.94.0.10", "443", "5", "50", "5000", "1704067200", "1704070000", "5", "0", "0", "1704067200", "1704070000", "eni-0a"),
		strs("false", "203.0.113.5", "NULL", "1", "10", "1000", "1704068000", "1704070800", "1", "0", "0", "1704068000", "1704070800", "eni-0a"),
	)

	var stderr bytes.Buffer
	d := newFlowLogDeps(NewFactory(&IO{Out: &bytes.Buffer{}, ErrOut: &stderr}))
	logger := slog.New(slog.NewTextHandler(&stderr, nil))
	d.Log = func() *slog.Logger { return logger }
	o := engineOptions{Name: "athena", Database: "flowlogs", Table: table, PartitionScheme: "dt",
		OutputLocation: "s3://aclprobe-athena-it/results/"}
	eng, err := o.build(context.Background(), &d, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := athenaNATQuery()
	res, err := eng.Aggregate(context.Background(), q)
	if err != nil {
		t.Fatalf("Aggregate via moto: %v\nstderr:\n%s", err, stderr.String())
	}
	got := fmt.Sprint(res.Rows[0].Keys, res.Rows[0].Flows, res.Rows[0].Bytes, res.Rows[1].Keys, res.Rows[1].Flows)
	if len(res.Rows) != 2 || got != "[52.94.0.10 443] 5 5000 [203.0.113.5 -] 1" {
		t.Errorf("rows = %+v", res.Rows)
	}
	if res.Coverage.Records != 8 || res.Coverage.Matched != 6 || res.Coverage.NoData != 1 || len(res.Coverage.Interfaces) != 2 {
		t.Errorf("coverage = %+v", res.Coverage)
	}
	sent := wantSentOnce(t, table, q)
	if db := aws.ToString(sent.QueryExecutionContext.Database); db != "flowlogs" {
		t.Errorf("query database = %q, want flowlogs", db)
	}
	if loc := aws.ToString(sent.ResultConfiguration.OutputLocation); !strings.HasPrefix(loc, "s3://aclprobe-athena-it/results/") {
		t.Errorf("query output location = %q", loc)
	}
	if !strings.Contains(stderr.String(), "state=SUCCEEDED") {
		t.Errorf("no progress on stderr:\n%s", stderr.String())
	}
}

// TestIntegrationAnalyzeAthenaCommand runs `aclprobe analyze --engine
// athena` through the command tree and the real SDK against moto: the
// rows moto serves are printed as the local engine's CSV, and moto
// received exactly the statement compiled from the flags.
func TestIntegrationAnalyzeAthenaCommand(t *testing.T) {
	table := motoAthenaTable(t, "cli",
		strs("true", "NULL", "NULL", "9", "90", "9000", "1704067200", "1704070800", "12", "0", "0", "1704067100", "1704070900", "eni-0a"),
		strs("false", "52.94.0.10", "443", "7", "70", "7000", "1704067200", "1704070000", "7", "0", "0", "1704067200", "1704070000", "eni-0a"),
		strs("false", "203.0.113.5", "NULL", "2", "20", "2000", "1704068000", "1704070800", "2", "0", "0", "1704068000", "1704070800", "eni-0a"),
	)
	out, errOut, code := runRoot(t, "analyze", "--engine", "athena", "--database", "flowlogs", "--table", table,
		"--output-location", "s3://aclprobe-athena-it/results/", "--nat-ip", "10.0.100.10",
		"--since", "2024-01-01", "--until", "2024-01-02", "--by", "dstaddr,dstport", "--top", "2", "--format", "csv")
	if code != ExitOK {
		t.Fatalf("exit %d\nstderr:\n%s", code, errOut)
	}
	for _, w := range []string{"52.94.0.10,443,7,70,7000", "203.0.113.5,-,2,20,2000"} {
		if !strings.Contains(out, w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}
	q := athenaNATQuery()
	q.Sort = "flows" // the command's default
	wantSentOnce(t, table, q)
	if !strings.Contains(errOut, "state=SUCCEEDED") {
		t.Errorf("stderr lacks progress:\n%s", errOut)
	}
}
