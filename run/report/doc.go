// Package report renders a run's results (results.json) and journal
// (journal.jsonl) as the documents people review after a blast test: a
// Markdown report for tickets and merge requests, a single self-contained
// HTML page (inline SVG timelines, no JavaScript, printable), and JSON for
// automation. It needs no AWS access: everything comes from the two files.
//
// The report answers which service broke for which IP, with the evidence,
// and recommends what to do next (VPC endpoints, PrivateLink, candidates to
// block) without ever recommending to block a target that broke something
// or whose test was inconclusive.
package report
