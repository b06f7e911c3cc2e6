package analysis

import (
	"bytes"
	"time"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// matcher is a Query compiled for byte-level matching: prefix sets,
// action and interface lists, times as Unix seconds.
type matcher struct {
	src, dst, nat *prefixSet
	block, except *prefixSet
	actions       [][]byte
	ifaces        [][]byte
	since, until  int64 // Unix seconds: end >= since, start < until
	hasSince      bool
	hasUntil      bool
	by            []string
	// legs: the grouping can add up both legs of a NAT-ed connection, so
	// matched records are counted as translated or not (see NATLegs).
	legs bool
}

func newMatcher(q Query) *matcher {
	m := &matcher{
		src: newPrefixSet(q.SrcCIDRs), dst: newPrefixSet(q.DstCIDRs),
		block: newPrefixSet(q.Block), except: newPrefixSet(q.Except),
		by: q.By,
	}
	if len(m.by) == 0 {
		m.by = DefaultBy
	}
	m.legs = legsShareRows(m.by)
	if len(q.NATIPs) > 0 {
		m.nat = newPrefixSet(addrsAsPrefixes(q.NATIPs))
	}
	for _, a := range q.Actions {
		m.actions = append(m.actions, []byte(a))
	}
	for _, i := range q.Interfaces {
		m.ifaces = append(m.ifaces, []byte(i))
	}
	if !q.Since.IsZero() {
		m.hasSince, m.since = true, ceilUnix(q.Since)
	}
	if !q.Until.IsZero() {
		m.hasUntil, m.until = true, ceilUnix(q.Until)
	}
	return m
}

// ceilUnix is t in Unix seconds, rounded up: record times are whole
// seconds, so end >= ceil(t) is end >= t and start < ceil(t) is start < t.
func ceilUnix(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// match reports whether the record passes every filter. Cheap, selective
// tests run first: addresses, then action, interface and time.
func (m *matcher) match(f *flowlog.Layout, r *lineRecord, start, end int64) bool {
	if m.nat != nil && !m.nat.contains(r.field(f.DstAddr)) {
		return false
	}
	if m.src != nil && !m.src.contains(r.field(f.SrcAddr)) {
		return false
	}
	if m.dst != nil && !m.dst.contains(r.field(f.DstAddr)) {
		return false
	}
	if m.actions != nil && !oneOf(r.field(f.Action), m.actions) {
		return false
	}
	if m.ifaces != nil && !oneOf(r.field(f.Iface), m.ifaces) {
		return false
	}
	if m.hasSince && (end < 0 || end < m.since) {
		return false
	}
	if m.hasUntil && (start < 0 || start >= m.until) {
		return false
	}
	if m.block != nil {
		return m.blocked(endpoint(r, f.PktSrc, f.SrcAddr)) || m.blocked(endpoint(r, f.PktDst, f.DstAddr))
	}
	return true
}

// blocked reports whether an address is inside Block and outside Except.
func (m *matcher) blocked(addr []byte) bool {
	return m.block.contains(addr) && (m.except == nil || !m.except.contains(addr))
}

// endpoint returns the packet-level address (pkt-*) when the record has
// one, else the interface-level address.
func endpoint(r *lineRecord, pkt, iface int) []byte {
	if v := r.field(pkt); !isAbsent(v) {
		return v
	}
	return r.field(iface)
}

func oneOf(v []byte, set [][]byte) bool {
	for _, s := range set {
		if bytes.Equal(v, s) {
			return true
		}
	}
	return false
}

// groupSpec says where one group field's value comes from in a Format:
// field primary, or when that is absent field fallback (the derived
// endpoints); -1 means the format lacks it.
type groupSpec struct{ primary, fallback int }

// groupSpecs resolves the group fields against a Format.
func groupSpecs(f *flowlog.Layout, by []string) []groupSpec {
	specs := make([]groupSpec, len(by))
	for i, name := range by {
		switch name {
		case flowlog.FieldSrcEndpoint:
			specs[i] = groupSpec{f.PktSrc, f.SrcAddr}
		case flowlog.FieldDstEndpoint:
			specs[i] = groupSpec{f.PktDst, f.DstAddr}
		default:
			specs[i] = groupSpec{f.Index(name), -1}
		}
	}
	return specs
}
