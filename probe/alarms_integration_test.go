package probe_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/aclprobe/aclprobe/internal/testenv"
	"github.com/aclprobe/aclprobe/probe"
)

// motoCloudWatch builds the real client as aclprobe does (awsQuery, the
// protocol moto speaks).
func motoCloudWatch(t *testing.T) *cloudwatch.Client {
	testenv.MotoURL(t)
	return probe.NewCloudWatchClient(testenv.Config(t))
}

// TestIntegrationAlarmsAgainstMoto resolves names and a prefix and follows
// state changes made with SetAlarmState (moto never evaluates alarms and
// has no composite alarms; those are covered by the fake).
func TestIntegrationAlarmsAgainstMoto(t *testing.T) {
	cw := motoCloudWatch(t)
	ctx := context.Background()
	prefix := fmt.Sprintf("probe-it-%d-", time.Now().UnixNano())
	names := []string{prefix + "api-5xx", prefix + "api-latency", prefix + "db-cpu"}
	for _, n := range names {
		_, err := cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
			AlarmName: aws.String(n), Namespace: aws.String("Staging/API"), MetricName: aws.String("Errors"),
			Statistic: types.StatisticSum, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1),
			Threshold: aws.Float64(1), ComparisonOperator: types.ComparisonOperatorGreaterThanOrEqualToThreshold,
		})
		if err != nil {
			t.Fatalf("PutMetricAlarm %s: %v", n, err)
		}
		setState(t, cw, n, types.StateValueOk, "test baseline")
	}
	t.Cleanup(func() { _, _ = cw.DeleteAlarms(context.Background(), &cloudwatch.DeleteAlarmsInput{AlarmNames: names}) })

	a := probe.NewAlarms(cw, []string{prefix + "db-cpu"}, []string{prefix + "api-"})
	got, err := a.Resolve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, names) {
		t.Fatalf("Resolve = %q, want %q", got, names)
	}
	if err := a.CheckOK(ctx); err != nil {
		t.Fatalf("CheckOK: %v", err)
	}

	before := time.Now().Add(-time.Minute)
	setState(t, cw, prefix+"api-5xx", types.StateValueAlarm, "denied target broke the API")
	samples, failing, err := a.Poll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != 3 || len(failing) != 1 || failing[0].Name != prefix+"api-5xx" {
		t.Fatalf("Poll = %+v, failing %+v; want 3 samples and api-5xx failing", samples, failing)
	}
	if failing[0].Since.Before(before) || failing[0].Detail != "alarm in ALARM: denied target broke the API" {
		t.Errorf("failure = %+v", failing[0])
	}

	setState(t, cw, prefix+"api-5xx", types.StateValueOk, "recovered")
	if err := a.CheckOK(ctx); err != nil {
		t.Errorf("CheckOK after recovery: %v", err)
	}

	_, err = probe.NewAlarms(cw, []string{prefix + "missing"}, []string{prefix + "none-"}).Resolve(ctx)
	if !errors.Is(err, probe.ErrAlarmNotFound) {
		t.Errorf("Resolve of missing alarms = %v, want ErrAlarmNotFound", err)
	}
}

func setState(t *testing.T, cw *cloudwatch.Client, name string, state types.StateValue, reason string) {
	t.Helper()
	_, err := cw.SetAlarmState(context.Background(), &cloudwatch.SetAlarmStateInput{
		AlarmName: aws.String(name), StateValue: state, StateReason: aws.String(reason),
	})
	if err != nil {
		t.Fatalf("SetAlarmState %s %s: %v", name, state, err)
	}
}
