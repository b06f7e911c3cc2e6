// Package analysis is the flow log engine: it turns VPC Flow Logs into
// aggregates. It owns the model every engine shares (Query, Result, Row,
// Coverage), the local engine's pipeline (readers, parsers and group
// tables in parallel) and the hot path that parses, filters, groups and
// ranks records. What a source is (source), reading and recognising its
// content (input), the progress line (progress) and the record layout
// (flowlog) are packages this one imports, as are the temporary files of
// group tables over the memory budget (spill); input hands over whole
// chunks, so the record loop makes no call across a package boundary.
// S3 listing (s3src), output (render), labels (identify) and impact are
// packages of their own that import this one, never the other way round.
// It knows nothing about plans or ACLs.
package analysis

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// DefaultBy is the grouping of the NAT gateway investigation: who sent
// (pkt-srcaddr, srcaddr), through what (dstaddr, the NAT address), to
// whom (pkt-dstaddr), on which port, and the AWS service AWS recognised.
var DefaultBy = []string{"pkt-srcaddr", "srcaddr", "dstaddr", "pkt-dstaddr", "dstport", "pkt-dst-aws-service"}

// Absent is how an absent value ("-" in a record, or a field the format
// lacks) is printed and stored in Row.Keys.
const Absent = "-"

// Query selects records and says how to group and rank them. The zero
// value of each filter means "no filter". Both engines (local and Athena)
// take the same Query and must return the same Result for the same data.
type Query struct {
	SrcCIDRs   []netip.Prefix // srcaddr inside any of these
	DstCIDRs   []netip.Prefix // dstaddr inside any of these
	NATIPs     []netip.Addr   // dstaddr is one of these
	Actions    []string       // ACCEPT and/or REJECT
	Since      time.Time      // record end >= Since (zero: open)
	Until      time.Time      // record start < Until (zero: open)
	Interfaces []string       // interface-id is one of these

	// Block and Except select records for impact: a record matches when one
	// of its endpoints (pkt-srcaddr else srcaddr; pkt-dstaddr else dstaddr)
	// is inside a Block prefix and outside every Except prefix.
	Block  []netip.Prefix
	Except []netip.Prefix

	// By lists flow log field names, hyphenated; empty means DefaultBy.
	// Besides the flow log fields, two derived fields may be grouped on:
	// src-endpoint (pkt-srcaddr when present, else srcaddr) and
	// dst-endpoint (pkt-dstaddr when present, else dstaddr).
	By   []string
	Sort string // "flows" (default), "packets" or "bytes"
	Top  int    // 0 means all rows
}

// Row is one group: its key values (in Query.By order, Absent for absent
// values) and its metrics.
type Row struct {
	Keys    []string  `json:"-"`
	Flows   int64     `json:"flows"`
	Packets int64     `json:"packets"`
	Bytes   int64     `json:"bytes"`
	First   time.Time `json:"first"` // earliest record start in the group
	Last    time.Time `json:"last"`  // latest record end in the group

	// Service and ServiceSource are set by Identify (--identify): who is
	// behind the row's destination, and where that label came from.
	Service       string `json:"service,omitempty"`
	ServiceSource string `json:"service_source,omitempty"`

	// DNSNames are set by a query log join (--dns-logs): the names the
	// row's own sources resolved to its destination, most queries first.
	DNSNames []string `json:"dns_names,omitempty"`

	// NATUSDMonth is set by --cost: the NAT gateway data processing cost
	// of the row's bytes, scaled from the evidence span to 30 days.
	NATUSDMonth float64 `json:"nat_usd_month,omitempty"`
}

// WidenSpan returns the span first..last widened to take in f..l. A zero
// time is unknown: it never becomes the earliest start.
func WidenSpan(first, last, f, l time.Time) (time.Time, time.Time) {
	if !f.IsZero() && (first.IsZero() || f.Before(first)) {
		first = f
	}
	if l.After(last) {
		last = l
	}
	return first, last
}

// Span is how long the evidence behind a result of q lasts: the
// coverage's first record start to last record end, cut to q's Since and
// Until. Coverage spans every record read, but only records inside the
// window are counted, so a rate (bytes a month, flows a day) must use the
// cut span. 0 when unknown or empty.
func (c Coverage) Span(q Query) time.Duration {
	if c.First.IsZero() || c.Last.IsZero() {
		return 0
	}
	first, last := c.First, c.Last
	if !q.Since.IsZero() && q.Since.After(first) {
		first = q.Since
	}
	if !q.Until.IsZero() && q.Until.Before(last) {
		last = q.Until
	}
	return max(last.Sub(first), 0)
}

// Result is the ranked output of a Query.
type Result struct {
	By       []string // the group field names, as flow logs spell them
	Rows     []Row
	Coverage Coverage
	// Identified is true when rows carry Service labels (a service column
	// is printed).
	Identified bool
	// DNSJoined is true when rows carry DNSNames (a dns_names column is
	// printed).
	DNSJoined bool
	// Costed is true when rows carry NATUSDMonth (a nat_usd_month column
	// is printed).
	Costed bool
}

// Coverage says what evidence a Result rests on.
type Coverage struct {
	Files             int       `json:"files"`
	Records           int64     `json:"records"`   // data records read (not NODATA/SKIPDATA/malformed)
	Matched           int64     `json:"matched"`   // records that passed the filters
	NoData            int64     `json:"nodata"`    // NODATA records
	SkipData          int64     `json:"skipdata"`  // SKIPDATA records: records AWS lost
	Malformed         int64     `json:"malformed"` // lines skipped as malformed
	MalformedExamples []string  `json:"malformed_examples,omitempty"`
	First             time.Time `json:"first,omitempty"` // earliest record start
	Last              time.Time `json:"last,omitempty"`  // latest record end
	Interfaces        []string  `json:"interfaces,omitempty"`
	// FormatChanges counts header lines of another format inside a
	// source, which switch the format from there on; the examples name
	// the first ones (file:line: header).
	FormatChanges        int64    `json:"format_changes,omitempty"`
	FormatChangeExamples []string `json:"format_change_examples,omitempty"`
	// OddWindows counts records whose capture window ends before it
	// starts or spans more than an hour.
	OddWindows int64 `json:"odd_windows,omitempty"`
	// NATLegs is set when the matched records mix address-translated and
	// untranslated ones (a NAT gateway's private and public legs) and the
	// grouping can add both legs of a connection into one row.
	NATLegs *NATLegs `json:"nat_legs,omitempty"`
	// ControlMessages counts CloudWatch Logs control messages (the
	// health checks sent to every subscription destination): they carry
	// no records.
	ControlMessages int64 `json:"control_messages,omitempty"`
	// BadFiles names the sources that could not be read to their end
	// (truncated or corrupt compression, unreadable files), with why. The
	// records read from them before the error are counted.
	BadFiles []string `json:"bad_files,omitempty"`
	// ScannedBytes is what the Athena engine scanned (and billed); 0 for
	// the local engine.
	ScannedBytes int64 `json:"scanned_bytes,omitempty"`
}

// Engine runs a Query somewhere: on this machine (local files, S3) or in
// Athena. Implementations must honour ctx cancellation.
type Engine interface {
	// Aggregate runs q and returns its ranked rows with their coverage.
	Aggregate(ctx context.Context, q Query) (*Result, error)
}

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
