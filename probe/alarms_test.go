package probe_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/aclprobe/aclprobe/internal/clock/clocktest"
	"github.com/aclprobe/aclprobe/probe"
	"github.com/aclprobe/aclprobe/probe/probetest"
)

var t0 = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// newFake returns a CloudWatch fake whose state timestamps come from c,
// the virtual clock the test advances.
func newFake(c *clocktest.Fake) *probetest.CloudWatch {
	cw := probetest.NewCloudWatch()
	cw.Now = c.Now
	cw.PageSize = 2 // force paging everywhere
	for _, n := range []string{"api-5xx", "api-latency", "api-errors", "db-cpu", "kinesis-put", "queue-age"} {
		cw.PutMetricAlarm(n, types.StateValueOk)
	}
	cw.PutCompositeAlarm("api-health", types.StateValueOk)
	return cw
}

func TestAlarmsResolve(t *testing.T) {
	tests := []struct {
		name     string
		names    []string
		prefixes []string
		want     []string
	}{
		{"names only", []string{"db-cpu", "queue-age"}, nil, []string{"db-cpu", "queue-age"}},
		{"prefix across pages with composite", nil, []string{"api-"}, []string{"api-5xx", "api-errors", "api-health", "api-latency"}},
		{"names and prefixes merged and deduplicated", []string{"api-5xx", "db-cpu", "db-cpu"}, []string{"api-", "db-"}, []string{"api-5xx", "api-errors", "api-health", "api-latency", "db-cpu"}},
		{"composite by name", []string{"api-health"}, nil, []string{"api-health"}},
		{"nothing watched", nil, nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := clocktest.NewManual(t0)
			got, err := probe.NewAlarms(newFake(c), tt.names, tt.prefixes).Resolve(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Resolve = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAlarmsResolveMissing(t *testing.T) {
	c := clocktest.NewManual(t0)
	_, err := probe.NewAlarms(newFake(c), []string{"db-cpu", "gone-1", "gone-2"}, []string{"api-", "nope-"}).Resolve(context.Background())
	if !errors.Is(err, probe.ErrAlarmNotFound) {
		t.Fatalf("err = %v, want ErrAlarmNotFound", err)
	}
	for _, want := range []string{`"gone-1"`, `"gone-2"`, `prefix "nope-"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if strings.Contains(err.Error(), "db-cpu") || strings.Contains(err.Error(), `"api-"`) {
		t.Errorf("error %q names alarms that exist", err)
	}
}

func TestAlarmsManyNamesAreBatched(t *testing.T) {
	cw := probetest.NewCloudWatch() // rejects more than 100 AlarmNames per call
	var names []string
	for i := range 230 {
		n := fmt.Sprintf("svc-%03d", i)
		cw.PutMetricAlarm(n, types.StateValueOk)
		names = append(names, n)
	}
	a := probe.NewAlarms(cw, names, nil)
	got, err := a.Resolve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 230 {
		t.Fatalf("resolved %d alarms, want 230", len(got))
	}
	samples, failing, err := a.Poll(context.Background())
	if err != nil || len(samples) != 230 || len(failing) != 0 {
		t.Fatalf("Poll = %d samples, %d failing, %v; want 230, 0, nil", len(samples), len(failing), err)
	}
}

func TestAlarmsPollTransitions(t *testing.T) {
	ctx := context.Background()
	c := clocktest.NewManual(t0)
	cw := newFake(c)
	a := probe.NewAlarms(cw, []string{"db-cpu"}, []string{"api-"})
	a.Clock = c

	samples, failing, err := a.Poll(ctx) // resolves on first use
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != 5 || len(failing) != 0 {
		t.Fatalf("healthy poll: %d samples, %d failing; want 5, 0", len(samples), len(failing))
	}
	for _, s := range samples {
		if !s.OK || s.State != "OK" || s.Kind != probe.KindAlarm || !s.At.Equal(t0) {
			t.Errorf("healthy sample %+v", s)
		}
	}

	c.Advance(time.Minute)
	mustSet(t, cw, "api-health", types.StateValueAlarm, "child api-5xx in ALARM")
	c.Advance(time.Minute)
	mustSet(t, cw, "db-cpu", types.StateValueInsufficientData, "no datapoints")
	c.Advance(time.Minute)
	samples, failing, err = a.Poll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []probe.Failure{
		{Kind: probe.KindAlarm, Name: "api-health", Since: t0.Add(time.Minute), Detail: "composite alarm in ALARM: child api-5xx in ALARM"},
		{Kind: probe.KindAlarm, Name: "db-cpu", Since: t0.Add(2 * time.Minute), Detail: "alarm in INSUFFICIENT_DATA: no datapoints"},
	}
	if !slices.Equal(failing, want) {
		t.Errorf("failing = %+v\nwant %+v", failing, want)
	}
	if s := find(samples, "api-health"); s.OK || s.State != "ALARM" || s.Error != "child api-5xx in ALARM" {
		t.Errorf("api-health sample = %+v", s)
	}

	mustSet(t, cw, "api-health", types.StateValueOk, "recovered")
	mustSet(t, cw, "db-cpu", types.StateValueOk, "recovered")
	if err := a.CheckOK(ctx); err != nil {
		t.Errorf("CheckOK after recovery = %v", err)
	}
}

func TestAlarmsCheckOK(t *testing.T) {
	c := clocktest.NewManual(t0)
	cw := newFake(c)
	mustSet(t, cw, "queue-age", types.StateValueAlarm, "threshold crossed")
	err := probe.NewAlarms(cw, []string{"queue-age", "db-cpu"}, nil).CheckOK(context.Background())
	var notOK *probe.NotOKError
	if !errors.As(err, &notOK) || len(notOK.Failures) != 1 || notOK.Failures[0].Name != "queue-age" {
		t.Fatalf("CheckOK = %v, want NotOKError naming queue-age only", err)
	}
	if !strings.Contains(err.Error(), "threshold crossed") {
		t.Errorf("error %q lacks the state reason", err)
	}
}

// noTimestamps hides the state timestamps, as an API that omits them would.
type noTimestamps struct{ probe.CloudWatchAPI }

func (n noTimestamps) DescribeAlarms(ctx context.Context, in *cloudwatch.DescribeAlarmsInput, o ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error) {
	out, err := n.CloudWatchAPI.DescribeAlarms(ctx, in, o...)
	if err != nil {
		return nil, err
	}
	for i := range out.MetricAlarms {
		out.MetricAlarms[i].StateUpdatedTimestamp = nil
	}
	return out, nil
}

func TestAlarmsSinceFirstSeenWithoutTimestamps(t *testing.T) {
	ctx := context.Background()
	c := clocktest.NewManual(t0)
	cw := newFake(c)
	a := probe.NewAlarms(noTimestamps{cw}, []string{"db-cpu"}, nil)
	a.Clock = c
	mustSet(t, cw, "db-cpu", types.StateValueAlarm, "high")
	c.Advance(10 * time.Second)
	for range 3 { // the streak's start stays put
		_, failing, err := a.Poll(ctx)
		if err != nil || len(failing) != 1 || !failing[0].Since.Equal(t0.Add(10*time.Second)) {
			t.Fatalf("Poll = %+v, %v; want Since first seen failing", failing, err)
		}
		c.Advance(10 * time.Second)
	}
	mustSet(t, cw, "db-cpu", types.StateValueOk, "fine")
	if _, failing, _ := a.Poll(ctx); len(failing) != 0 {
		t.Fatalf("failing after OK: %+v", failing)
	}
	mustSet(t, cw, "db-cpu", types.StateValueAlarm, "again")
	_, failing, _ := a.Poll(ctx)
	if len(failing) != 1 || !failing[0].Since.Equal(c.Now()) {
		t.Errorf("new streak Since = %+v, want %v", failing, c.Now())
	}
}

func TestAlarmsPollErrors(t *testing.T) {
	ctx := context.Background()
	c := clocktest.NewManual(t0)

	t.Run("throttled is unknown health, not healthy", func(t *testing.T) {
		cw := newFake(c)
		a := probe.NewAlarms(cw, []string{"db-cpu"}, nil)
		if _, err := a.Resolve(ctx); err != nil {
			t.Fatal(err)
		}
		cw.Fail = func(*cloudwatch.DescribeAlarmsInput) error { return probetest.Throttling() }
		samples, failing, err := a.Poll(ctx)
		if err == nil || !strings.Contains(err.Error(), "Throttling") || samples != nil || failing != nil {
			t.Fatalf("Poll = %v, %v, %v; want a throttling error only", samples, failing, err)
		}
	})
	t.Run("alarm deleted after resolve", func(t *testing.T) {
		cw := newFake(c)
		a := probe.NewAlarms(cw, nil, []string{"api-"})
		if _, err := a.Resolve(ctx); err != nil {
			t.Fatal(err)
		}
		cw.DeleteAlarm("api-latency")
		_, _, err := a.Poll(ctx)
		if !errors.Is(err, probe.ErrAlarmNotFound) || !strings.Contains(err.Error(), "api-latency") {
			t.Fatalf("Poll = %v, want not found naming api-latency", err)
		}
	})
	t.Run("resolve fails on first poll", func(t *testing.T) {
		cw := newFake(c)
		_, _, err := probe.NewAlarms(cw, []string{"nope"}, nil).Poll(ctx)
		if !errors.Is(err, probe.ErrAlarmNotFound) {
			t.Fatalf("Poll = %v, want ErrAlarmNotFound", err)
		}
	})
	t.Run("nothing watched makes no call", func(t *testing.T) {
		cw := newFake(c)
		samples, failing, err := probe.NewAlarms(cw, nil, nil).Poll(ctx)
		if err != nil || samples != nil || failing != nil || cw.Calls() != 0 {
			t.Fatalf("Poll = %v, %v, %v with %d calls", samples, failing, err, cw.Calls())
		}
	})
}

func mustSet(t *testing.T, cw *probetest.CloudWatch, name string, state types.StateValue, reason string) {
	t.Helper()
	if err := cw.SetAlarmState(name, state, reason); err != nil {
		t.Fatal(err)
	}
}

func find(samples []probe.Sample, name string) probe.Sample {
	for _, s := range samples {
		if s.Name == name {
			return s
		}
	}
	return probe.Sample{}
}
