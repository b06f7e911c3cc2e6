package cli

import (
	"context"
	"log/slog"

	"github.com/aclprobe/aclprobe/analysis/athena"
	"github.com/aclprobe/aclprobe/analysis/identify"
	"github.com/aclprobe/aclprobe/analysis/s3src"
)

// flowLogDeps are what the commands that read flow logs (analyze, impact,
// plan generate) use besides their flags: the streams (stdin is a source,
// stderr shows progress), the logger, the AWS configuration (its region
// prices an Athena scan) and the S3 and Athena client constructors.
type flowLogDeps struct {
	IO     *IO
	Log    func() *slog.Logger
	AWS    *AWSConfig
	S3     func(context.Context) (s3src.API, error)
	Athena func(context.Context) (athena.API, error)
	// EC2Lookup builds the read-only EC2 client of --aws-lookup.
	EC2Lookup func(context.Context) (identify.EC2API, error)
}

// newFlowLogDeps takes the flow log commands' dependencies from f.
func newFlowLogDeps(f *Factory) flowLogDeps {
	return flowLogDeps{IO: f.IOStreams, Log: f.Logger, AWS: f.AWS, S3: f.S3, Athena: f.Athena, EC2Lookup: f.AWS.ec2Lookup}
}
