package dnslog

import (
	"encoding/json"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

// fullEntry has every value AWS documents for a resolver query log entry.
const fullEntry = `{"version":"1.100000","account_id":"111122223333","region":"eu-west-1","vpc_id":"vpc-0a1b2c3d4e5f60718",` +
	`"query_timestamp":"2025-12-04T09:30:00Z","query_name":"Kinesis.eu-west-1.amazonaws.com.","query_type":"A","query_class":"IN",` +
	`"rcode":"NOERROR","answers":[{"Rdata":"52.94.216.17","Type":"A","Class":"IN"}],"srcaddr":"10.20.10.11","srcport":"46606",` +
	`"transport":"UDP","srcids":{"instance":"i-0123456789abcdef0"},"firewall_rule_action":"ALERT",` +
	`"firewall_rule_group_id":"rslvr-frg-0123456789abcdef","firewall_domain_list_id":"rslvr-fdl-0123456789abcdef"}`

func TestParse(t *testing.T) {
	at := time.Date(2025, 12, 4, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name    string
		line    string
		want    *Query
		addrs   []string
		cnames  []string
		wantErr string
		// json is what MarshalJSON writes of the entry, when set: AWS's
		// order, the name with its trailing dot, srcport as a string, []
		// for no answers, srcids and DNS Firewall values only when set.
		json string
	}{
		{
			name: "every documented field",
			line: fullEntry,
			want: &Query{
				Version: "1.100000", AccountID: "111122223333", Region: "eu-west-1", VPCID: "vpc-0a1b2c3d4e5f60718",
				Time: at, Name: "kinesis.eu-west-1.amazonaws.com", Type: "A", Class: "IN", RCode: "NOERROR",
				Answers: []Answer{{Data: "52.94.216.17", Type: "A", Class: "IN"}},
				SrcAddr: netip.MustParseAddr("10.20.10.11"), SrcPort: 46606, Transport: "UDP",
				SrcInstance: "i-0123456789abcdef0", FirewallRuleAction: "ALERT",
				FirewallRuleGroupID: "rslvr-frg-0123456789abcdef", FirewallDomainListID: "rslvr-fdl-0123456789abcdef",
			},
			json:  strings.Replace(fullEntry, "Kinesis", "kinesis", 1),
			addrs: []string{"52.94.216.17"},
		},
		{
			name: "cname chain: the addresses belong to the name asked",
			line: `{"query_timestamp":"2025-12-04T09:30:00.250Z","query_name":"http-intake.logs.datadoghq.com.","query_type":"A","rcode":"NOERROR",` +
				`"answers":[{"Rdata":"alb-logs-http-shard0.us1.datadoghq.com.","Type":"CNAME","Class":"IN"},{"Rdata":"shard0.elb.example.","Type":"CNAME","Class":"IN"},` +
				`{"Rdata":"107.21.15.22","Type":"A","Class":"IN"},{"Rdata":"107.20.16.111","Type":"A","Class":"IN"}],"srcaddr":"10.20.10.12","srcport":53000,"srcids":{"resolver_endpoint":"rslvr-in-1"}}`,
			addrs:  []string{"107.21.15.22", "107.20.16.111"},
			cnames: []string{"alb-logs-http-shard0.us1.datadoghq.com", "shard0.elb.example"},
		},
		{
			name:  "aaaa answer",
			line:  `{"query_timestamp":"2025-12-04T09:30:00Z","query_name":"dualstack.example.com.","query_type":"AAAA","rcode":"NOERROR","answers":[{"Rdata":"2001:db8::7","Type":"AAAA","Class":"IN"}],"srcaddr":"2001:db8:1::5"}`,
			addrs: []string{"2001:db8::7"},
		},
		{
			name: "nxdomain has no addresses",
			line: `{"query_timestamp":"2025-12-04T09:30:00Z","query_name":"nope.example.com.","query_type":"A","rcode":"NXDOMAIN","answers":[],"srcaddr":"10.20.10.11"}`,
		},
		{
			name: "empty answers (NODATA)",
			line: `{"query_timestamp":"2025-12-04T09:30:00Z","query_name":"v4only.example.com.","query_type":"AAAA","rcode":"NOERROR","answers":[],"srcaddr":"10.20.10.11"}`,
		},
		{
			name: "answers absent, other record types ignored",
			line: `{"query_timestamp":"2025-12-04T09:30:00Z","query_name":"example.com.","query_type":"TXT","rcode":"NOERROR","srcaddr":"10.20.10.11"}`,
		},
		{
			name: "NXDOMAIN from a resolver endpoint, srcport a number",
			line: `{"query_timestamp":"2025-12-04T09:30:00.5Z","query_name":"a.example","srcaddr":"::ffff:10.0.0.1","srcport":53,"srcids":{"resolver_endpoint":"rslvr-in-1"},"rcode":"NXDOMAIN"}`,
			json: `{"version":"","account_id":"","region":"","vpc_id":"","query_timestamp":"2025-12-04T09:30:00.5Z","query_name":"a.example.",` +
				`"query_type":"","query_class":"","rcode":"NXDOMAIN","answers":[],"srcaddr":"10.0.0.1","srcport":"53","transport":"",` +
				`"srcids":{"resolver_endpoint":"rslvr-in-1"}}`,
		},
		{name: "not json", line: `query kinesis 10.20.10.11`, wantErr: "invalid character"},
		{name: "bad timestamp", line: `{"query_timestamp":"04/12/2025","query_name":"a.example.","srcaddr":"10.0.0.1"}`, wantErr: "query_timestamp"},
		{name: "bad srcaddr", line: `{"query_timestamp":"2025-12-04T09:30:00Z","query_name":"a.example.","srcaddr":"ten"}`, wantErr: "srcaddr"},
		{name: "no query_name", line: `{"query_timestamp":"2025-12-04T09:30:00Z","srcaddr":"10.0.0.1"}`, wantErr: "no query_name"},
		{name: "bad srcport", line: `{"query_timestamp":"2025-12-04T09:30:00Z","query_name":"a.example.","srcaddr":"10.0.0.1","srcport":"http"}`, wantErr: "srcport"},
		{name: "not a query", line: `{"hello":"world"}`, wantErr: errNotQuery.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Parse([]byte(tt.line))
			if testenv.WantErr(t, err, tt.wantErr) {
				return
			}
			if tt.want != nil && !reflect.DeepEqual(q, tt.want) {
				t.Errorf("Parse:\n got %+v\nwant %+v", q, tt.want)
			}
			var got []string
			for _, a := range q.Addresses() {
				got = append(got, a.String())
			}
			if !reflect.DeepEqual(got, tt.addrs) {
				t.Errorf("Addresses = %v, want %v", got, tt.addrs)
			}
			if !reflect.DeepEqual(q.CNAMEs(), tt.cnames) {
				t.Errorf("CNAMEs = %v, want %v", q.CNAMEs(), tt.cnames)
			}
			if strings.HasSuffix(q.Name, ".") {
				t.Errorf("Name %q keeps its trailing dot", q.Name)
			}
			if tt.json != "" {
				if b, err := json.Marshal(q); err != nil || string(b) != tt.json {
					t.Errorf("MarshalJSON = %s, %v\nwant %s", b, err, tt.json)
				}
			}
			roundTrip(t, q)
		})
	}
}

// roundTrip checks that Parse reads back what MarshalJSON writes of q.
func roundTrip(t *testing.T, q *Query) {
	t.Helper()
	b, err := json.Marshal(q)
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	back, err := Parse(b)
	if err != nil {
		t.Fatalf("Parse of MarshalJSON's %s: %v", b, err)
	}
	if !reflect.DeepEqual(back, q) {
		t.Fatalf("Parse of MarshalJSON's %s:\n got %+v\nwant %+v", b, back, q)
	}
}
