package plan

import (
	"encoding/json"
	"fmt"
	"strings"
)

// IAMPolicy is an IAM policy document.
type IAMPolicy struct {
	Version   string         `json:"Version"`
	Statement []IAMStatement `json:"Statement"`
}

// IAMStatement is one statement of an IAM policy.
type IAMStatement struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource []string `json:"Resource"`
}

// MinimalIAMPolicy returns the least privilege a run of p needs: read-only
// describe calls on every resource (they do not support resource-level
// permissions), and the four write calls restricted to the plan's network
// ACL in each allowed account.
func MinimalIAMPolicy(p *Plan) IAMPolicy {
	arns := make([]string, 0, len(p.Guard.Accounts))
	for _, acct := range p.Guard.Accounts {
		arns = append(arns, fmt.Sprintf("arn:%s:ec2:%s:%s:network-acl/%s", Partition(p.Target.Region), p.Target.Region, acct, p.Target.NetworkACL))
	}
	return IAMPolicy{
		Version: "2012-10-17",
		Statement: []IAMStatement{
			{
				Sid:      "AclprobeReadOnly",
				Effect:   "Allow",
				Action:   []string{"cloudwatch:DescribeAlarms", "ec2:DescribeNetworkAcls", "ec2:DescribeSubnets", "ec2:DescribeVpcs", "sts:GetCallerIdentity"},
				Resource: []string{"*"},
			},
			{
				Sid:      "AclprobeChangeOnlyThePlansACL",
				Effect:   "Allow",
				Action:   []string{"ec2:CreateNetworkAclEntry", "ec2:CreateTags", "ec2:DeleteNetworkAclEntry", "ec2:DeleteTags"},
				Resource: arns,
			},
		},
	}
}

// JSON renders the policy indented, ending with a newline.
func (pol IAMPolicy) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(pol, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("iam policy: %w", err)
	}
	return append(b, '\n'), nil
}

// Partition returns the AWS partition of a region: aws, aws-cn or
// aws-us-gov.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	default:
		return "aws"
	}
}
