package probe

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	"github.com/aws/smithy-go/transport/http/protocol/awsquery"
)

// NewCloudWatchClient builds a CloudWatch client on cfg that speaks the
// awsQuery protocol instead of the SDK's default Smithy RPCv2 CBOR. Real
// CloudWatch accepts both; emulators such as moto only understand awsQuery
// and awsJson1_0, and one protocol everywhere means the tested path is the
// production path. optFns apply after the protocol is set.
func NewCloudWatchClient(cfg aws.Config, optFns ...func(*cloudwatch.Options)) *cloudwatch.Client {
	return cloudwatch.NewFromConfig(cfg, append([]func(*cloudwatch.Options){func(o *cloudwatch.Options) {
		o.Protocol = awsquery.New(cwschemas.GraniteServiceVersion20100801)
	}}, optFns...)...)
}
