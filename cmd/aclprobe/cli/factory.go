package cli

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/transport/http/protocol/awsquery"
)

// Factory builds AWS clients lazily, on first use, from the standard SDK
// configuration chain (environment, shared config and credentials files,
// SSO, instance roles) plus --region and --profile. AWS_ENDPOINT_URL and
// AWS_ENDPOINT_URL_<SERVICE> are honoured by the SDK itself, which is how
// the tests point aclprobe at moto_server. Commands that need no AWS never
// call it, so --help, plan validate and offline previews need no credentials.
type Factory struct {
	Region  string
	Profile string

	once sync.Once
	cfg  aws.Config
	err  error
}

// Config loads the SDK configuration once.
func (f *Factory) Config(ctx context.Context) (aws.Config, error) {
	f.once.Do(func() {
		var opts []func(*config.LoadOptions) error
		if f.Region != "" {
			opts = append(opts, config.WithRegion(f.Region))
		}
		if f.Profile != "" {
			opts = append(opts, config.WithSharedConfigProfile(f.Profile))
		}
		f.cfg, f.err = config.LoadDefaultConfig(ctx, opts...)
		if f.err != nil {
			f.err = fmt.Errorf("load aws configuration: %w", f.err)
			return
		}
		if f.cfg.Region == "" {
			f.err = fmt.Errorf("no aws region: pass --region or set AWS_REGION")
		}
	})
	return f.cfg, f.err
}

// EC2 returns an EC2 client.
func (f *Factory) EC2(ctx context.Context) (*ec2.Client, error) {
	cfg, err := f.Config(ctx)
	if err != nil {
		return nil, err
	}
	return ec2.NewFromConfig(cfg), nil
}

// STS returns an STS client.
func (f *Factory) STS(ctx context.Context) (*sts.Client, error) {
	cfg, err := f.Config(ctx)
	if err != nil {
		return nil, err
	}
	return sts.NewFromConfig(cfg), nil
}

// S3 returns an S3 client. Path-style addressing is used when a custom
// endpoint is configured, as emulators need it. The SDK's debug line about
// responses without a checksum (emulators send none) is silenced: it is
// noise on stderr, not a problem with the data.
func (f *Factory) S3(ctx context.Context) (*s3.Client, error) {
	cfg, err := f.Config(ctx)
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

// Athena returns an Athena client.
func (f *Factory) Athena(ctx context.Context) (*athena.Client, error) {
	cfg, err := f.Config(ctx)
	if err != nil {
		return nil, err
	}
	return athena.NewFromConfig(cfg), nil
}

// CloudWatch returns a CloudWatch client speaking awsQuery.
func (f *Factory) CloudWatch(ctx context.Context) (*cloudwatch.Client, error) {
	cfg, err := f.Config(ctx)
	if err != nil {
		return nil, err
	}
	return NewCloudWatch(cfg), nil
}

// NewCloudWatch builds a CloudWatch client that speaks the awsQuery protocol
// instead of the SDK's default Smithy RPCv2 CBOR. Real CloudWatch accepts
// both; emulators such as moto only understand awsQuery and awsJson1_0, and
// one protocol everywhere means the tested path is the production path.
func NewCloudWatch(cfg aws.Config) *cloudwatch.Client {
	return cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) {
		o.Protocol = awsquery.New(cwschemas.GraniteServiceVersion20100801)
	})
}
