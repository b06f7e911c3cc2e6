package cli

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// TestExplainAWS: the SDK errors people meet first become one sentence
// with the fix, keeping what precedes the chain; anything else is left
// as it is.
func TestExplainAWS(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no credentials", "sts: get caller identity: operation error STS: GetCallerIdentity, get identity: get credentials: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, access disabled to EC2 IMDS via client option",
			"sts: get caller identity: unable to locate AWS credentials: set AWS_PROFILE (or pass --profile), run 'aws sso login', or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"},
		{"expired token", "operation error EC2: DescribeNetworkAcls, https response error StatusCode: 400, RequestID: 1, api error RequestExpired: Request has expired.",
			"the AWS credentials have expired: refresh them ('aws sso login', or new session credentials) and try again"},
		{"access denied", "health unknown: watched alarms: operation error CloudWatch: DescribeAlarms, https response error StatusCode: 403, RequestID: 2, api error AccessDenied: User: arn:aws:iam::1:user/x is not authorized to perform: cloudwatch:DescribeAlarms",
			"health unknown: watched alarms: access denied for CloudWatch DescribeAlarms: give the caller the plan's policy ('aclprobe plan iam-policy PLAN' prints it)"},
		{"unknown region", "acl acl-1: describe: operation error EC2: DescribeNetworkAcls, exceeded maximum number of attempts, 6, https response error StatusCode: 0, RequestID: , request send failed, Post \"https://ec2.eu-wset-1.amazonaws.com/\": dial tcp: lookup ec2.eu-wset-1.amazonaws.com on 127.0.0.53:53: no such host",
			"acl acl-1: describe: cannot resolve ec2.eu-wset-1.amazonaws.com: is the region right? (--region, AWS_REGION or the plan's target.region)"},
		{"not an AWS error", "plan x.yaml: line 3: unknown field", "plan x.yaml: line 3: unknown field"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := explainAWS(tc.in); got != tc.want {
				t.Errorf("explainAWS:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestExplainErrLogsTheChain: the one sentence keeps the SDK error for
// errors.Is, and the whole chain goes to the log at debug level.
func TestExplainErrLogsTheChain(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sdk := errors.New("operation error EC2: CreateNetworkAclEntry, https response error StatusCode: 403, RequestID: 3, api error UnauthorizedOperation: You are not authorized")
	err := explainErr(log, sdk)
	if !errors.Is(err, sdk) || err.Error() != "access denied for EC2 CreateNetworkAclEntry: give the caller the plan's policy ('aclprobe plan iam-policy PLAN' prints it)" {
		t.Fatalf("explainErr = %q (is the SDK error: %t)", err, errors.Is(err, sdk))
	}
	if !strings.Contains(logs.String(), "RequestID: 3") {
		t.Errorf("the chain is not in the debug log: %q", logs.String())
	}
}
