package probe_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/aclprobe/aclprobe/probe"
	"github.com/aclprobe/aclprobe/probe/probetest"
)

func TestAlarmDetectors(t *testing.T) {
	cw := probetest.NewCloudWatch()
	ok := types.StateValueOk
	cw.PutMetricAlarm("slow", ok)
	mustOK(t, cw.SetAlarmTiming("slow", 300, 3, 0)) // 15m: EvaluationPeriods when DatapointsToAlarm is unset
	cw.PutMetricAlarm("m-of-n", ok)
	mustOK(t, cw.SetAlarmTiming("m-of-n", 60, 5, 2)) // 2 of 5: 2m
	cw.PutMetricAlarm("fast", ok)                    // the fake's default: 10s x 1
	cw.PutMetricAlarm("no-timing", ok)
	mustOK(t, cw.SetAlarmTiming("no-timing", 0, 0, 0))
	cw.PutCompositeAlarmRule("any", `ALARM("slow") OR ALARM(fast)`, ok)
	cw.PutCompositeAlarmRule("both", `ALARM("slow") AND ALARM("fast")`, ok)
	cw.PutCompositeAlarmRule("nested", `ALARM(arn:aws:cloudwatch:eu-west-1:111122223333:alarm:any) OR ALARM("m-of-n")`, ok)
	cw.PutCompositeAlarmRule("orphan", `ALARM("gone") OR ALARM("fast")`, ok)
	cw.PutCompositeAlarm("no-rule", ok)
	cw.PutCompositeAlarmRule("self", `ALARM("self")`, ok)

	tests := []struct {
		name    string
		needs   time.Duration
		unknown bool
	}{
		{"slow", 15 * time.Minute, false},
		{"m-of-n", 2 * time.Minute, false},
		{"fast", 10 * time.Second, false},
		{"no-timing", 0, true},
		{"any", 10 * time.Second, false},
		{"both", 15 * time.Minute, false},
		{"nested", 10 * time.Second, false},
		{"orphan", 0, true},
		{"no-rule", 0, true},
		{"self", 0, true},
	}
	names := make([]string, len(tests))
	for i, tc := range tests {
		names[i] = tc.name
	}
	got, err := probe.AlarmDetectors(context.Background(), cw, names)
	if err != nil {
		t.Fatal(err)
	}
	for i, tc := range tests {
		d := got[i]
		if d.Name != tc.name || d.Kind != probe.KindAlarm || d.Needs != tc.needs || (d.Unknown != "") != tc.unknown {
			t.Errorf("%s: got %+v, want needs %s unknown %v", tc.name, d, tc.needs, tc.unknown)
		}
	}
	cw.Fail = func(*cloudwatch.DescribeAlarmsInput) error { return probetest.Throttling() }
	if _, err := probe.AlarmDetectors(context.Background(), cw, names); err == nil {
		t.Fatal("AlarmDetectors succeeded although DescribeAlarms failed")
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
