package probetest_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/aclprobe/aclprobe/internal/testenv"
	"github.com/aclprobe/aclprobe/probe"
	"github.com/aclprobe/aclprobe/probe/probetest"
)

// cwQuirks names every way a CloudWatch implementation is known to differ
// from AWS's documented DescribeAlarms and SetAlarmState. The contract
// asserts AWS's behaviour where a flag is false and the quirk where it is
// true.
type cwQuirks struct {
	// NoPaging: MaxRecords and NextToken are not read; one answer holds
	// every match, and MaxRecords outside 1..100 is accepted (moto 5.2.1).
	NoPaging bool
	// PrefixOverridesNames: AlarmNames with AlarmNamePrefix is not
	// refused; the prefix's alarms are answered.
	PrefixOverridesNames bool
	// StateValueIgnoredWithSelector: StateValue does not narrow
	// AlarmNames or AlarmNamePrefix.
	StateValueIgnoredWithSelector bool
	// NoCompositeAlarms: PutCompositeAlarm is not implemented.
	NoCompositeAlarms bool
	// NewAlarmIsOK: a new metric alarm starts in OK; AWS starts it in
	// INSUFFICIENT_DATA until it has evaluated its metric.
	NewAlarmIsOK bool
}

// alarmWorld is one case's CloudWatch with a unique alarm name prefix.
type alarmWorld struct {
	api    probe.CloudWatchAPI
	prefix string
	// putMetric creates a metric alarm in its initial state.
	putMetric func(name string) error
	// putComposite creates a composite alarm over a metric alarm.
	putComposite func(name, over string) error
	// setState is SetAlarmState.
	setState func(name string, s types.StateValue, reason string) error
}

type cwBackend struct {
	name     string
	quirks   cwQuirks
	newWorld func(t *testing.T) alarmWorld
}

var alarmSeq atomic.Int64

func uniquePrefix() string {
	return fmt.Sprintf("contract-%d-%d-", time.Now().UnixNano(), alarmSeq.Add(1))
}

func cwBackends() []cwBackend {
	return []cwBackend{
		{name: "fake", newWorld: fakeAlarms},
		{name: "moto", newWorld: motoAlarms, quirks: cwQuirks{
			NoPaging: true, PrefixOverridesNames: true, StateValueIgnoredWithSelector: true,
			NoCompositeAlarms: true, NewAlarmIsOK: true,
		}},
	}
}

// fakeAlarms models AWS: the fixture creates metric alarms in
// INSUFFICIENT_DATA, as AWS does.
func fakeAlarms(*testing.T) alarmWorld {
	f := probetest.NewCloudWatch()
	return alarmWorld{
		api:    f,
		prefix: uniquePrefix(),
		putMetric: func(name string) error {
			f.PutMetricAlarm(name, types.StateValueInsufficientData)
			return nil
		},
		putComposite: func(name, _ string) error {
			f.PutCompositeAlarm(name, types.StateValueInsufficientData)
			return nil
		},
		setState: f.SetAlarmState,
	}
}

// motoAlarms speaks to moto through the real client, built as aclprobe
// builds it (probe.NewCloudWatchClient: awsQuery, the protocol moto
// speaks), retrying only a broken connection (testenv.TransportRetryer)
// so every answer is moto's own. Alarms are
// uniquely named and deleted at the end: other packages share the
// emulator.
func motoAlarms(t *testing.T) alarmWorld {
	testenv.MotoURL(t)
	c := probe.NewCloudWatchClient(testenv.Config(t), func(o *cloudwatch.Options) { o.Retryer = testenv.TransportRetryer() })
	ctx := context.Background()
	var names []string
	t.Cleanup(func() {
		if len(names) > 0 {
			_, _ = c.DeleteAlarms(context.Background(), &cloudwatch.DeleteAlarmsInput{AlarmNames: names})
		}
	})
	return alarmWorld{
		api:    c,
		prefix: uniquePrefix(),
		putMetric: func(name string) error {
			names = append(names, name)
			_, err := c.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
				AlarmName: aws.String(name), Namespace: aws.String("Contract"), MetricName: aws.String("Errors"),
				Statistic: types.StatisticSum, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1),
				Threshold: aws.Float64(1), ComparisonOperator: types.ComparisonOperatorGreaterThanOrEqualToThreshold,
			})
			return err
		},
		putComposite: func(name, over string) error {
			names = append(names, name)
			_, err := c.PutCompositeAlarm(ctx, &cloudwatch.PutCompositeAlarmInput{
				AlarmName: aws.String(name), AlarmRule: aws.String(fmt.Sprintf("ALARM(%q)", over))})
			return err
		},
		setState: func(name string, s types.StateValue, reason string) error {
			_, err := c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String(name), StateValue: s, StateReason: aws.String(reason)})
			return err
		},
	}
}
