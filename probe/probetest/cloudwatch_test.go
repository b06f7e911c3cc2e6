package probetest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/aclprobe/aclprobe/probe/probetest"
)

func TestCloudWatchFakeBehavesLikeTheAPI(t *testing.T) {
	ctx := context.Background()
	cw := probetest.NewCloudWatch()
	cw.PutMetricAlarm("a-1", types.StateValueOk)
	cw.PutMetricAlarm("a-2", types.StateValueAlarm)
	cw.PutCompositeAlarm("a-all", types.StateValueOk)

	tests := []struct {
		name      string
		in        cloudwatch.DescribeAlarmsInput
		wantErr   bool
		metric    int
		composite int
		nextToken bool
	}{
		{"metric only by default", cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("a-")}, false, 2, 0, false},
		{"composite when asked", cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("a-"), AlarmTypes: []types.AlarmType{"MetricAlarm", "CompositeAlarm"}}, false, 2, 1, false},
		{"names and prefix are exclusive", cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"a-1"}, AlarmNamePrefix: aws.String("a-")}, true, 0, 0, false},
		{"paged by MaxRecords", cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(1)}, false, 1, 0, true},
		{"MaxRecords bounded", cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(101)}, true, 0, 0, false},
		{"bad token", cloudwatch.DescribeAlarmsInput{NextToken: aws.String("x")}, true, 0, 0, false},
		{"state filter", cloudwatch.DescribeAlarmsInput{StateValue: types.StateValueAlarm}, false, 1, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := cw.DescribeAlarms(ctx, &tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if len(out.MetricAlarms) != tt.metric || len(out.CompositeAlarms) != tt.composite || (out.NextToken != nil) != tt.nextToken {
				t.Errorf("got %d metric, %d composite, token %v", len(out.MetricAlarms), len(out.CompositeAlarms), out.NextToken)
			}
		})
	}
	if err := cw.SetAlarmState("missing", types.StateValueOk, ""); err == nil {
		t.Error("SetAlarmState on a missing alarm succeeded")
	}
}

// Stall sees the call's context, and what it returns is the answer: a
// stalled call ends when its context does.
func TestCloudWatchFakeStall(t *testing.T) {
	f := probetest.NewCloudWatch()
	f.PutMetricAlarm("a", types.StateValueOk)
	ctx, cancel := context.WithCancel(context.Background())
	f.Stall = func(got context.Context) error {
		cancel() // the caller gives up: the call's context ends
		<-got.Done()
		return got.Err()
	}
	if _, err := f.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"a"}}); !errors.Is(err, context.Canceled) {
		t.Fatalf("stalled DescribeAlarms = %v, want the context's error", err)
	}
	f.Stall = func(context.Context) error { return nil }
	out, err := f.DescribeAlarms(context.Background(), &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"a"}})
	if err != nil || len(out.MetricAlarms) != 1 {
		t.Fatalf("DescribeAlarms after the stall = %+v, %v, want the alarm", out, err)
	}
}
