package probe

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
)

// CloudWatchAPI is the one CloudWatch call the alarm watcher needs. The
// real *cloudwatch.Client satisfies it (build it with NewCloudWatchClient
// so it speaks awsQuery); probetest.CloudWatch is an in-memory fake.
type CloudWatchAPI interface {
	// DescribeAlarms returns one page of alarms matching the input: either
	// AlarmNames or AlarmNamePrefix, of the AlarmTypes asked for (metric
	// alarms only when AlarmTypes is empty), with NextToken set when more
	// pages follow.
	DescribeAlarms(ctx context.Context, in *cloudwatch.DescribeAlarmsInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error)
}
