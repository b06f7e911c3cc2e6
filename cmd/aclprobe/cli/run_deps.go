package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/aclprobe/aclprobe/run"
)

// runDeps builds the clients a run (and the online preview) uses from
// the AWS configuration: throttling and 5xx are retried with backoff by
// the SDK's standard retryer (6 attempts, no client-side retry quota, so
// a burst of throttling cannot starve the undo), every HTTP request has a
// 30s timeout, and the endpoints in use are listed for the self-lockout
// check.
func (a *App) runDeps(ctx context.Context) (run.Deps, error) {
	base, err := a.AWS.Config(ctx)
	if err != nil {
		return run.Deps{}, err
	}
	cfg := base.Copy()
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 6
			o.MaxBackoff = 8 * time.Second
			o.RateLimiter = ratelimit.None
		})
	}
	cfg.HTTPClient = awshttp.NewBuildableClient().WithTimeout(30 * time.Second)
	ec2c := ec2.NewFromConfig(cfg)
	stsc := sts.NewFromConfig(cfg)
	cw := NewCloudWatch(cfg)
	return run.Deps{
		EC2: ec2c, STS: stsc, CloudWatch: cw, Region: cfg.Region, Log: a.Log,
		Endpoints: []string{
			endpointURL(ec2c.Options().BaseEndpoint, "ec2", cfg.Region),
			endpointURL(cw.Options().BaseEndpoint, "monitoring", cfg.Region),
			endpointURL(stsc.Options().BaseEndpoint, "sts", cfg.Region),
		},
	}, nil
}

// endpointURL is the configured endpoint (AWS_ENDPOINT_URL and friends),
// else the service's regional endpoint.
func endpointURL(configured *string, service, region string) string {
	if configured != nil && *configured != "" {
		return *configured
	}
	suffix := "amazonaws.com"
	if strings.HasPrefix(region, "cn-") {
		suffix = "amazonaws.com.cn"
	}
	return fmt.Sprintf("https://%s.%s.%s", service, region, suffix)
}
