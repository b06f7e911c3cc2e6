package ruleset

import (
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		entries int
		wantErr string
	}{
		{"propose json", `{"rules":[{"rule_number":100,"egress":true,"protocol":"6","cidr":"10.50.7.0/24","port_from":443,"port_to":443,"action":"allow"}]}`, 1, ""},
		{"protocol name and ipv6", `{"rules":[{"rule_number":100,"egress":false,"protocol":"icmpv6","cidr":"2600:1f18::/32","action":"allow"}]}`, 1, ""},
		{"describe answer", `{"NetworkAcls":[{"Entries":[{"RuleNumber":100,"Egress":true,"Protocol":"6","CidrBlock":"10.50.7.0/24","PortRange":{"From":443,"To":443},"RuleAction":"allow"}]}]}`, 1, ""},
		{"not json", `rules`, 0, "not a rule set"},
		{"neither form", `{"Entries":[]}`, 0, "not a rule set"},
		{"unknown field", `{"rules":[{"rule_number":100,"egress":true,"protocol":"-1","cidr":"0.0.0.0/0","action":"allow","ports":1}]}`, 0, "unknown field"},
		{"tcp without ports", `{"rules":[{"rule_number":100,"egress":true,"protocol":"tcp","cidr":"0.0.0.0/0","action":"allow"}]}`, 0, "needs port_from and port_to"},
		{"ports reversed", `{"rules":[{"rule_number":100,"egress":true,"protocol":"tcp","cidr":"0.0.0.0/0","port_from":443,"port_to":80,"action":"allow"}]}`, 0, "from <= to"},
		{"bad cidr", `{"rules":[{"rule_number":100,"egress":true,"protocol":"-1","cidr":"10.50.7.0/33","action":"allow"}]}`, 0, "cidr"},
		{"bad action", `{"rules":[{"rule_number":100,"egress":true,"protocol":"-1","cidr":"0.0.0.0/0","action":"permit"}]}`, 0, "want allow or deny"},
		{"rule number zero", `{"rules":[{"rule_number":0,"egress":true,"protocol":"-1","cidr":"0.0.0.0/0","action":"allow"}]}`, 0, "rule number 0"},
		{"rule number twice", `{"rules":[{"rule_number":100,"egress":true,"protocol":"-1","cidr":"0.0.0.0/0","action":"allow"},{"rule_number":100,"egress":true,"protocol":"-1","cidr":"::/0","action":"deny"}]}`, 0, "used twice in egress"},
		{"same number both directions", `{"rules":[{"rule_number":100,"egress":true,"protocol":"-1","cidr":"0.0.0.0/0","action":"allow"},{"rule_number":100,"egress":false,"protocol":"-1","cidr":"0.0.0.0/0","action":"allow"}]}`, 2, ""},
		{"two acls", `{"NetworkAcls":[{"Entries":[]},{"Entries":[]}]}`, 0, "holds 2 network ACLs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(strings.NewReader(tt.in))
			if testenv.WantErr(t, err, tt.wantErr) {
				return
			}
			if len(s.Entries) != tt.entries {
				t.Fatalf("got %d entries, want %d", len(s.Entries), tt.entries)
			}
		})
	}
}

// FuzzParse feeds arbitrary bytes to Parse: it must not panic, and every
// entry it accepts must pass check.
func FuzzParse(f *testing.F) {
	f.Add(`{"rules":[{"rule_number":100,"egress":true,"protocol":"6","cidr":"10.50.7.0/24","port_from":443,"port_to":443,"action":"allow"}]}`)
	f.Add(`{"NetworkAcls":[{"Entries":[{"RuleNumber":32767,"Egress":false,"Protocol":"-1","Ipv6CidrBlock":"::/0","RuleAction":"deny"}]}]}`)
	f.Add(`{"rules":null}`)
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Parse(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, e := range s.Entries {
			if cerr := check(e); cerr != nil {
				t.Fatalf("accepted an invalid entry %+v: %v", e, cerr)
			}
		}
	})
}
