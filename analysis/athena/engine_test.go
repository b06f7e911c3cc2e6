package athena

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/internal/clock/clocktest"
)

var testQuery = analysis.Query{By: []string{"dstaddr", "dstport"}, Sort: "bytes", Top: 3, Since: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}

// testRows is what Athena returns for testQuery: header, total, groups.
func testRows() []types.Row {
	return []types.Row{
		row("is_total", "key_dstaddr", "key_dstport", "flows", "packets", "bytes", "first_start", "last_end", "records", "nodata", "skipdata", "first_record", "last_record", "interfaces"),
		row("true", "NULL", "NULL", "7", "700", "70000", "1704067200", "1704070800", "9", "2", "1", "1704067000", "1704071000", "eni-0a,eni-0b"),
		row("false", "52.94.0.10", "443", "4", "400", "40000", "1704067200", "1704070000", "4", "0", "0", "1704067200", "1704070000", "eni-0a"),
		row("false", "203.0.113.5", "443", "2", "200", "20000", "1704068000", "1704070800", "2", "0", "0", "1704068000", "1704070800", "eni-0a"),
		row("false", "198.51.100.7", "NULL", "1", "100", "10000", "NULL", "NULL", "1", "0", "0", "NULL", "NULL", "eni-0a"),
	}
}

type harness struct {
	fake   *fakeAthena
	eng    *Engine
	sleeps []time.Duration
	log    *bytes.Buffer
}

func newHarness(t *testing.T, f *fakeAthena, sleep func(ctx context.Context, d time.Duration) error) *harness {
	t.Helper()
	h := &harness{fake: f, log: &bytes.Buffer{}}
	eng, err := New(f, Options{
		Table:     Table{Database: "flowlogs", Name: "vpc_flow_logs", Scheme: SchemeDT},
		Workgroup: "aclprobe", OutputLocation: "s3://athena-results-1/aclprobe/", Region: "eu-west-1",
		Log:   slog.New(slog.NewTextHandler(h.log, nil)),
		Clock: &recordingClock{Fake: clocktest.NewAuto(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)), h: h, sleep: sleep},
	})
	if err != nil {
		t.Fatal(err)
	}
	h.eng = eng
	return h
}

// recordingClock is a virtual clock that records the engine's waits and
// lets a test act during them (sleep, when not nil, replaces the wait).
type recordingClock struct {
	*clocktest.Fake
	h     *harness
	sleep func(ctx context.Context, d time.Duration) error
}

func (c *recordingClock) Sleep(ctx context.Context, d time.Duration) error {
	c.h.sleeps = append(c.h.sleeps, d)
	if c.sleep != nil {
		return c.sleep(ctx, d)
	}
	return c.Fake.Sleep(ctx, d)
}

func TestAggregateStreamsPages(t *testing.T) {
	f := newFake(testRows())
	f.maxPage = 2 // header+total, two groups, one group: three pages
	h := newHarness(t, f, nil)
	res, err := h.eng.Aggregate(context.Background(), testQuery)
	if err != nil {
		t.Fatal(err)
	}
	wantSQL, _ := h.eng.SQL(testQuery)
	if len(f.started) != 1 {
		t.Fatalf("started %d queries, want 1", len(f.started))
	}
	in := f.started[0]
	if aws.ToString(in.QueryString) != wantSQL || aws.ToString(in.QueryExecutionContext.Database) != "flowlogs" ||
		aws.ToString(in.WorkGroup) != "aclprobe" || aws.ToString(in.ResultConfiguration.OutputLocation) != "s3://athena-results-1/aclprobe/" {
		t.Errorf("StartQueryExecution input = %+v", in)
	}
	if got := strings.Join(res.By, ","); got != "dstaddr,dstport" {
		t.Errorf("By = %s", got)
	}
	want := []analysis.Row{
		{Keys: []string{"52.94.0.10", "443"}, Flows: 4, Packets: 400, Bytes: 40000, First: time.Unix(1704067200, 0).UTC(), Last: time.Unix(1704070000, 0).UTC()},
		{Keys: []string{"203.0.113.5", "443"}, Flows: 2, Packets: 200, Bytes: 20000, First: time.Unix(1704068000, 0).UTC(), Last: time.Unix(1704070800, 0).UTC()},
		{Keys: []string{"198.51.100.7", "-"}, Flows: 1, Packets: 100, Bytes: 10000},
	}
	if len(res.Rows) != len(want) {
		t.Fatalf("rows = %+v, want %+v", res.Rows, want)
	}
	for i := range want {
		g, w := res.Rows[i], want[i]
		if strings.Join(g.Keys, "|") != strings.Join(w.Keys, "|") || g.Flows != w.Flows || g.Packets != w.Packets ||
			g.Bytes != w.Bytes || !g.First.Equal(w.First) || !g.Last.Equal(w.Last) {
			t.Errorf("row %d = %+v, want %+v", i, g, w)
		}
	}
	cov := res.Coverage
	if cov.Records != 9 || cov.Matched != 7 || cov.NoData != 2 || cov.SkipData != 1 || cov.ScannedBytes != 5<<30 ||
		!cov.First.Equal(time.Unix(1704067000, 0)) || !cov.Last.Equal(time.Unix(1704071000, 0)) ||
		strings.Join(cov.Interfaces, " ") != "eni-0a eni-0b" {
		t.Errorf("coverage = %+v", cov)
	}
	// Backoff grows between polls and is capped (three polls before SUCCEEDED).
	if len(h.sleeps) != 3 || h.sleeps[0] != 200*time.Millisecond || !(h.sleeps[1] > h.sleeps[0] && h.sleeps[2] > h.sleeps[1]) {
		t.Errorf("sleeps = %v, want three growing waits from 200ms", h.sleeps)
	}
	for _, s := range []string{"state=QUEUED", "state=RUNNING", "state=SUCCEEDED", `scanned="5.0 GiB"`, "cost=~$0.0244", "query=q-1"} {
		if !strings.Contains(h.log.String(), s) {
			t.Errorf("progress log lacks %q:\n%s", s, h.log)
		}
	}
}

func TestAggregateBackoffCap(t *testing.T) {
	f := newFake(testRows())
	f.states = append([]types.QueryExecutionState{}, "QUEUED")
	for range 12 {
		f.states = append(f.states, "RUNNING")
	}
	f.states = append(f.states, "SUCCEEDED")
	f.scanned = make([]int64, len(f.states))
	h := newHarness(t, f, nil)
	if _, err := h.eng.Aggregate(context.Background(), testQuery); err != nil {
		t.Fatal(err)
	}
	if last := h.sleeps[len(h.sleeps)-1]; last != 5*time.Second {
		t.Errorf("last wait = %v, want the 5s cap (waits %v)", last, h.sleeps)
	}
}

func TestAggregateFailures(t *testing.T) {
	cases := []struct {
		name  string
		setup func(*fakeAthena)
		want  []string
		is    error
	}{
		{"failed with reason", func(f *fakeAthena) {
			f.states = []types.QueryExecutionState{"QUEUED", "RUNNING", "FAILED"}
			f.reason = "COLUMN_NOT_FOUND: line 5:5: Column 'pkt_dstaddr' cannot be resolved"
		}, []string{"FAILED", "COLUMN_NOT_FOUND", "q-1"}, ErrQueryFailed},
		{"cancelled by someone else", func(f *fakeAthena) {
			f.states = []types.QueryExecutionState{"QUEUED", "CANCELLED"}
			f.reason = "Query cancelled by user"
		}, []string{"CANCELLED", "Query cancelled by user"}, ErrQueryFailed},
		{"start refused", func(f *fakeAthena) {
			f.startFn = func(*athena.StartQueryExecutionInput) error {
				return &types.InvalidRequestException{Message: aws.String("WorkGroup is not found")}
			}
		}, []string{"start query on flowlogs.vpc_flow_logs", "WorkGroup is not found"}, nil},
		{"header mismatch", func(f *fakeAthena) {
			f.rows[0] = row("is_total", "key_srcaddr", "key_dstport", "flows", "packets", "bytes", "first_start", "last_end", "records", "nodata", "skipdata", "first_record", "last_record", "interfaces")
		}, []string{`header column 2 is "key_srcaddr", want "key_dstaddr"`}, nil},
		{"no total row", func(f *fakeAthena) { f.rows = append(f.rows[:1], f.rows[2:]...) }, []string{"no total row"}, nil},
		{"bad number", func(f *fakeAthena) { f.rows[2].Data[4].VarCharValue = aws.String("4e2") }, []string{`column packets: "4e2" is not an integer`}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(testRows())
			c.setup(f)
			h := newHarness(t, f, nil)
			_, err := h.eng.Aggregate(context.Background(), testQuery)
			if err == nil {
				t.Fatal("Aggregate succeeded, want an error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("error %v is not %v", err, c.is)
			}
			if len(f.stopped) != 0 {
				t.Errorf("stopped %v, want no StopQueryExecution", f.stopped)
			}
		})
	}
}

// TestAggregateCancelStopsQuery: Ctrl-C while the query runs must stop it
// in Athena (with a context that is not the cancelled one).
func TestAggregateCancelStopsQuery(t *testing.T) {
	for _, stopErr := range []error{nil, errors.New("throttled")} {
		t.Run("stop error "+fmtErr(stopErr), func(t *testing.T) {
			f := newFake(testRows())
			f.states = []types.QueryExecutionState{"QUEUED", "RUNNING", "RUNNING", "RUNNING", "SUCCEEDED"}
			f.scanned = make([]int64, len(f.states))
			f.stopErr = stopErr
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			polls := 0
			h := newHarness(t, f, func(ctx context.Context, _ time.Duration) error {
				if polls++; polls == 2 {
					cancel() // Ctrl-C during the second wait
				}
				return ctx.Err()
			})
			_, err := h.eng.Aggregate(ctx, testQuery)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("error = %v, want context.Canceled", err)
			}
			if stopErr == nil {
				if len(f.stopped) != 1 || f.stopped[0] != "q-1" {
					t.Fatalf("stopped = %v, want [q-1]", f.stopped)
				}
				if f.queries["q-1"].state != types.QueryExecutionStateCancelled {
					t.Errorf("query state = %s, want CANCELLED", f.queries["q-1"].state)
				}
				return
			}
			if !strings.Contains(err.Error(), "may still be running") || !strings.Contains(err.Error(), "stop-query-execution --query-execution-id q-1") {
				t.Errorf("error %q should say the query may still run and how to stop it", err)
			}
		})
	}
}

func fmtErr(err error) string {
	if err == nil {
		return "none"
	}
	return err.Error()
}

func TestCost(t *testing.T) {
	cases := []struct {
		name  string
		bytes int64
		want  float64
	}{
		{"nothing scanned bills the 10 MB minimum", 0, 10.0 / (1 << 20) * 5},
		{"one TB", 1 << 40, 5},
		{"rounded up to the megabyte", 11<<20 + 1, 12.0 / (1 << 20) * 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Cost(c.bytes, 5); got < c.want*0.999999 || got > c.want*1.000001 {
				t.Errorf("Cost(%d) = %g, want %g", c.bytes, got, c.want)
			}
		})
	}
	if PricePerTB("eu-west-1") != 5 || PricePerTB("xx-nowhere-9") != DefaultPricePerTB {
		t.Error("PricePerTB: want the table's price and the default for unknown regions")
	}
}

func TestAggregateWarnsWithoutSince(t *testing.T) {
	for _, since := range []bool{false, true} {
		f := newFake(testRows())
		h := newHarness(t, f, nil)
		q := testQuery
		if !since {
			q.Since = time.Time{}
		}
		if _, err := h.eng.Aggregate(context.Background(), q); err != nil {
			t.Fatal(err)
		}
		if warned := strings.Contains(h.log.String(), "level=WARN"); warned == since {
			t.Errorf("since=%v: warned=%v, want a warning exactly when --since is missing:\n%s", since, warned, h.log)
		}
	}
}
