package acl

import "time"

// Journal operations, in the order a run writes them.
const (
	OpRunStart           = "run-start"            // a run began; Detail has the plan path and SHA-256
	OpLeaseAcquire       = "lease-acquire"        // the lease tag is about to be written
	OpLeaseRelease       = "lease-release"        // the lease tag is about to be removed
	OpLeaseReleaseFailed = "lease-release-failed" // removing the lease tag failed; Detail says why
	OpCreateIntent       = "create-intent"        // a deny entry is about to be created
	OpCreateDone         = "create-done"          // the entry was created and seen
	OpDeleteIntent       = "delete-intent"        // the entry is about to be deleted
	OpDeleteDone         = "delete-done"          // the entry was deleted and is gone
	OpUndoFailed         = "undo-failed"          // deleting the entry failed; Detail says why
	OpRunEnd             = "run-end"              // the run ended; Detail has the outcome
)

// JournalRecord is one line of journal.jsonl. The journal is append-only
// JSON lines, fsync'd after each record, written before each change so
// that `aclprobe recover` can undo exactly what a killed run left.
type JournalRecord struct {
	Time       time.Time `json:"time"`
	RunID      string    `json:"run_id"`
	Op         string    `json:"op"`
	Region     string    `json:"region,omitempty"`
	ACL        string    `json:"acl"`
	RuleNumber int       `json:"rule_number,omitempty"`
	Egress     bool      `json:"egress,omitempty"`
	CIDR       string    `json:"cidr,omitempty"`
	Protocol   string    `json:"protocol,omitempty"` // "-1" for all
	Action     string    `json:"action,omitempty"`   // always "deny" for entries aclprobe makes
	Detail     string    `json:"detail,omitempty"`
}
