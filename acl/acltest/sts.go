package acltest

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// STS is a fake STS that answers GetCallerIdentity with Account (or Err).
type STS struct {
	Account string
	Err     error
}

// GetCallerIdentity returns the configured account.
func (s *STS) GetCallerIdentity(ctx context.Context, _ *sts.GetCallerIdentityInput, _ ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	if s.Err != nil {
		return nil, s.Err
	}
	return &sts.GetCallerIdentityOutput{Account: aws.String(s.Account), Arn: aws.String("arn:aws:iam::" + s.Account + ":user/tester")}, nil
}
