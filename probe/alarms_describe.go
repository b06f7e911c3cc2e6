package probe

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// maxAlarmNames is how many names one DescribeAlarms call accepts.
const maxAlarmNames = 100

// maxAlarmPages bounds one listing, so a misbehaving endpoint that keeps
// returning a NextToken cannot loop forever.
const maxAlarmPages = 1000

// alarmTypes asks DescribeAlarms for both metric and composite alarms (it
// returns metric alarms only when AlarmTypes is omitted).
var alarmTypes = []types.AlarmType{types.AlarmTypeMetricAlarm, types.AlarmTypeCompositeAlarm}

// alarmState is one alarm as DescribeAlarms reported it.
type alarmState struct {
	Name      string
	Composite bool
	State     string
	Reason    string
	Changed   time.Time // when the state last changed; zero when not reported
}

// describeAll returns the alarms of every page for one query (names or a
// prefix), metric and composite.
func describeAll(ctx context.Context, cw CloudWatchAPI, in cloudwatch.DescribeAlarmsInput) ([]alarmState, error) {
	in.AlarmTypes = alarmTypes
	var all []alarmState
	for page := 0; ; page++ {
		if page == maxAlarmPages {
			return nil, fmt.Errorf("describe alarms: more than %d pages", maxAlarmPages)
		}
		out, err := cw.DescribeAlarms(ctx, &in)
		if err != nil {
			return nil, fmt.Errorf("describe alarms: %w", err)
		}
		for _, a := range out.MetricAlarms {
			all = append(all, alarmState{
				Name: aws.ToString(a.AlarmName), State: string(a.StateValue), Reason: aws.ToString(a.StateReason),
				Changed: changedAt(a.StateTransitionedTimestamp, a.StateUpdatedTimestamp),
			})
		}
		for _, a := range out.CompositeAlarms {
			all = append(all, alarmState{
				Name: aws.ToString(a.AlarmName), Composite: true, State: string(a.StateValue), Reason: aws.ToString(a.StateReason),
				Changed: changedAt(a.StateTransitionedTimestamp, a.StateUpdatedTimestamp),
			})
		}
		if aws.ToString(out.NextToken) == "" {
			return all, nil
		}
		in.NextToken = out.NextToken
	}
}

// describeNames returns the alarms among names that exist, in batches of
// the API's limit.
func describeNames(ctx context.Context, cw CloudWatchAPI, names []string) (map[string]alarmState, error) {
	found := make(map[string]alarmState, len(names))
	for start := 0; start < len(names); start += maxAlarmNames {
		batch := names[start:min(start+maxAlarmNames, len(names))]
		alarms, err := describeAll(ctx, cw, cloudwatch.DescribeAlarmsInput{AlarmNames: batch})
		if err != nil {
			return nil, err
		}
		for _, a := range alarms {
			found[a.Name] = a
		}
	}
	return found, nil
}

// changedAt prefers the time the state value last changed and falls back
// to the time the state was last updated.
func changedAt(transitioned, updated *time.Time) time.Time {
	if transitioned != nil && !transitioned.IsZero() {
		return transitioned.UTC()
	}
	if updated != nil && !updated.IsZero() {
		return updated.UTC()
	}
	return time.Time{}
}
