package report

import (
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/acl"
)

// Change statuses in the journal summary.
const (
	ChangeUndone      = "undone"
	ChangeNotUndone   = "NOT UNDONE"
	ChangeUnconfirmed = "unconfirmed" // intent written, creation never confirmed
)

// JournalSummary is every change the journal records, paired up, and the
// run's other events. Undone and NotUndone count the test's deny entries:
// the preflight's DryRun check entry (acl.ProbeCIDR) is counted only when
// it was left on the ACL.
type JournalSummary struct {
	Found     bool     `json:"found"`
	Changes   []Change `json:"changes"`
	Events    []Event  `json:"events"`
	Undone    int      `json:"undone"`
	NotUndone int      `json:"not_undone"`
}

// Change is one deny entry from intent to removal.
type Change struct {
	ACL          string     `json:"acl"`
	RuleNumber   int        `json:"rule_number"`
	Direction    string     `json:"direction"`
	CIDR         string     `json:"cidr"`
	Action       string     `json:"action,omitempty"`
	IntentAt     *time.Time `json:"intent_at,omitempty"`
	CreatedAt    *time.Time `json:"created_at,omitempty"`
	DeletedAt    *time.Time `json:"deleted_at,omitempty"`
	InPlaceSecs  *float64   `json:"in_place_seconds,omitempty"`
	Status       string     `json:"status"`
	FailedDetail string     `json:"failed_detail,omitempty"`
	Note         string     `json:"note,omitempty"` // the intent's detail, e.g. a dry-run permission check
}

// Event is a journal record that is not part of an entry's life: run
// start and end, lease acquire and release.
type Event struct {
	At     time.Time `json:"at"`
	Op     string    `json:"op"`
	Detail string    `json:"detail,omitempty"`
}

type changeKey struct {
	acl    string
	rule   int
	egress bool
}

func summarizeJournal(recs []acl.JournalRecord, found bool) JournalSummary {
	js := JournalSummary{Found: found, Changes: []Change{}, Events: []Event{}}
	open := map[changeKey]int{} // key -> index of the change not yet deleted
	current := func(r acl.JournalRecord) *Change {
		k := changeKey{r.ACL, r.RuleNumber, r.Egress}
		if i, ok := open[k]; ok {
			return &js.Changes[i]
		}
		open[k] = len(js.Changes)
		js.Changes = append(js.Changes, Change{
			ACL: r.ACL, RuleNumber: r.RuleNumber, Direction: acl.EntryFromRecord(r).Direction.String(), CIDR: r.CIDR, Action: r.Action,
		})
		return &js.Changes[len(js.Changes)-1]
	}
	for _, r := range recs {
		at := r.Time
		switch r.Op {
		case acl.OpCreateIntent:
			c := current(r)
			c.IntentAt, c.Note = &at, r.Detail
		case acl.OpCreateDone:
			current(r).CreatedAt = &at
		case acl.OpDeleteIntent:
			current(r)
		case acl.OpDeleteDone:
			current(r).DeletedAt = &at
			delete(open, changeKey{r.ACL, r.RuleNumber, r.Egress})
		case acl.OpUndoFailed:
			current(r).FailedDetail = r.Detail
		default:
			js.Events = append(js.Events, Event{At: at, Op: r.Op, Detail: r.Detail})
		}
	}
	for i := range js.Changes {
		finishChange(&js.Changes[i])
		if isDryRunCheck(js.Changes[i]) && js.Changes[i].Status != ChangeNotUndone {
			// The preflight's DryRun permission check, not one of the
			// test's entries (listed, not counted, unless it was left).
			continue
		}
		if js.Changes[i].Status == ChangeUndone {
			js.Undone++
		} else {
			js.NotUndone++
		}
	}
	return js
}

// isDryRunCheck reports whether c is the preflight's DryRun permission
// check entry (its intent says so, on acl.ProbeCIDR).
func isDryRunCheck(c Change) bool {
	return c.CIDR == acl.ProbeCIDR && strings.HasPrefix(c.Note, "dry run permission check")
}

func finishChange(c *Change) {
	switch {
	case c.DeletedAt != nil:
		c.Status = ChangeUndone
	case c.CreatedAt != nil || c.FailedDetail != "":
		c.Status = ChangeNotUndone
	default:
		c.Status = ChangeUnconfirmed
	}
	from := c.CreatedAt
	if from == nil {
		from = c.IntentAt
	}
	if from != nil && c.DeletedAt != nil {
		d := c.DeletedAt.Sub(*from).Seconds()
		c.InPlaceSecs = &d
	}
}
