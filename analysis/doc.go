// Package analysis is the flow log engine: it turns VPC Flow Logs into
// aggregates. It owns the model every engine shares (Query, Result, Row,
// Coverage), local files and stdin as sources, recognising each
// input's content (text with or without a header, gzip, Parquet,
// CloudWatch Logs JSON) and the hot path that parses, filters, groups and
// ranks records. The record layout is package flowlog; S3 listing
// (s3src), output (render), labels (identify) and impact are packages of
// their own that import this one, never the other way round. It knows
// nothing about plans or ACLs.
package analysis
