package athena

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// Column types used in the DDL. Trino reads Hive's int and bigint as
// integer and bigint, and string as varchar.
const (
	typeString = "string"
	typeInt    = "int"
	typeBigint = "bigint"
)

// fieldTypes gives the Athena type of each flow log field, as in the AWS
// documentation's flow log tables ("Create a table for Amazon VPC flow logs
// and query it", Athena user guide). Fields not listed are strings.
var fieldTypes = map[string]string{
	"version": typeInt, "account-id": typeString, "interface-id": typeString,
	"srcaddr": typeString, "dstaddr": typeString, "srcport": typeInt, "dstport": typeInt,
	"protocol": typeBigint, "packets": typeBigint, "bytes": typeBigint,
	"start": typeBigint, "end": typeBigint, "action": typeString, "log-status": typeString,
	"vpc-id": typeString, "subnet-id": typeString, "instance-id": typeString,
	"tcp-flags": typeInt, "type": typeString, "pkt-srcaddr": typeString, "pkt-dstaddr": typeString,
	"region": typeString, "az-id": typeString, "sublocation-type": typeString, "sublocation-id": typeString,
	"pkt-src-aws-service": typeString, "pkt-dst-aws-service": typeString,
	"flow-direction": typeString, "traffic-path": typeInt,
	"ecs-cluster-arn": typeString, "ecs-cluster-name": typeString,
	"ecs-container-instance-arn": typeString, "ecs-container-instance-id": typeString,
	"ecs-container-id": typeString, "ecs-second-container-id": typeString,
	"ecs-service-name": typeString, "ecs-task-definition-arn": typeString,
	"ecs-task-arn": typeString, "ecs-task-id": typeString, "reject-reason": typeString,
	"packets-lost-no-route": typeBigint, "packets-lost-blackhole": typeBigint,
	"packets-lost-mtu-exceeded": typeBigint, "packets-lost-ttl-expired": typeBigint,
}

// fieldName is what a flow log field name may look like (as the local
// engine accepts it): a lowercase letter, then lowercase letters, digits
// and hyphens. Anything else is rejected before it gets near SQL.
var fieldName = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// column returns the Athena column name of a flow log field: hyphens
// become underscores (pkt-srcaddr -> pkt_srcaddr).
func column(field string) string { return strings.ReplaceAll(field, "-", "_") }

// fieldType returns the Athena type of a flow log field.
func fieldType(field string) string {
	if t, ok := fieldTypes[field]; ok {
		return t
	}
	return typeString
}

// ParseFields splits a flow log format line ("version account-id ..." or
// the "${version} ${account-id} ..." form AWS shows in the console) into
// field names, checking each name and rejecting duplicates. Underscores
// (Athena's and Parquet's spelling) read as hyphens.
func ParseFields(format string) ([]string, error) {
	var fields []string
	for _, f := range strings.Fields(format) {
		f = strings.TrimSuffix(strings.TrimPrefix(f, "${"), "}")
		f = strings.ReplaceAll(f, "_", "-")
		if !fieldName.MatchString(f) {
			return nil, fmt.Errorf("flow log field %q: want lowercase words joined by hyphens, as in the flow log format", f)
		}
		if slices.Contains(fields, f) {
			return nil, fmt.Errorf("flow log field %q appears twice", f)
		}
		fields = append(fields, f)
	}
	if len(fields) == 0 {
		return nil, fmt.Errorf("flow log format %q: no fields", format)
	}
	return fields, nil
}

// checkGroupField validates a Query.By name: a flow log field name or a
// derived endpoint field. Like the local engine, it carries well-formed
// names it does not know (newer formats): they are string columns.
func checkGroupField(field string) error {
	if field == flowlog.FieldSrcEndpoint || field == flowlog.FieldDstEndpoint || fieldName.MatchString(field) {
		return nil
	}
	return fmt.Errorf("group field %q: not a flow log field name", field)
}
