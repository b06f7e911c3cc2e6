package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

// TestAnalyzeAWSLookupMoto names an interface of the account by its
// private address and by the Elastic IP associated with it, through the
// real EC2 client against moto: analyze --identify --aws-lookup.
func TestAnalyzeAWSLookupMoto(t *testing.T) {
	testenv.MotoURL(t)
	ctx := context.Background()
	client := ec2.NewFromConfig(testenv.Config(t))
	vpc, err := client.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.77.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	subnet, err := client.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.77.1.0/24")})
	if err != nil {
		t.Fatal(err)
	}
	eni, err := client.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{SubnetId: subnet.Subnet.SubnetId,
		Description: aws.String("ELB app/orders-staging/50dc6c495c0c9188")})
	if err != nil {
		t.Fatal(err)
	}
	eip, err := client.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.AssociateAddress(ctx, &ec2.AssociateAddressInput{AllocationId: eip.AllocationId,
		NetworkInterfaceId: eni.NetworkInterface.NetworkInterfaceId}); err != nil {
		t.Fatal(err)
	}
	lone, err := client.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc})
	if err != nil {
		t.Fatal(err)
	}
	private, public, lonePublic := aws.ToString(eni.NetworkInterface.PrivateIpAddress), aws.ToString(eip.PublicIp), aws.ToString(lone.PublicIp)

	ranges := fmt.Sprintf(`{"createDate": "2025-12-03-21-13-07", "prefixes": [
		{"ip_prefix": "%s/32", "region": "us-east-1", "service": "EC2"},
		{"ip_prefix": "%s/32", "region": "us-east-1", "service": "AMAZON"}]}`, public, lonePublic)
	var log strings.Builder
	log.WriteString("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n")
	for i, dst := range []string{private, public, lonePublic, "198.51.100.77"} {
		fmt.Fprintf(&log, "2 111122223333 eni-0a1 10.77.1.%d %s 40000 443 6 %d 1000 1764806400 1764806460 ACCEPT OK\n", 200+i, dst, 10-i)
	}
	dir := writeFiles(t, map[string][]byte{"ip-ranges.json": []byte(ranges), "flows.log": []byte(log.String())})
	out, errOut, code := runRoot(t, "analyze", filepath.Join(dir, "flows.log"), "--by", "dstaddr", "--format", "csv",
		"--identify", "--aws-lookup", "--ip-ranges", filepath.Join(dir, "ip-ranges.json"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	eniID := aws.ToString(eni.NetworkInterface.NetworkInterfaceId)
	owner := "load balancer app/orders-staging/50dc6c495c0c9188 (" + eniID + ": ELB app/orders-staging/50dc6c495c0c9188)"
	for _, want := range []string{
		private + ",1,10,1000," + owner + ",aws",
		public + ",1,9,1000," + owner + ",aws",
		lonePublic + ",1,8,1000,Elastic IP " + aws.ToString(lone.AllocationId) + " (not associated),aws",
		"198.51.100.77,1,7,1000,-,-",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
