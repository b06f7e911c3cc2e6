package dnslog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Query is one Route 53 Resolver query log entry, as AWS documents its
// values ("Values that appear in VPC Resolver query logs", version 1.1).
type Query struct {
	Version   string
	AccountID string
	Region    string
	VPCID     string
	Time      time.Time // query_timestamp, UTC
	// Name is query_name in lower case, without the trailing dot.
	Name  string
	Type  string // query_type: A, AAAA, CNAME, ...
	Class string // query_class: IN
	RCode string // NOERROR, NXDOMAIN, SERVFAIL, ...
	// Answers are the records of the response, in order: for a name that
	// is an alias, its CNAME chain and then the addresses.
	Answers   []Answer
	SrcAddr   netip.Addr // the client that asked
	SrcPort   int
	Transport string // UDP or TCP
	// SrcInstance or SrcResolverEndpoint says where the query came from
	// (srcids.instance, srcids.resolver_endpoint).
	SrcInstance         string
	SrcResolverEndpoint string
	// The DNS Firewall fields, present when a rule matched.
	FirewallRuleAction   string
	FirewallRuleGroupID  string
	FirewallDomainListID string
}

// Answer is one record of a response.
type Answer struct {
	Data  string // Rdata: an address for A/AAAA, a name for CNAME
	Type  string
	Class string
}

// Addresses returns the A and AAAA addresses of q's answers: every
// address the name asked for resolved to, through any CNAME chain in the
// same response (the chain's names are not what the client asked for, so
// they are not returned as names anywhere). NXDOMAIN and empty answers
// return nothing.
func (q *Query) Addresses() []netip.Addr {
	var out []netip.Addr
	for _, a := range q.Answers {
		if a.Type != "A" && a.Type != "AAAA" {
			continue
		}
		if addr, err := netip.ParseAddr(strings.TrimSpace(a.Data)); err == nil {
			out = append(out, addr.Unmap())
		}
	}
	return out
}

// CNAMEs returns the CNAME targets of q's answers, without trailing dots.
func (q *Query) CNAMEs() []string {
	var out []string
	for _, a := range q.Answers {
		if a.Type == "CNAME" {
			out = append(out, NormalizeName(a.Data))
		}
	}
	return out
}

// NormalizeName lowers name and drops its trailing dot.
func NormalizeName(name string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
}

// rawQuery is the JSON shape of a query log entry.
type rawQuery struct {
	Version    string     `json:"version"`
	AccountID  string     `json:"account_id"`
	Region     string     `json:"region"`
	VPCID      string     `json:"vpc_id"`
	Timestamp  string     `json:"query_timestamp"`
	Name       string     `json:"query_name"`
	Type       string     `json:"query_type"`
	Class      string     `json:"query_class"`
	RCode      string     `json:"rcode"`
	Answers    []rawAns   `json:"answers"`
	SrcAddr    string     `json:"srcaddr"`
	SrcPort    flexNumber `json:"srcport"`
	Transport  string     `json:"transport"`
	SrcIDs     rawSrcIDs  `json:"srcids"`
	FwAction   string     `json:"firewall_rule_action,omitempty"`
	FwGroupID  string     `json:"firewall_rule_group_id,omitempty"`
	FwDomainID string     `json:"firewall_domain_list_id,omitempty"`
}

type rawAns struct {
	Rdata string `json:"Rdata"`
	Type  string `json:"Type"`
	Class string `json:"Class"`
}

type rawSrcIDs struct {
	Instance         string `json:"instance,omitempty"`
	ResolverEndpoint string `json:"resolver_endpoint,omitempty"`
}

// flexNumber is srcport, which AWS writes as a string ("46606"); a number
// is accepted too.
type flexNumber int

// MarshalJSON writes the port as AWS does, as a string.
func (n flexNumber) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(strconv.Itoa(int(n)))), nil
}

func (n *flexNumber) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(b, `"`))
	if s == "" || s == "null" {
		return nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 || v > 65535 {
		return fmt.Errorf("srcport %s: want a port number", b)
	}
	*n = flexNumber(v)
	return nil
}

// errNotQuery says a JSON object has none of a query log entry's
// required values (a wrapper, or something else).
var errNotQuery = errors.New("not a resolver query log entry")

// Parse decodes one query log entry (a JSON object). query_timestamp,
// query_name and srcaddr are required; every other value is optional.
func Parse(b []byte) (*Query, error) {
	var r rawQuery
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	if r.Timestamp == "" && r.Name == "" && r.SrcAddr == "" {
		return nil, errNotQuery
	}
	q := &Query{
		Version: r.Version, AccountID: r.AccountID, Region: r.Region, VPCID: r.VPCID,
		Name: NormalizeName(r.Name), Type: r.Type, Class: r.Class, RCode: r.RCode,
		SrcPort: int(r.SrcPort), Transport: r.Transport,
		SrcInstance: r.SrcIDs.Instance, SrcResolverEndpoint: r.SrcIDs.ResolverEndpoint,
		FirewallRuleAction: r.FwAction, FirewallRuleGroupID: r.FwGroupID, FirewallDomainListID: r.FwDomainID,
	}
	var errs []error
	t, err := time.Parse(time.RFC3339Nano, r.Timestamp)
	if err != nil {
		errs = append(errs, fmt.Errorf("query_timestamp %q: want ISO 8601 UTC, e.g. 2025-12-04T09:30:00Z", r.Timestamp))
	}
	q.Time = t.UTC()
	if q.Name == "" {
		errs = append(errs, errors.New("no query_name"))
	}
	if q.SrcAddr, err = netip.ParseAddr(r.SrcAddr); err != nil {
		errs = append(errs, fmt.Errorf("srcaddr %q: want an IP address", r.SrcAddr))
	}
	q.SrcAddr = q.SrcAddr.Unmap()
	for _, a := range r.Answers {
		q.Answers = append(q.Answers, Answer{Data: a.Rdata, Type: strings.ToUpper(a.Type), Class: a.Class})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return q, nil
}

// MarshalJSON writes q as AWS writes a query log entry, values in AWS's
// order: query_name with its trailing dot, srcport as a string, answers
// as [] when there are none, and the srcids and DNS Firewall values only
// when set. Parse reads back q. A time outside the years 0-9999 is an
// error, as for time.Time.
func (q *Query) MarshalJSON() ([]byte, error) {
	if y := q.Time.UTC().Year(); y < 0 || y > 9999 {
		return nil, fmt.Errorf("query_timestamp %v: year outside 0-9999", q.Time)
	}
	r := rawQuery{
		Version: q.Version, AccountID: q.AccountID, Region: q.Region, VPCID: q.VPCID,
		Timestamp: q.Time.UTC().Format(time.RFC3339Nano), Name: q.Name + ".", Type: q.Type, Class: q.Class, RCode: q.RCode,
		Answers: make([]rawAns, 0, len(q.Answers)), SrcAddr: q.SrcAddr.String(), SrcPort: flexNumber(q.SrcPort), Transport: q.Transport,
		SrcIDs:   rawSrcIDs{Instance: q.SrcInstance, ResolverEndpoint: q.SrcResolverEndpoint},
		FwAction: q.FirewallRuleAction, FwGroupID: q.FirewallRuleGroupID, FwDomainID: q.FirewallDomainListID,
	}
	for _, a := range q.Answers {
		r.Answers = append(r.Answers, rawAns{Rdata: a.Data, Type: a.Type, Class: a.Class})
	}
	return json.Marshal(r)
}
