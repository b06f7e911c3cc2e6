package probe

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
)

// The SDK's default CloudWatch protocol (Smithy RPCv2 CBOR) is not
// understood by emulators; NewCloudWatchClient must send awsQuery.
func TestCloudWatchSpeaksAWSQuery(t *testing.T) {
	var gotType, gotBody, gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		gotType, gotBody, gotPath = r.Header.Get("Content-Type"), string(b), r.URL.Path
		w.Header().Set("Content-Type", "text/xml")
		io.WriteString(w, `<DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><DescribeAlarmsResult><MetricAlarms/></DescribeAlarmsResult></DescribeAlarmsResponse>`)
	}))
	defer srv.Close()
	cfg := aws.Config{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("k", "s", ""),
	}
	_, err := NewCloudWatchClient(cfg).DescribeAlarms(context.Background(), &cloudwatch.DescribeAlarmsInput{})
	if err != nil {
		t.Fatalf("DescribeAlarms: %v", err)
	}
	if !strings.HasPrefix(gotType, "application/x-www-form-urlencoded") {
		t.Errorf("Content-Type = %q, want application/x-www-form-urlencoded (awsQuery)", gotType)
	}
	if !strings.Contains(gotBody, "Action=DescribeAlarms") || !strings.Contains(gotBody, "Version=2010-08-01") {
		t.Errorf("body = %q, want an awsQuery DescribeAlarms request", gotBody)
	}
	if strings.Contains(gotPath, "rpc-v2-cbor") {
		t.Errorf("path %q is the RPCv2 CBOR route", gotPath)
	}
}
