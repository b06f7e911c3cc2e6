// Package dnslog reads Route 53 Resolver query logs (--dns-logs) and joins
// them to flow log traffic: for each destination address the flow query
// selected, the names whose answers returned it to the flow's own source,
// asked before the flow ended and within a time window. It owns the query
// log record (Query, Parse), reading sources of them (JSON lines, gzip,
// CloudWatch Logs and Firehose wrappers; local paths and S3 prefixes) and
// the join (Pairs, Join). It indexes only the addresses it is given, so
// memory follows the flow query's selection, not the size of the logs.
package dnslog
