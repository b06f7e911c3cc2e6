package analysis

import (
	"fmt"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// CheckQuery reports the first problem of q that no engine could run:
// an unknown sort key, a negative top, or a group field name that is not
// a flow log field name or is a slip away from a known one (dst-addr).
// Other unknown but well-formed field names are allowed: formats newer
// than this program are carried, not rejected (the local engine then
// requires some input to have them).
func CheckQuery(q Query) error {
	if err := checkSort(q.Sort); err != nil {
		return err
	}
	if q.Top < 0 {
		return fmt.Errorf("top %d: want 0 (all rows) or more", q.Top)
	}
	if len(q.By) > flowlog.MaxFields {
		return fmt.Errorf("by: %d fields, at most %d", len(q.By), flowlog.MaxFields)
	}
	seen := map[string]bool{}
	for _, name := range q.By {
		if !flowlog.ValidName(name) || name != flowlog.NormalizeField(name) {
			return fmt.Errorf("by %q: want flow log field names as AWS spells them, e.g. pkt-srcaddr", name)
		}
		if err := flowlog.CheckName("by", name); err != nil {
			return err
		}
		if seen[name] {
			return fmt.Errorf("by %q: listed twice", name)
		}
		seen[name] = true
	}
	for _, a := range q.Actions {
		if a != "ACCEPT" && a != "REJECT" {
			return fmt.Errorf("action %q: want ACCEPT or REJECT", a)
		}
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		return fmt.Errorf("since %s is not before until %s", q.Since.Format("2006-01-02T15:04:05Z07:00"), q.Until.Format("2006-01-02T15:04:05Z07:00"))
	}
	return nil
}
