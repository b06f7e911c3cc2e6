// Package athena runs aclprobe's flow log queries in Amazon Athena when the
// logs outgrow one machine. It owns three things: compiling an
// analysis.Query into one Athena (Trino) SELECT that returns the same rows
// and coverage the local engine computes, writing the CREATE EXTERNAL TABLE
// statement (with partition projection) for an exact flow log format, and
// executing a query through the Athena API with progress, cost estimates
// and cancellation.
package athena
