// Package spill owns the temporary files an aggregation writes when its
// group tables would outgrow the memory budget: partial groups (an encoded
// key and its counters) partitioned by key hash into files of a compact
// binary form, read back one partition at a time, in a private temporary
// directory that Close removes whatever happened before.
package spill
