package cli

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/aclprobe/aclprobe/internal/testenv"
	"github.com/aclprobe/aclprobe/probe"
)

// TestIntegrationAWSClientsAgainstMoto goes through the real SDK clients
// that the Factory builds, configured only by the standard environment
// (AWS_ENDPOINT_URL), as a user pointing aclprobe at an emulator would.
// The alarm is created with probe.NewCloudWatchClient on the same configuration (the
// factory's client offers only what a run needs: DescribeAlarms).
func TestIntegrationAWSClientsAgainstMoto(t *testing.T) {
	url := testenv.MotoURL(t)
	ctx := context.Background()
	f := NewFactory(&IO{})

	stsc, err := f.STS(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id, err := stsc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("sts GetCallerIdentity via %s: %v", url, err)
	}
	if aws.ToString(id.Account) == "" {
		t.Fatal("GetCallerIdentity returned no account")
	}

	ec2c, err := f.EC2(ctx)
	if err != nil {
		t.Fatal(err)
	}
	acls, err := ec2c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{})
	if err != nil {
		t.Fatalf("ec2 DescribeNetworkAcls: %v", err)
	}
	if len(acls.NetworkAcls) == 0 {
		t.Fatal("moto's default VPC should have a default network ACL")
	}

	cfg, err := f.AWS.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = probe.NewCloudWatchClient(cfg).PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String("kinesis-put-errors"), Namespace: aws.String("AWS/Kinesis"),
		MetricName: aws.String("PutRecord.Success"), Statistic: cwtypes.StatisticAverage,
		Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(1),
		ComparisonOperator: cwtypes.ComparisonOperatorLessThanThreshold,
	})
	if err != nil {
		t.Fatalf("cloudwatch PutMetricAlarm (awsQuery): %v", err)
	}
	cw, err := f.CloudWatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	alarms, err := cw.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("kinesis-")})
	if err != nil {
		t.Fatalf("cloudwatch DescribeAlarms (awsQuery): %v", err)
	}
	if len(alarms.MetricAlarms) != 1 || aws.ToString(alarms.MetricAlarms[0].AlarmName) != "kinesis-put-errors" {
		t.Fatalf("DescribeAlarms = %+v, want the one alarm just created", alarms.MetricAlarms)
	}
	t.Logf("moto at %s: account %s, %d network ACLs, alarm %s", url, aws.ToString(id.Account), len(acls.NetworkAcls), aws.ToString(alarms.MetricAlarms[0].AlarmName))
}
