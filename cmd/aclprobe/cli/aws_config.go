package cli

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"

	"github.com/aclprobe/aclprobe/plan"
)

// AWSConfig is the AWS configuration the clients are built from: the
// standard SDK chain (environment, shared config and credentials files,
// SSO, instance roles) plus --region and --profile, loaded once, on first
// use. AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> are honoured by the
// SDK itself, which is how the tests point aclprobe at moto_server.
// Commands that need no AWS never load it, so --help, plan validate and
// offline previews need no credentials.
type AWSConfig struct {
	// Region and Profile are --region and --profile; a command may set
	// Region (from a plan or a journal) before the first Load.
	Region  string
	Profile string
	// Log receives the SDK's own log lines (retries, warnings) at debug
	// level, so they reach the log and not the terminal; nil discards.
	Log func() *slog.Logger

	once sync.Once
	cfg  aws.Config
	err  error
}

// Load loads the SDK configuration once.
func (c *AWSConfig) Load(ctx context.Context) (aws.Config, error) {
	c.once.Do(func() {
		var opts []func(*config.LoadOptions) error
		if c.Region != "" {
			opts = append(opts, config.WithRegion(c.Region))
		}
		if c.Profile != "" {
			opts = append(opts, config.WithSharedConfigProfile(c.Profile))
		}
		opts = append(opts, config.WithLogger(sdkLogger{c}))
		c.cfg, c.err = config.LoadDefaultConfig(ctx, opts...)
		if c.err != nil {
			c.err = fmt.Errorf("load aws configuration: %w", c.err)
			return
		}
		if c.cfg.Region == "" {
			c.err = fmt.Errorf("no aws region: pass --region or set AWS_REGION")
		}
	})
	return c.cfg, c.err
}

// region is the region the clients use: Region when set (the loaded
// configuration then has it too), else the SDK chain's.
func (c *AWSConfig) region(ctx context.Context) (string, error) {
	if c.Region != "" {
		return c.Region, nil
	}
	cfg, err := c.Load(ctx)
	return cfg.Region, err
}

// usePlanRegion makes the plan's region the AWS region unless --region
// says otherwise, and refuses a --region that contradicts the plan.
func (c *AWSConfig) usePlanRegion(p *plan.Plan) error {
	switch c.Region {
	case "":
		c.Region = p.Target.Region
	case p.Target.Region:
	default:
		return fmt.Errorf("--region %s contradicts the plan's target.region %s", c.Region, p.Target.Region)
	}
	return nil
}

// credentialsMissing returns why AWS cannot be reached ("" when it can).
func (c *AWSConfig) credentialsMissing(ctx context.Context) string {
	cfg, err := c.Load(ctx)
	if err != nil {
		return err.Error()
	}
	if cfg.Credentials == nil {
		return "no credentials provider"
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil || !creds.HasKeys() {
		return "no credentials found"
	}
	return ""
}

// aclConfig is the configuration of the clients that change and watch a
// network ACL (run, its online preview, recover): throttling and 5xx are
// retried with backoff by the SDK's standard retryer (6 attempts, no
// client-side retry quota, so a burst of throttling cannot starve the
// undo), and every HTTP request has a 30s timeout.
func (c *AWSConfig) aclConfig(ctx context.Context) (aws.Config, error) {
	base, err := c.Load(ctx)
	if err != nil {
		return aws.Config{}, err
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
	return cfg, nil
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

// sdkLogger sends the SDK's log lines to AWSConfig.Log at debug level.
type sdkLogger struct{ c *AWSConfig }

// Logf implements the SDK's logging.Logger.
func (l sdkLogger) Logf(class logging.Classification, format string, v ...any) {
	if l.c.Log == nil {
		return
	}
	l.c.Log().Debug("aws sdk: "+fmt.Sprintf(format, v...), "classification", string(class))
}
