package cost

import (
	"regexp"
	"strings"
)

// AWSService is an AWS service reachable privately from a VPC.
type AWSService struct {
	Name     string         // human name
	Endpoint string         // service name suffix: com.amazonaws.REGION.<Endpoint>
	Gateway  bool           // a gateway endpoint (no hourly or data processing cost) exists
	match    *regexp.Regexp // matched against the normalized service guess and label
}

// awsEndpoints are the AWS services aclprobe recognizes in a service guess
// or label. Matching is on whole words of the lowercased text, so "EC2" (an
// instance range, not an API) and "AMAZON" (unknown) recommend nothing.
var awsEndpoints = []AWSService{
	{"Amazon S3", "s3", true, word(`s3|amazon s3|s3 [a-z0-9-]+`)},
	{"Amazon DynamoDB", "dynamodb", true, word(`dynamodb`)},
	{"Amazon Kinesis Data Streams", "kinesis-streams", false, word(`kinesis|kinesis streams|kinesis-streams`)},
	{"Amazon Data Firehose", "kinesis-firehose", false, word(`firehose|kinesis-firehose`)},
	{"Amazon CloudWatch Logs", "logs", false, word(`cloudwatch logs|cloudwatch-logs|logs\.[a-z]{2}-[a-z]+-[0-9]`)},
	{"Amazon CloudWatch (metrics)", "monitoring", false, word(`cloudwatch|monitoring\.[a-z]{2}-[a-z]+-[0-9]`)},
	{"Amazon ECR", "ecr.api and ecr.dkr", false, word(`ecr|ecr\.api|ecr\.dkr|api\.ecr|dkr\.ecr`)},
	{"AWS STS", "sts", false, word(`sts`)},
	{"Amazon SQS", "sqs", false, word(`sqs`)},
	{"Amazon SNS", "sns", false, word(`sns`)},
	{"AWS KMS", "kms", false, word(`kms`)},
	{"AWS Secrets Manager", "secretsmanager", false, word(`secretsmanager|secrets manager|secrets-manager`)},
	{"AWS Systems Manager", "ssm", false, word(`ssm|systems manager`)},
	{"Amazon EventBridge", "events", false, word(`eventbridge|events\.[a-z]{2}-[a-z]+-[0-9]`)},
	{"AWS Lambda", "lambda", false, word(`lambda`)},
	{"Amazon SES", "email-smtp", false, word(`ses|email-smtp`)},
	{"AWS X-Ray", "xray", false, word(`xray|x-ray`)},
}

// privateLinkVendors are vendors known to offer AWS PrivateLink endpoints
// for their intake or service (regions vary: check the vendor's docs).
var privateLinkVendors = []struct {
	name  string
	match *regexp.Regexp
}{
	{"Datadog", word(`datadog|datadoghq|ddog`)},
	{"Snowflake", word(`snowflake|snowflakecomputing`)},
	{"MongoDB Atlas", word(`mongodb|mongodb atlas`)},
	{"Confluent Cloud", word(`confluent`)},
	{"Elastic Cloud", word(`elastic cloud|elastic-cloud|elastic\.co|found\.io`)},
	{"New Relic", word(`new relic|newrelic`)},
	{"Sumo Logic", word(`sumo logic|sumologic`)},
	{"Splunk Cloud", word(`splunk|splunkcloud`)},
}

// word builds a case-insensitive regexp matching any alternative as a
// whole word (letters and digits around it break the match).
func word(alts string) *regexp.Regexp {
	return regexp.MustCompile(`(^|[^a-z0-9])(` + alts + `)($|[^a-z0-9])`)
}

// GuessText is what the service matchers look at: the service guess, the
// vendor named by its source, and the label, lowercased, with AWS-style
// separators turned into spaces (KINESIS_VIDEO_STREAMS -> kinesis video streams).
func GuessText(service, source, label string) string {
	t := strings.ToLower(service + " " + strings.TrimPrefix(source, "vendor:") + " " + label)
	return strings.NewReplacer("_", " ", ".amazonaws.com", " ").Replace(t)
}

// MatchAWS returns the AWS service with a VPC endpoint that text (a
// GuessText) names, if any.
func MatchAWS(text string) (AWSService, bool) {
	if strings.Contains(text, "kinesis video") {
		return AWSService{Name: "Amazon Kinesis Video Streams", Endpoint: "kinesisvideo"}, true
	}
	for _, s := range awsEndpoints {
		if s.match.MatchString(text) {
			return s, true
		}
	}
	return AWSService{}, false
}

// MatchVendor returns the vendor offering AWS PrivateLink that text (a
// GuessText) names, if any.
func MatchVendor(text string) (string, bool) {
	for _, v := range privateLinkVendors {
		if v.match.MatchString(text) {
			return v.name, true
		}
	}
	return "", false
}

// Path is the private path to a service: a vendor's AWS PrivateLink, or
// an AWS service's VPC endpoint.
type Path struct {
	Vendor  string     // the PrivateLink vendor; empty for an AWS service
	Service AWSService // the AWS service when Vendor is empty
	Kind    Kind       // Gateway (S3, DynamoDB) or Interface
}

// PathFor returns the private path that text (a GuessText) names: a
// PrivateLink vendor first (a vendor's label may mention AWS, as
// "datadog on aws"), else an AWS service with a VPC endpoint.
func PathFor(text string) (Path, bool) {
	if v, ok := MatchVendor(text); ok {
		return Path{Vendor: v, Kind: Interface}, true
	}
	s, ok := MatchAWS(text)
	if !ok {
		return Path{}, false
	}
	p := Path{Service: s, Kind: Interface}
	if s.Gateway {
		p.Kind = Gateway
	}
	return p, true
}
