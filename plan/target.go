package plan

import "strings"

// Members are the CIDRs the target denies together: its cidrs, or its one
// cidr.
func (t Target) Members() []string {
	if len(t.CIDRs) > 0 {
		return t.CIDRs
	}
	if t.CIDR == "" {
		return nil
	}
	return []string{t.CIDR}
}

// IsService reports whether the target is a set of CIDRs (cidrs:).
func (t Target) IsService() bool { return len(t.CIDRs) > 0 }

// MembersText is the target's CIDRs for humans: "203.0.113.7/32", or
// "52.94.0.1/32 + 52.94.0.2/32" for a service target.
func (t Target) MembersText() string {
	m := t.Members()
	if len(m) == 1 && !t.IsService() {
		return m[0]
	}
	return strings.Join(m, " + ")
}
