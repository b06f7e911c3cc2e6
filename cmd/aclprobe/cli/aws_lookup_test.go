package cli

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/aclprobe/aclprobe/analysis/identify"
)

// deniedEC2 answers every call as an account without the permissions.
type deniedEC2 struct{}

func (deniedEC2) DescribeNetworkInterfaces(context.Context, *ec2.DescribeNetworkInterfacesInput, ...func(*ec2.Options)) (*ec2.DescribeNetworkInterfacesOutput, error) {
	return nil, errors.New("UnauthorizedOperation: ec2:DescribeNetworkInterfaces")
}

func (deniedEC2) DescribeAddresses(context.Context, *ec2.DescribeAddressesInput, ...func(*ec2.Options)) (*ec2.DescribeAddressesOutput, error) {
	return nil, errors.New("UnauthorizedOperation: ec2:DescribeAddresses")
}

func TestAWSLookupFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		lookup  func(context.Context) (identify.EC2API, error)
		wantErr string
	}{
		{"needs --identify", []string{sampleDir, "--aws-lookup"}, nil, "--aws-lookup need --identify"},
		{"no credentials", []string{sampleDir, "--identify", "--aws-lookup", "--ip-ranges", identifyTestdata + "feeds/aws.json"},
			func(context.Context) (identify.EC2API, error) { return nil, errors.New("no AWS credentials") }, "no AWS credentials"},
		{"denied", []string{sampleDir, "--identify", "--aws-lookup", "--ip-ranges", identifyTestdata + "feeds/aws.json", "--by", "dst-endpoint"},
			func(context.Context) (identify.EC2API, error) { return deniedEC2{}, nil }, "aws lookup: ec2 DescribeNetworkInterfaces (addresses.private-ip-address, 7 values): UnauthorizedOperation"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, out, _ := testFactory()
			var opts *AnalyzeOptions
			cmd := NewCmdAnalyze(f, func(o *AnalyzeOptions) error { opts = o; return nil })
			cmd.SetArgs(tc.args)
			if err := cmd.Execute(); err != nil {
				t.Fatal(err)
			}
			opts.EC2Lookup = tc.lookup
			err := runAnalyze(context.Background(), opts)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || out.Len() != 0 {
				t.Fatalf("err = %v, stdout %q; want %q and no output", err, out, tc.wantErr)
			}
		})
	}
}
