// Package analysis owns reading VPC Flow Logs and turning them into
// aggregates: it parses every record format AWS delivers (text with or
// without a header, gzip, Parquet, CloudWatch Logs JSON), streams local
// files and S3 objects, filters, groups and ranks records, labels addresses
// with the service behind them, and answers "would blocking this cut any
// observed traffic" (impact). It knows nothing about plans or ACLs.
package analysis
