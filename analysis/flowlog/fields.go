package flowlog

import "strings"

// DefaultFields is the default flow log format (version 2): what a file
// without a header line and a CloudWatch Logs message hold.
var DefaultFields = []string{
	"version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
	"protocol", "packets", "bytes", "start", "end", "action", "log-status",
}

// knownFields lists every field of flow log versions 2 to 8, hyphenated as
// AWS spells them in a format string and a header line. Fields not listed
// here are still read and can be grouped on: they are carried, not rejected.
var knownFields = []string{
	// version 2 (the default format)
	"version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
	"protocol", "packets", "bytes", "start", "end", "action", "log-status",
	// version 3
	"vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr",
	// version 4
	"region", "az-id", "sublocation-type", "sublocation-id",
	// version 5
	"pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path",
	// version 6 (transit gateway)
	"resource-type", "tgw-id", "tgw-attachment-id", "tgw-src-vpc-account-id",
	"tgw-dst-vpc-account-id", "tgw-src-vpc-id", "tgw-dst-vpc-id", "tgw-src-subnet-id",
	"tgw-dst-subnet-id", "tgw-src-eni", "tgw-dst-eni", "tgw-src-az-id", "tgw-dst-az-id",
	"tgw-pair-attachment-id", "packets-lost-no-route", "packets-lost-blackhole",
	"packets-lost-mtu-exceeded", "packets-lost-ttl-expired",
	// version 7 (ECS)
	"ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn",
	"ecs-container-instance-id", "ecs-container-id", "ecs-second-container-id",
	"ecs-service-name", "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id",
	// version 8
	"reject-reason",
}

// numericFields must hold a decimal number or "-"; anything else makes the
// line malformed.
var numericFields = map[string]bool{
	"version": true, "srcport": true, "dstport": true, "protocol": true,
	"packets": true, "bytes": true, "start": true, "end": true,
	"tcp-flags": true, "traffic-path": true,
	"packets-lost-no-route": true, "packets-lost-blackhole": true,
	"packets-lost-mtu-exceeded": true, "packets-lost-ttl-expired": true,
}

// Derived group fields (see analysis.Query.By): the
// address after translation when the record has it, else the interface's..
const (
	FieldSrcEndpoint = "src-endpoint"
	FieldDstEndpoint = "dst-endpoint"
)

var knownFieldSet = func() map[string]bool {
	m := make(map[string]bool, len(knownFields))
	for _, f := range knownFields {
		m[f] = true
	}
	return m
}()

// Recorded reports whether name is a field AWS records (flow log versions
// 2 to 8): a header line needs at least one.
func Recorded(name string) bool { return knownFieldSet[name] }

// KnownField reports whether name is a field of flow log versions 2 to 8
// or one of the derived fields src-endpoint and dst-endpoint.
func KnownField(name string) bool {
	return knownFieldSet[name] || name == FieldSrcEndpoint || name == FieldDstEndpoint
}

// NormalizeField spells a field name as flow logs do: lower case, with
// hyphens where Parquet and Athena use underscores (pkt_srcaddr).
func NormalizeField(name string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "_", "-")
}

// ValidName reports whether s can be a field name: a lower-case
// letter, then lower-case letters, digits and hyphens (underscores are
// accepted and normalised by NormalizeField).
func ValidName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// AllFields returns the names KnownField accepts: every field of flow log
// versions 2 to 8, then the derived endpoints, in a new slice.
func AllFields() []string {
	return append(append([]string(nil), knownFields...), FieldSrcEndpoint, FieldDstEndpoint)
}
