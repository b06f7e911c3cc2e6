package analysis

import (
	"bytes"
	"slices"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// NATLegs says that a query's rows may count connections through a NAT
// gateway twice. A NAT gateway's interface logs each connection twice,
// once per leg: the private leg (instance to the NAT gateway's private
// address, the real destination in pkt-dstaddr: translated) and the
// public leg (the NAT gateway's address to the destination, untranslated;
// replies likewise). Flow logs do not mark the legs, so aclprobe counts
// every record and says when a grouping adds both legs up.
type NATLegs struct {
	// Private counts the matched records whose pkt-srcaddr or pkt-dstaddr
	// differs from srcaddr or dstaddr.
	Private int64 `json:"private"`
	// Public counts the matched untranslated records from or to an
	// address that the private legs show as the NAT gateway's (at least:
	// records read before a parser saw that address are not counted).
	Public int64 `json:"public"`
	// Addrs are the NAT gateways' private addresses: the dstaddr of
	// translated outbound records, what --nat-ip selects the private leg
	// with.
	Addrs []string `json:"addrs,omitempty"`
}

// legsShareRows reports whether the two legs of a NAT-ed connection can
// fall into one group of by: unless by has srcaddr or dstaddr (the legs
// differ in both), or a packet-level source and a packet-level
// destination (the legs differ in one of them, whichever the direction).
func legsShareRows(by []string) bool {
	has := func(names ...string) bool {
		return slices.ContainsFunc(names, func(n string) bool { return slices.Contains(by, n) })
	}
	if has("srcaddr", "dstaddr") {
		return false
	}
	return !has("pkt-srcaddr", flowlog.FieldSrcEndpoint) || !has("pkt-dstaddr", flowlog.FieldDstEndpoint)
}

// maxNATAddrs bounds the addresses a parser learns as NAT gateways'.
const maxNATAddrs = 64

// natLegs counts one parser's legs. The private leg of an outbound
// connection goes to the NAT gateway's address N (dstaddr, translated
// destination); its public leg comes from N (srcaddr). A reply's public
// leg goes to N (dstaddr) and its private leg comes from N (srcaddr,
// translated source).
type natLegs struct {
	private, public int64
	viaDst, viaSrc  [][]byte // N seen as dstaddr of outbound / srcaddr of reply private legs
}

// record counts one matched record of a format with pkt-* fields.
func (n *natLegs) record(r *lineRecord, f *flowlog.Layout) {
	src, dst := r.field(f.SrcAddr), r.field(f.DstAddr)
	dstT, srcT := differs(r.field(f.PktDst), dst), differs(r.field(f.PktSrc), src)
	switch {
	case dstT || srcT:
		n.private++
		if dstT {
			n.viaDst = learn(n.viaDst, dst)
		}
		if srcT {
			n.viaSrc = learn(n.viaSrc, src)
		}
	case holds(n.viaDst, src) || holds(n.viaSrc, dst):
		n.public++
	}
}

func (n *natLegs) merge(o *natLegs) {
	n.private += o.private
	n.public += o.public
	for _, a := range o.viaDst {
		n.viaDst = learn(n.viaDst, a)
	}
	for _, a := range o.viaSrc {
		n.viaSrc = learn(n.viaSrc, a)
	}
}

// result is the NATLegs of the query, or nil when no row can hold both
// legs of a connection.
func (n *natLegs) result() *NATLegs {
	if n.private == 0 || n.public == 0 {
		return nil
	}
	l := &NATLegs{Private: n.private, Public: n.public}
	for _, a := range n.viaDst {
		l.Addrs = append(l.Addrs, string(a))
	}
	slices.Sort(l.Addrs)
	return l
}

func differs(pkt, iface []byte) bool {
	return !isAbsent(pkt) && !isAbsent(iface) && !bytes.Equal(pkt, iface)
}

func holds(set [][]byte, a []byte) bool {
	for _, s := range set {
		if bytes.Equal(s, a) {
			return true
		}
	}
	return false
}

func learn(set [][]byte, a []byte) [][]byte {
	if len(set) >= maxNATAddrs || holds(set, a) {
		return set
	}
	return append(set, bytes.Clone(a))
}
