package cli

import (
	"context"
	"io"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsathena "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/analysis/athena"
	"github.com/aclprobe/aclprobe/analysis/s3src"
	"github.com/aclprobe/aclprobe/probe"
)

// Factory is what the commands are built from: the IO streams, the
// logger, the prompter, the AWS configuration and constructors for the
// AWS clients. Each NewCmdX copies what its command uses into its Options,
// where tests replace them (with buffers, acl/acltest and probe/probetest
// fakes). The constructors build real clients lazily, on first call, so
// --help, flag parsing, plan validate and offline previews never need
// credentials.
type Factory struct {
	IOStreams *IO
	// Logger returns the logger the global --log-level and --log-format
	// flags configured (it discards until they are applied).
	Logger func() *slog.Logger
	// LogHandler builds a handler of the configured format writing to w,
	// at the --log-level given on the command line, else at quiet (a
	// command with its own progress display keeps info off stderr).
	LogHandler func(w io.Writer, quiet slog.Level) slog.Handler
	Prompter   Prompter
	AWS        *AWSConfig

	ACLClients
	// S3 and Athena build the clients that read flow logs.
	S3     func(context.Context) (s3src.API, error)
	Athena func(context.Context) (athena.API, error)
}

// ACLClients build the clients that change and watch a network ACL (EC2,
// STS and CloudWatch, with the retries and timeouts of
// AWSConfig.aclConfig) and list the endpoints they call.
type ACLClients struct {
	EC2        func(context.Context) (acl.EC2API, error)
	STS        func(context.Context) (acl.STSAPI, error)
	CloudWatch func(context.Context) (probe.CloudWatchAPI, error)
	// Endpoints lists the URLs the EC2, CloudWatch and STS clients call,
	// for the run's self-lockout check.
	Endpoints func(context.Context) ([]string, error)
}

// aclClient returns a constructor that builds a client with newClient on
// c's ACL configuration.
func aclClient[T any](c *AWSConfig, newClient func(aws.Config) T) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		cfg, err := c.aclConfig(ctx)
		if err != nil {
			var none T
			return none, err
		}
		return newClient(cfg), nil
	}
}

// NewFactory returns the factory of real clients over io, with an empty
// AWS configuration (the root command binds --region and --profile to it)
// and a logger that discards.
func NewFactory(io *IO) *Factory {
	discard := slog.New(slog.DiscardHandler)
	c := &AWSConfig{Log: func() *slog.Logger { return discard }}
	return &Factory{
		IOStreams:  io,
		Logger:     func() *slog.Logger { return discard },
		LogHandler: discardHandler,
		Prompter:   &terminalPrompter{io: io},
		AWS:        c,
		ACLClients: ACLClients{
			EC2:        aclClient(c, func(cfg aws.Config) acl.EC2API { return ec2.NewFromConfig(cfg) }),
			STS:        aclClient(c, func(cfg aws.Config) acl.STSAPI { return sts.NewFromConfig(cfg) }),
			CloudWatch: aclClient(c, func(cfg aws.Config) probe.CloudWatchAPI { return probe.NewCloudWatchClient(cfg) }),
			Endpoints:  c.endpoints,
		},
		S3: c.s3,
		Athena: func(ctx context.Context) (athena.API, error) {
			cfg, err := c.Load(ctx)
			if err != nil {
				return nil, err
			}
			return awsathena.NewFromConfig(cfg), nil
		},
	}
}

// endpoints are the EC2, CloudWatch and STS endpoints the clients built
// from c call: the configured ones (AWS_ENDPOINT_URL and friends), else
// the regional ones.
func (c *AWSConfig) endpoints(ctx context.Context) ([]string, error) {
	cfg, err := c.aclConfig(ctx)
	if err != nil {
		return nil, err
	}
	return []string{
		endpointURL(ec2.NewFromConfig(cfg).Options().BaseEndpoint, "ec2", cfg.Region),
		endpointURL(probe.NewCloudWatchClient(cfg).Options().BaseEndpoint, "monitoring", cfg.Region),
		endpointURL(sts.NewFromConfig(cfg).Options().BaseEndpoint, "sts", cfg.Region),
	}, nil
}

// s3 returns an S3 client. Path-style addressing is used when a custom
// endpoint is configured, as emulators need it. The SDK's debug line about
// responses without a checksum (emulators send none) is silenced: it is
// noise on stderr, not a problem with the data.
func (c *AWSConfig) s3(ctx context.Context) (s3src.API, error) {
	cfg, err := c.Load(ctx)
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if o.BaseEndpoint != nil {
			o.UsePathStyle = true
		}
		o.DisableLogOutputChecksumValidationSkipped = true
	}), nil
}

// discardHandler is the LogHandler until the global flags are applied.
func discardHandler(io.Writer, slog.Level) slog.Handler { return slog.DiscardHandler }
