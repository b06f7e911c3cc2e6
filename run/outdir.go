package run

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aclprobe/aclprobe/acl"
)

// ErrNotStarted is wrapped by Run's error when the run ended before its
// first change: a failed preflight, a refused or interrupted
// confirmation. Nothing was changed (an entry an API that ignores DryRun
// created was removed and verified gone), and OutDir can be used for the
// next try.
var ErrNotStarted = errors.New("nothing was changed")

// LogFile is the name of the run's full log (JSON lines) in OutDir; the
// CLI writes it, Run never reads it.
const LogFile = "run.log"

// ClaimOutDir creates dir if needed and refuses it when it holds a run,
// unless that run ended without starting: its journal begins with
// run-start, ends with run-end, and records no lease and no entry left
// (refused at preflight or at the confirmation). Those files are
// removed, so the same directory works for the next try. A journal
// without run-end may belong to a process still at its prompt: refused.
func ClaimOutDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("run: output dir: %w", err)
	}
	jpath, rpath := filepath.Join(dir, JournalFile), filepath.Join(dir, ResultsFile)
	recs, err := acl.LoadJournal(jpath)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if _, err := os.Stat(rpath); err == nil {
			return fmt.Errorf("run: output dir %s already holds a run (%s): pick another --out", dir, ResultsFile)
		}
		return nil
	case err != nil:
		return fmt.Errorf("run: output dir %s already holds a run whose journal cannot be read (%w): pick another --out", dir, err)
	case !journalNotStarted(recs):
		return fmt.Errorf("run: output dir %s already holds a run (%s): pick another --out", dir, JournalFile)
	}
	for _, p := range []string{rpath, jpath} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("run: output dir: remove the files of a run that never started: %w", err)
		}
	}
	return nil
}

// journalNotStarted reports whether a journal is that of a run that
// ended before its first change: from run-start to run-end, no lease,
// no entry created (but the DryRun check's) and nothing pending.
func journalNotStarted(recs []acl.JournalRecord) bool {
	if len(recs) < 2 || recs[0].Op != acl.OpRunStart || recs[len(recs)-1].Op != acl.OpRunEnd || len(acl.Pending(recs)) > 0 {
		return false
	}
	for _, r := range recs {
		if r.Op == acl.OpLeaseAcquire || r.Op == acl.OpCreateDone {
			return false
		}
	}
	return true
}

// notStarted reports whether the run ended before its first change: no
// lease was attempted and nothing is left.
func (r *runner) notStarted() bool {
	return r.lease.RunID == "" && r.cur == nil && len(r.res.Leftovers) == 0 && !r.needsUndo()
}
