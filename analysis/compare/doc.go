// Package compare sets two aggregations of flow logs side by side, before
// and after a change (a VPC endpoint, a PrivateLink connection, a locked
// down rule set), and computes per group and in total the flows, packets
// and bytes on each side and their change in percent. When the two data
// sets span different lengths of time, both are normalised per day, so
// a week against a day still compares like with like.
//
// It takes analysis.Results (from any engine) and knows nothing of how
// they were read; render.go writes a Comparison as a table, CSV or JSON.
package compare
