// Package analysis is the flow log engine: it turns VPC Flow Logs into
// aggregates. It owns the model every engine shares (Query, Result, Row,
// Coverage), the local engine's pipeline (readers, parsers and group
// tables in parallel) and the hot path that parses, filters, groups and
// ranks records. What a source is (source), reading and recognising its
// content (input), the progress line (progress) and the record layout
// (flowlog) are packages this one imports, as are the temporary files of
// group tables over the memory budget (spill); input hands over whole
// chunks, so the record loop makes no call across a package boundary.
// S3 listing (s3src), output (render), labels (identify) and impact are
// packages of their own that import this one, never the other way round.
// It knows nothing about plans or ACLs.
package analysis
