package testenv

import (
	"testing"

	"github.com/aclprobe/aclprobe/acl"
)

// Journal returns the records of the journal at path (a run directory's
// journal file), failing tb when it cannot be read.
func Journal(tb testing.TB, path string) []acl.JournalRecord {
	tb.Helper()
	recs, err := acl.LoadJournal(path)
	if err != nil {
		tb.Fatal(err)
	}
	return recs
}

// JournalOps returns the op of each record of the journal at path, in
// the order they were written.
func JournalOps(tb testing.TB, path string) []string {
	tb.Helper()
	var ops []string
	for _, r := range Journal(tb, path) {
		ops = append(ops, r.Op)
	}
	return ops
}
