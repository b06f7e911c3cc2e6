// Package ruleset is a network ACL rule set as data: evaluating packets
// against it the way AWS does (per direction, lowest rule number first,
// first match wins, an implicit final deny), proposing the smallest rule
// set that allows a list of observed connections, and reading and writing
// rule sets (aclprobe's JSON, a saved DescribeNetworkAcls answer, aws-cli
// commands, Terraform).
//
// Rules are change.Entry values, the one model of an entry aclprobe has.
// It reads no flow logs: callers turn flows into Packets and Needs.
package ruleset
