package identify

import (
	"regexp"
	"strings"

	"github.com/aclprobe/aclprobe/analysis"
)

// SourceDNS is the Label.Source of a label taken from a name the flow's
// own source resolved (Route 53 Resolver query logs, --dns-logs).
const SourceDNS = "dns"

// awsServiceNames maps the service label of an AWS endpoint name
// (kinesis in kinesis.eu-west-1.amazonaws.com) to the service it names,
// spelled as ip-ranges.json spells services where it has one. A label not
// listed becomes its upper-case self (bedrock-runtime: BEDROCK_RUNTIME).
var awsServiceNames = map[string]string{
	"kinesis": "KINESIS", "firehose": "FIREHOSE", "s3": "S3", "dynamodb": "DYNAMODB",
	"sqs": "SQS", "sns": "SNS", "sts": "STS", "logs": "CLOUDWATCH_LOGS", "monitoring": "CLOUDWATCH",
	"ecr": "ECR", "ec2": "EC2", "compute": "EC2", "elb": "ELB", "execute-api": "API_GATEWAY",
	"lambda": "LAMBDA", "secretsmanager": "SECRETSMANAGER", "ssm": "SSM", "ssmmessages": "SSM",
	"ec2messages": "SSM", "kms": "KMS", "events": "EVENTBRIDGE", "states": "STEP_FUNCTIONS",
	"es": "OPENSEARCH", "xray": "XRAY", "athena": "ATHENA", "glue": "GLUE", "cloudfront": "CLOUDFRONT",
}

// VendorSuffixes maps a DNS suffix to the vendor behind it. A name matches
// a suffix when it is the suffix or ends with "." + suffix; the longest
// match wins.
var VendorSuffixes = map[string]string{
	"datadoghq.com": "datadog", "datadoghq.eu": "datadog", "ddog-gov.com": "datadog",
	"newrelic.com": "newrelic", "nr-data.net": "newrelic", "sentry.io": "sentry",
	"github.com": "github", "githubusercontent.com": "github", "gitlab.com": "gitlab",
	"docker.io": "docker", "docker.com": "docker", "pagerduty.com": "pagerduty",
	"slack.com": "slack", "stripe.com": "stripe", "twilio.com": "twilio", "sendgrid.net": "sendgrid",
	"okta.com": "okta", "atlassian.net": "atlassian", "atlassian.com": "atlassian",
	"cloudflare.com": "cloudflare", "fastly.net": "fastly", "googleapis.com": "google",
	"honeycomb.io": "honeycomb", "launchdarkly.com": "launchdarkly", "sumologic.com": "sumologic",
	"splunkcloud.com": "splunk", "npmjs.org": "npm", "pypi.org": "pypi", "pythonhosted.org": "pypi",
	"golang.org": "go", "cloudfront.net": "CLOUDFRONT",
}

// regionLabel matches an AWS Region in a name: eu-west-1, us-gov-west-1.
var regionLabel = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-(north|south|east|west|central)+-[0-9]{1,2}$`)

// NameLabel returns the label a DNS name gives (source dns): an AWS
// endpoint name its service and Region ("KINESIS (eu-west-1)", "STS" for
// a global one), a name under VendorSuffixes its vendor. The zero Label
// means the name says nothing this package knows.
func NameLabel(name string) Label {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	for _, root := range []string{".amazonaws.com", ".amazonaws.com.cn", ".api.aws"} {
		if prefix, ok := strings.CutSuffix(name, root); ok {
			return awsNameLabel(strings.Split(prefix, "."))
		}
	}
	best := ""
	for suffix := range VendorSuffixes {
		if (name == suffix || strings.HasSuffix(name, "."+suffix)) && len(suffix) > len(best) {
			best = suffix
		}
	}
	if best == "" {
		return Label{}
	}
	return Label{Service: VendorSuffixes[best], Source: SourceDNS}
}

// awsNameLabel reads the labels in front of amazonaws.com:
// [service, region] (kinesis.eu-west-1), [..., service, region]
// (bucket.s3.eu-west-1, api.ecr.eu-west-1), [..., region, service]
// (my-lb.eu-west-1.elb), or [service] (sts, s3).
func awsNameLabel(labels []string) Label {
	region, svc := "", ""
	for i, l := range labels {
		if strings.HasPrefix(l, "s3-") || l == "s3" {
			svc = "s3"
			if r := strings.TrimPrefix(l, "s3-"); regionLabel.MatchString(r) {
				region = r
			}
		}
		if regionLabel.MatchString(l) {
			region = l
			switch {
			case svc != "":
			case i+1 < len(labels):
				svc = labels[i+1]
			case i > 0:
				svc = labels[i-1]
			}
		}
	}
	if svc == "" && len(labels) > 0 {
		svc = labels[len(labels)-1]
	}
	svc = strings.TrimSuffix(svc, "-fips")
	if svc == "" {
		return Label{}
	}
	name, ok := awsServiceNames[svc]
	if !ok {
		name = strings.ToUpper(strings.ReplaceAll(svc, "-", "_"))
	}
	if region != "" {
		name += " (" + region + ")"
	}
	return Label{Service: name, Source: SourceDNS}
}

// generic reports whether l says less than any name would: nothing, a
// reverse DNS name, or AWS's catch-all AMAZON and EC2 labels (an address
// any AWS customer or service may use).
func generic(l Label) bool {
	if l.Source == "" || l.Source == "rdns" {
		return true
	}
	if strings.HasPrefix(l.Source, "vendor:") {
		return false
	}
	svc, _, _ := strings.Cut(l.Service, " (")
	return svc == amazonService || svc == genericService
}

// LabelFromNames relabels the rows of res whose DNSNames (set by a query
// log join) give a label more specific than the one they carry: the first
// name, in the row's order (most queries first), that NameLabel knows
// wins over a generic label (see generic). It sets res.Identified.
func LabelFromNames(res *analysis.Result) {
	for i := range res.Rows {
		r := &res.Rows[i]
		if !generic(Label{Service: r.Service, Source: r.ServiceSource}) {
			continue
		}
		for _, n := range r.DNSNames {
			if l := NameLabel(n); l.Service != "" {
				r.Service, r.ServiceSource = l.Service, l.Source
				break
			}
		}
	}
	res.Identified = true
}
