package identify

import (
	"testing"

	"github.com/aclprobe/aclprobe/analysis"
)

func TestNameLabel(t *testing.T) {
	tests := []struct {
		name string
		want string // Service; "" means no label
	}{
		{"kinesis.eu-west-1.amazonaws.com", "KINESIS (eu-west-1)"},
		{"kinesis.eu-west-1.amazonaws.com.", "KINESIS (eu-west-1)"},
		{"Kinesis-FIPS.us-east-1.amazonaws.com", "KINESIS (us-east-1)"},
		{"my-exports.s3.eu-west-1.amazonaws.com", "S3 (eu-west-1)"},
		{"s3.amazonaws.com", "S3"},
		{"my-bucket.s3.amazonaws.com", "S3"},
		{"s3-eu-west-1.amazonaws.com", "S3 (eu-west-1)"},
		{"my-bucket.s3.dualstack.eu-west-1.amazonaws.com", "S3 (eu-west-1)"},
		{"dynamodb.eu-west-1.amazonaws.com", "DYNAMODB (eu-west-1)"},
		{"streams.dynamodb.eu-west-1.amazonaws.com", "DYNAMODB (eu-west-1)"},
		{"sqs.eu-west-1.amazonaws.com", "SQS (eu-west-1)"},
		{"sns.eu-west-1.amazonaws.com", "SNS (eu-west-1)"},
		{"sts.amazonaws.com", "STS"},
		{"sts.eu-west-1.amazonaws.com", "STS (eu-west-1)"},
		{"logs.eu-west-1.amazonaws.com", "CLOUDWATCH_LOGS (eu-west-1)"},
		{"monitoring.eu-west-1.amazonaws.com", "CLOUDWATCH (eu-west-1)"},
		{"api.ecr.eu-west-1.amazonaws.com", "ECR (eu-west-1)"},
		{"111122223333.dkr.ecr.eu-west-1.amazonaws.com", "ECR (eu-west-1)"},
		{"my-lb-1234567890.eu-west-1.elb.amazonaws.com", "ELB (eu-west-1)"},
		{"ec2-54-247-88-120.eu-west-1.compute.amazonaws.com", "EC2 (eu-west-1)"},
		{"bedrock-runtime.us-west-2.amazonaws.com", "BEDROCK_RUNTIME (us-west-2)"},
		{"sts.us-gov-west-1.amazonaws.com", "STS (us-gov-west-1)"},
		{"d111111abcdef8.cloudfront.net", "CLOUDFRONT"},
		{"http-intake.logs.datadoghq.com", "datadog"},
		{"api.datadoghq.eu", "datadog"},
		{"datadoghq.com", "datadog"},
		{"o123.ingest.sentry.io", "sentry"},
		{"api.github.com", "github"},
		{"objects.githubusercontent.com", "github"},
		{"collector.newrelic.com", "newrelic"},
		{"notdatadoghq.com", ""},
		{"api.partner.example", ""},
		{"amazonaws.com.evil.example", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NameLabel(tt.name)
			if l.Service != tt.want {
				t.Errorf("NameLabel(%q) = %q, want %q", tt.name, l.Service, tt.want)
			}
			if tt.want != "" && l.Source != SourceDNS {
				t.Errorf("source %q, want dns", l.Source)
			}
		})
	}
}

func TestLabelFromNames(t *testing.T) {
	tests := []struct {
		name        string
		svc, source string
		names       []string
		want        Label
	}{
		{"no label: the name's", "", "", []string{"kinesis.eu-west-1.amazonaws.com"}, Label{"KINESIS (eu-west-1)", "dns"}},
		{"AMAZON from ip-ranges is generic", "AMAZON (eu-west-1)", "ip-ranges", []string{"kinesis.eu-west-1.amazonaws.com"}, Label{"KINESIS (eu-west-1)", "dns"}},
		{"AMAZON from the record is generic", "AMAZON", "pkt-dst-aws-service", []string{"kinesis.eu-west-1.amazonaws.com"}, Label{"KINESIS (eu-west-1)", "dns"}},
		{"EC2 is generic", "EC2 (eu-west-1)", "ip-ranges", []string{"api.datadoghq.com"}, Label{"datadog", "dns"}},
		{"rdns is generic", "ec2-1-2-3-4.compute.example", "rdns", []string{"api.datadoghq.com"}, Label{"datadog", "dns"}},
		{"a specific range label stays", "S3 (eu-west-1)", "ip-ranges", []string{"kinesis.eu-west-1.amazonaws.com"}, Label{"S3 (eu-west-1)", "ip-ranges"}},
		{"a vendor range label stays", "datadog (logs)", "vendor:datadog", []string{"api.datadoghq.com"}, Label{"datadog (logs)", "vendor:datadog"}},
		{"first known name wins", "", "", []string{"api.partner.example", "sqs.eu-west-1.amazonaws.com", "api.datadoghq.com"}, Label{"SQS (eu-west-1)", "dns"}},
		{"unknown names keep the label", "AMAZON", "pkt-dst-aws-service", []string{"api.partner.example"}, Label{"AMAZON", "pkt-dst-aws-service"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &analysis.Result{Rows: []analysis.Row{{Service: tt.svc, ServiceSource: tt.source, DNSNames: tt.names}}}
			LabelFromNames(res)
			got := Label{res.Rows[0].Service, res.Rows[0].ServiceSource}
			if got != tt.want || !res.Identified {
				t.Errorf("label %+v (identified %v), want %+v", got, res.Identified, tt.want)
			}
		})
	}
}
