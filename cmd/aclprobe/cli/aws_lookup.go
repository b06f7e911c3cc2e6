package cli

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/aclprobe/aclprobe/analysis/identify"
)

// ec2Lookup returns the EC2 client --aws-lookup describes the account's
// network interfaces and Elastic IPs with (read-only calls only).
func (c *AWSConfig) ec2Lookup(ctx context.Context) (identify.EC2API, error) {
	cfg, err := c.Load(ctx)
	if err != nil {
		return nil, err
	}
	return ec2.NewFromConfig(cfg), nil
}
