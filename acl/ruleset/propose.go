package ruleset

import (
	"cmp"
	"fmt"
	"math"
	"net/netip"
	"slices"

	"github.com/aclprobe/aclprobe/acl/change"
)

// Need is one observed connection a proposed rule set must allow: the
// direction of its first packet as the subnet sees it (egress: the subnet
// called out), the protocol, the remote address, the service port (the
// first packet's destination port) and the initiator's source port (where
// the replies go).
type Need struct {
	Direction  change.Direction
	Protocol   change.Protocol
	Remote     netip.Addr
	Port       int
	ClientPort int
}

// Ephemeral is where replies to a connection go unless observed lower:
// the ephemeral port range AWS recommends allowing in network ACLs.
var Ephemeral = change.PortRange{From: 1024, To: 65535}

// FirstRule and RuleStep number the proposed entries of each direction.
const (
	FirstRule = 100
	RuleStep  = 10
)

// Admission says how much one proposed entry admits beyond what was seen.
type Admission struct {
	Entry     change.Entry
	Return    bool    // the entry allows replies, not new connections
	Addresses float64 // addresses in the entry's CIDR
	Ports     int     // ports in its range (1 for protocols without ports)
	Observed  int     // distinct observed (address, port) pairs it covers
}

// Unobserved is how many (address, port) pairs the entry admits that no
// observed connection used.
func (a Admission) Unobserved() float64 { return a.Addresses*float64(a.Ports) - float64(a.Observed) }

// Proposal is the rule set Propose derived and what each entry admits.
type Proposal struct {
	Set        Set
	Admissions []Admission
}

// box is a rule under construction: a protocol, a prefix and a port
// range, and the observed pairs inside it.
type box struct {
	proto    change.Protocol
	prefix   netip.Prefix
	from, to int
	observed int
	minReply int // the lowest initiator source port seen, for the reply rule
}

func (b box) size() float64 {
	return math.Exp2(float64(b.prefix.Addr().BitLen()-b.prefix.Bits())) * float64(b.to-b.from+1)
}

func (b box) contains(o box) bool {
	return b.proto == o.proto && b.prefix.Bits() <= o.prefix.Bits() && b.prefix.Contains(o.prefix.Addr()) &&
		b.from <= o.from && o.to <= b.to
}

func (b box) key() string {
	return fmt.Sprintf("%s %s %05d-%05d", b.proto, b.prefix, b.from, b.to)
}

// Propose returns the smallest rule set of at most maxRules entries per
// direction that allows every need and its replies (network ACLs are
// stateless), aggregating addresses and ports only as far as maxRules
// forces. When needs start in both directions, each direction's own
// connections get half the budget and the other half carries the replies
// to the other direction's. Merging is greedy: the two entries of one
// protocol and address family whose union admits the fewest unobserved
// (address, port) pairs, ties broken by their text, so the result is
// deterministic.
func Propose(needs []Need, maxRules int) (*Proposal, error) {
	if maxRules < 1 {
		return nil, fmt.Errorf("propose: --max-rules %d: want at least 1", maxRules)
	}
	byDir := map[change.Direction][]box{}
	for _, d := range []change.Direction{change.Egress, change.Ingress} {
		byDir[d] = initialBoxes(needs, d)
	}
	budget := maxRules
	if len(byDir[change.Egress]) > 0 && len(byDir[change.Ingress]) > 0 {
		budget = maxRules / 2
		if budget == 0 {
			return nil, fmt.Errorf("propose: --max-rules %d: connections start in both directions, so each needs a rule and a reply rule: want at least 2", maxRules)
		}
	}
	p := &Proposal{}
	next := map[change.Direction]int{change.Egress: FirstRule, change.Ingress: FirstRule}
	for _, d := range []change.Direction{change.Egress, change.Ingress} {
		boxes, err := merge(byDir[d], budget)
		if err != nil {
			return nil, fmt.Errorf("propose: %s: %w", d, err)
		}
		for _, b := range boxes {
			p.add(b, d, false, next)
		}
		for _, b := range replyBoxes(boxes) {
			p.add(b, opposite(d), true, next)
		}
	}
	return p, nil
}

func opposite(d change.Direction) change.Direction {
	if d == change.Egress {
		return change.Ingress
	}
	return change.Egress
}

// add appends b as the next entry of direction d.
func (p *Proposal) add(b box, d change.Direction, reply bool, next map[change.Direction]int) {
	e := change.Entry{RuleNumber: next[d], Direction: d, Action: change.Allow, Protocol: b.proto, CIDR: b.prefix.String()}
	next[d] += RuleStep
	ports := 1
	if b.proto.HasPorts() {
		e.Ports = change.PortRange{From: b.from, To: b.to}
		ports = b.to - b.from + 1
	}
	p.Set.Entries = append(p.Set.Entries, e)
	p.Admissions = append(p.Admissions, Admission{Entry: e, Return: reply,
		Addresses: math.Exp2(float64(b.prefix.Addr().BitLen() - b.prefix.Bits())), Ports: ports, Observed: b.observed})
}

// initialBoxes is one box per distinct (protocol, address, port) of the
// needs that start in direction d, in a stable order.
func initialBoxes(needs []Need, d change.Direction) []box {
	seen := map[string]int{}
	var out []box
	for _, n := range needs {
		if n.Direction != d {
			continue
		}
		a := n.Remote.Unmap()
		port := n.Port
		if !n.Protocol.HasPorts() {
			port = 0
		}
		b := box{proto: n.Protocol, prefix: netip.PrefixFrom(a, a.BitLen()), from: port, to: port, observed: 1, minReply: n.ClientPort}
		if i, ok := seen[b.key()]; ok {
			out[i].minReply = min(out[i].minReply, n.ClientPort)
			continue
		}
		seen[b.key()] = len(out)
		out = append(out, b)
	}
	slices.SortFunc(out, compareBoxes)
	return out
}

func compareBoxes(a, b box) int {
	return cmp.Or(cmp.Compare(a.proto, b.proto), cmp.Compare(a.prefix.Addr().BitLen(), b.prefix.Addr().BitLen()),
		a.prefix.Addr().Compare(b.prefix.Addr()), cmp.Compare(a.prefix.Bits(), b.prefix.Bits()),
		cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to))
}

// replyBoxes are the entries that let the replies to boxes back in: the
// same protocol and CIDR, from the lowest initiator port seen (at most
// 1024) to 65535; one per CIDR, and none inside another.
func replyBoxes(boxes []box) []box {
	var out []box
	for _, b := range boxes {
		r := box{proto: b.proto, prefix: b.prefix, observed: b.observed}
		if b.proto.HasPorts() {
			r.from, r.to = min(Ephemeral.From, max(b.minReply, 0)), Ephemeral.To
		}
		merged := false
		for i := range out {
			if out[i].proto == r.proto && out[i].prefix == r.prefix {
				out[i].from, out[i].observed, merged = min(out[i].from, r.from), out[i].observed+r.observed, true
			}
		}
		if !merged {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, compareBoxes)
	return out
}
