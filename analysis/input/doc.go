// Package input owns reading one flow log source's content: it
// recognises what the bytes are (text with or without a header, gzip,
// Parquet, CloudWatch Logs JSON), decompresses gzip (a mapped local file
// through gunzip, with faults on a file that shrinks turned into errors;
// anything else through klauspost's gzip), and cuts the records into
// line-aligned Chunks of text from a bounded Pool of 256 KiB buffers. A
// Reader hands each Chunk to its Deliver (or has text parsed at once
// through Parse, which also finds headers of another format) and notes
// what concerns whole sources (format changes, control messages, bad
// files) in Notes. It parses no record: the engine in package analysis
// does, one Chunk at a time, so no record crosses this package boundary.
// It imports flowlog, gunzip and source.
package input
