package ruleset

import (
	"bytes"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/internal/testenv"

	"github.com/aclprobe/aclprobe/acl/change"
	"github.com/aclprobe/aclprobe/internal/golden"
)

func need(d change.Direction, p change.Protocol, remote string, port, client int) Need {
	return Need{Direction: d, Protocol: p, Remote: netip.MustParseAddr(remote), Port: port, ClientPort: client}
}

// allows checks that set allows every need and its replies.
func allows(t *testing.T, set Set, needs []Need) {
	t.Helper()
	for _, n := range needs {
		if v := set.Evaluate(Packet{Direction: n.Direction, Protocol: n.Protocol, Remote: n.Remote, Port: n.Port}); !v.Allowed {
			t.Errorf("%+v is denied (%s)", n, v.RuleText())
		}
		reply := Packet{Direction: opposite(n.Direction), Protocol: n.Protocol, Remote: n.Remote, Port: n.ClientPort}
		if v := set.Evaluate(reply); !v.Allowed {
			t.Errorf("the reply to %+v is denied (%s)", n, v.RuleText())
		}
	}
}

func perDirection(set Set) map[change.Direction]int {
	n := map[change.Direction]int{}
	for _, e := range set.Entries {
		n[e.Direction]++
	}
	return n
}

func TestPropose(t *testing.T) {
	eg, in := change.Egress, change.Ingress
	// The payment path: calls to the provider's /24 on 443 (three hosts),
	// DNS to one resolver.
	payment := []Need{
		need(eg, change.TCP, "10.50.7.10", 443, 40001),
		need(eg, change.TCP, "10.50.7.11", 443, 40002),
		need(eg, change.TCP, "10.50.7.200", 443, 40003),
		need(eg, change.TCP, "10.50.7.10", 443, 40004), // the same service again
	}
	many := make([]Need, 0, 40)
	for i := range 40 {
		many = append(many, need(eg, change.TCP, fmt.Sprintf("198.51.100.%d", i*5), 443, 50000+i))
	}
	tests := []struct {
		name      string
		needs     []Need
		max       int
		wantCIDRs []string // the egress request entries, in order
		wantErr   string
	}{
		{"room for every address: nothing aggregated", payment, 5,
			[]string{"10.50.7.10/32", "10.50.7.11/32", "10.50.7.200/32"}, ""},
		{"two rules: the two neighbours merge first", payment, 2,
			[]string{"10.50.7.10/31", "10.50.7.200/32"}, ""},
		{"one rule: the /24 of the payment story", payment, 1, []string{"10.50.7.0/24"}, ""},
		{"forty addresses into four rules", many, 4, nil, ""},
		{"protocols cannot merge", []Need{need(eg, change.TCP, "10.0.0.1", 443, 40000), need(eg, change.UDP, "10.0.0.1", 53, 40000)}, 1,
			nil, "needs at least 2"},
		{"both directions need two rules at least", []Need{need(eg, change.TCP, "10.0.0.1", 443, 40000), need(in, change.TCP, "10.0.0.2", 22, 50000)}, 1,
			nil, "want at least 2"},
		{"zero rules", payment, 0, nil, "want at least 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Propose(tc.needs, tc.max)
			if testenv.WantErr(t, err, tc.wantErr) {
				return
			}
			allows(t, p.Set, tc.needs)
			for d, n := range perDirection(p.Set) {
				if n > tc.max {
					t.Errorf("%d %s rules, want at most %d", n, d, tc.max)
				}
			}
			if tc.wantCIDRs != nil {
				var got []string
				for _, a := range p.Admissions {
					if !a.Return {
						got = append(got, a.Entry.CIDR)
					}
				}
				if strings.Join(got, " ") != strings.Join(tc.wantCIDRs, " ") {
					t.Errorf("request entries %v, want %v", got, tc.wantCIDRs)
				}
			}
			// Deterministic: the same needs in reverse order give the same set.
			rev := make([]Need, len(tc.needs))
			for i, n := range tc.needs {
				rev[len(rev)-1-i] = n
			}
			q, err := Propose(rev, tc.max)
			if err != nil {
				t.Fatal(err)
			}
			var a, b bytes.Buffer
			_ = Write(&a, p.Set, "json", "")
			_ = Write(&b, q.Set, "json", "")
			if a.String() != b.String() {
				t.Errorf("the order of the needs changed the result:\n%s\n%s", a.String(), b.String())
			}
		})
	}
}

func TestProposeReplies(t *testing.T) {
	eg, in := change.Egress, change.Ingress
	needs := []Need{
		need(eg, change.TCP, "10.50.7.10", 443, 40001),
		need(eg, change.TCP, "10.50.7.11", 443, 800), // a client on a low source port
		need(eg, change.ICMP, "10.50.7.1", 0, 0),
		need(in, change.TCP, "2001:db8::7", 22, 51000), // an admin host over IPv6
	}
	p, err := Propose(needs, 4)
	if err != nil {
		t.Fatal(err)
	}
	allows(t, p.Set, needs)
	var b bytes.Buffer
	for _, a := range p.Admissions {
		fmt.Fprintf(&b, "%s reply=%t addresses=%g ports=%d observed=%d unobserved=%g\n",
			a.Entry.Preview(), a.Return, a.Addresses, a.Ports, a.Observed, a.Unobserved())
	}
	golden.Check(t, "propose/replies.txt", b.Bytes())
	// A packet nobody sent stays denied.
	if v := p.Set.Evaluate(Packet{Direction: eg, Protocol: change.TCP, Remote: netip.MustParseAddr("192.0.2.1"), Port: 443}); v.Allowed {
		t.Errorf("an unobserved destination is allowed by %s", v.RuleText())
	}
}

func TestWriteFormats(t *testing.T) {
	eg := change.Egress
	p, err := Propose([]Need{
		need(eg, change.TCP, "10.50.7.10", 443, 40001),
		need(eg, change.TCP, "10.50.7.200", 443, 40002),
		need(eg, change.UDP, "10.50.0.2", 53, 40003),
		need(eg, change.ICMP, "10.50.7.1", 0, 0),
		need(eg, change.TCP, "2001:db8::10", 443, 40004),
	}, 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Formats {
		t.Run(f, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, p.Set, f, "acl-0a1b2c3d4e5f60718"); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "propose/payment."+f, b.Bytes())
			if f == "json" { // what propose writes, impact --rules reads back
				back, err := Parse(&b)
				if err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(back.Entries) != fmt.Sprint(p.Set.Entries) {
					t.Errorf("round trip:\n%v\n%v", back.Entries, p.Set.Entries)
				}
			}
		})
	}
	if err := Write(&bytes.Buffer{}, p.Set, "yaml", ""); err == nil {
		t.Error("format yaml: want an error")
	}
}
