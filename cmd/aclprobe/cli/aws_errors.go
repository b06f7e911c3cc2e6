package cli

import (
	"errors"
	"log/slog"
	"regexp"
	"strings"
)

// The AWS SDK's errors carry its whole chain ("operation error EC2:
// DescribeNetworkAcls, https response error StatusCode: 403, RequestID:
// ..., api error UnauthorizedOperation: ..."). People at a terminal need
// one sentence with the fix, as the AWS CLI's "Unable to locate
// credentials"; the chain goes to the log (stderr at --log-level debug).
var (
	awsOperation = regexp.MustCompile(`operation error ([A-Za-z0-9 ]+): ([A-Za-z0-9]+)`)
	awsAPICode   = regexp.MustCompile(`api error ([A-Za-z0-9.]+):`)
	awsNoHost    = regexp.MustCompile(`lookup ([a-z0-9.-]+\.amazonaws\.com(?:\.cn)?)[ :].*no such host`)
)

// explainAWS rewrites a message that ends in an AWS SDK error chain into
// one sentence with the fix, keeping what precedes the chain ("health
// unknown: "); other messages are returned as they are.
func explainAWS(msg string) string {
	one := awsOneLine(msg)
	if one == "" {
		return msg
	}
	prefix := ""
	if i := strings.Index(msg, "operation error "); i > 0 {
		prefix = msg[:i]
	}
	return prefix + one
}

// awsOneLine is the sentence for the SDK error in msg, "" when msg is
// not one of the errors people meet first: no credentials, an expired
// token, access denied, an unknown or wrong region.
func awsOneLine(msg string) string {
	op := ""
	if m := awsOperation.FindStringSubmatch(msg); m != nil {
		op = m[1] + " " + m[2]
	}
	code := ""
	if m := awsAPICode.FindStringSubmatch(msg); m != nil {
		code = m[1]
	}
	lower := strings.ToLower(msg)
	switch {
	case strings.Contains(lower, "failed to refresh cached credentials") || strings.Contains(lower, "no ec2 imds role found") ||
		strings.Contains(lower, "failed to retrieve credentials") || strings.Contains(lower, "no credentials found") ||
		strings.Contains(lower, "anonymous credentials"):
		return "unable to locate AWS credentials: set AWS_PROFILE (or pass --profile), run 'aws sso login', or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
	case code == "ExpiredToken" || code == "ExpiredTokenException" || code == "RequestExpired" ||
		strings.Contains(lower, "token has expired") || strings.Contains(lower, "sso session has expired"):
		return "the AWS credentials have expired: refresh them ('aws sso login', or new session credentials) and try again"
	case code == "InvalidClientTokenId" || code == "UnrecognizedClientException" || code == "AuthFailure" || code == "SignatureDoesNotMatch":
		return "AWS does not accept these credentials (" + code + "): check AWS_PROFILE and the access key, or that the region is enabled for the account"
	case code == "UnauthorizedOperation" || code == "AccessDenied" || code == "AccessDeniedException" || strings.Contains(lower, "is not authorized to perform"):
		if op == "" {
			op = "the call"
		}
		return "access denied for " + op + ": give the caller the plan's policy ('aclprobe plan iam-policy PLAN' prints it)"
	case strings.Contains(lower, "no aws region"):
		return "no AWS region: pass --region or set AWS_REGION"
	}
	if m := awsNoHost.FindStringSubmatch(msg); m != nil {
		return "cannot resolve " + m[1] + ": is the region right? (--region, AWS_REGION or the plan's target.region)"
	}
	return ""
}

// awsError is an error shown as one sentence (Error) that keeps the SDK's
// error chain for errors.Is/As and the log.
type awsError struct {
	short string
	err   error
}

func (e *awsError) Error() string { return e.short }
func (e *awsError) Unwrap() error { return e.err }

// explainErr returns err shown as one sentence when it is an AWS SDK
// error people meet first, logging the whole chain at debug level.
func explainErr(log *slog.Logger, err error) error {
	if err == nil {
		return nil
	}
	var ae *awsError
	if errors.As(err, &ae) {
		return err
	}
	short := explainAWS(err.Error())
	if short == err.Error() {
		return err
	}
	if log != nil {
		log.Debug("aws error", "error", err.Error())
	}
	return &awsError{short: short, err: err}
}
