package cli

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

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

// natAccount owns the sample's NAT gateway: its private address 10.20.0.10.
type natAccount struct{ deniedEC2 }

func (natAccount) DescribeNetworkInterfaces(_ context.Context, in *ec2.DescribeNetworkInterfacesInput, _ ...func(*ec2.Options)) (*ec2.DescribeNetworkInterfacesOutput, error) {
	out := &ec2.DescribeNetworkInterfacesOutput{}
	if aws.ToString(in.Filters[0].Name) == "addresses.private-ip-address" && slices.Contains(in.Filters[0].Values, "10.20.0.10") {
		out.NetworkInterfaces = []types.NetworkInterface{{NetworkInterfaceId: aws.String("eni-0f1e2d3c4b5a69788"),
			InterfaceType: "nat_gateway", Description: aws.String("Interface for NAT Gateway nat-0a1b2c3d4e5f60718"),
			PrivateIpAddress: aws.String("10.20.0.10")}}
	}
	return out, nil
}

// impact --aws-lookup names the blocked endpoint the account owns: a
// block of the NAT gateway's subnet would cut the NAT gateway itself.
func TestImpactAWSLookup(t *testing.T) {
	f, out, errOut := testFactory()
	var opts *ImpactOptions
	cmd := NewCmdImpact(f, func(o *ImpactOptions) error { opts = o; return nil })
	cmd.SetArgs([]string{sampleDir, "--block", "10.20.0.0/24", "--format", "csv", "--identify", "--aws-lookup",
		"--ip-ranges", identifyTestdata + "feeds/aws.json"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	opts.EC2Lookup = func(context.Context) (identify.EC2API, error) { return natAccount{}, nil }
	err := runImpact(context.Background(), opts)
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Code != ExitFinding {
		t.Fatalf("err = %v, want the finding exit; stderr %s", err, errOut)
	}
	if !strings.Contains(out.String(), "NAT gateway nat-0a1b2c3d4e5f60718 (eni-0f1e2d3c4b5a69788: Interface for NAT Gateway nat-0a1b2c3d4e5f60718),aws") {
		t.Errorf("output:\n%s", out)
	}
}
