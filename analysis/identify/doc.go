// Package identify labels addresses with the service behind them
// (--identify): a record's own pkt-dst-aws-service, AWS's ip-ranges.json
// and vendor range files by longest prefix match, and reverse DNS. It
// reads aggregated rows (analysis.Result) and never flow log records.
package identify
