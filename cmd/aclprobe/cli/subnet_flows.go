package cli

import (
	"context"
	"errors"
	"net/netip"
	"strconv"

	"github.com/aclprobe/aclprobe/acl/change"
	"github.com/aclprobe/aclprobe/acl/ruleset"
	"github.com/aclprobe/aclprobe/analysis"
)

// subnetFlowBy is the grouping propose and impact --rules read flows by:
// one row per connection leg, as the subnet's network ACL sees it.
var subnetFlowBy = []string{"srcaddr", "dstaddr", "srcport", "dstport", "protocol"}

// subnetFlow is one row of subnetFlowBy: a packet direction across the
// subnet's edge and its counts.
type subnetFlow struct {
	Row      analysis.Row
	Src, Dst netip.Addr
	SrcPort  int
	DstPort  int
	Protocol change.Protocol
	Outgoing bool // the source is inside the subnet, the destination outside
}

// Packet is what the subnet's network ACL evaluates for the flow.
func (f subnetFlow) Packet() ruleset.Packet {
	if f.Outgoing {
		return ruleset.Packet{Direction: change.Egress, Protocol: f.Protocol, Remote: f.Dst, Port: f.DstPort}
	}
	return ruleset.Packet{Direction: change.Ingress, Protocol: f.Protocol, Remote: f.Src, Port: f.DstPort}
}

// Need is the connection the flow belongs to: the side with the lower
// port (or, for protocols without ports, the sender of an outgoing
// packet) is the service, the other the initiator.
func (f subnetFlow) Need() ruleset.Need {
	hasPorts := f.Protocol.HasPorts()
	if f.Outgoing {
		if !hasPorts || f.DstPort <= f.SrcPort { // we call out; or reply to a call in
			return ruleset.Need{Direction: change.Egress, Protocol: f.Protocol, Remote: f.Dst, Port: f.DstPort, ClientPort: f.SrcPort}
		}
		return ruleset.Need{Direction: change.Ingress, Protocol: f.Protocol, Remote: f.Dst, Port: f.SrcPort, ClientPort: f.DstPort}
	}
	if hasPorts && f.SrcPort < f.DstPort { // a reply to our call
		return ruleset.Need{Direction: change.Egress, Protocol: f.Protocol, Remote: f.Src, Port: f.SrcPort, ClientPort: f.DstPort}
	}
	return ruleset.Need{Direction: change.Ingress, Protocol: f.Protocol, Remote: f.Src, Port: f.DstPort, ClientPort: f.SrcPort}
}

// subnetFlowStats counts the rows that do not cross the subnet's edge.
type subnetFlowStats struct {
	Inside, Outside, Unusable int64 // flows (records)
}

// readSubnetFlows validates the flags and aggregates the flows of the
// subnets (both directions: --src-cidr names the subnets here, it is not
// a filter; only ACCEPT records unless --action says otherwise) and
// returns those that cross their edge.
func readSubnetFlows(ctx context.Context, o *analysisOptions, d *flowLogDeps) ([]subnetFlow, subnetFlowStats, *analysis.Result, error) {
	q, err := o.query()
	if err != nil {
		return nil, subnetFlowStats{}, nil, err
	}
	subnets, actions := q.SrcCIDRs, []string{"ACCEPT"}
	res, _, err := o.aggregate(ctx, d, func(q analysis.Query) analysis.Query {
		q.SrcCIDRs, q.By, q.Top, q.Sort = nil, subnetFlowBy, 0, "flows"
		if len(q.Actions) == 0 {
			q.Actions = actions
		}
		return q
	}, false)
	if err != nil {
		return nil, subnetFlowStats{}, nil, err
	}
	in := func(a netip.Addr) bool {
		for _, p := range subnets {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	var flows []subnetFlow
	var st subnetFlowStats
	for _, r := range res.Rows {
		f, ok := parseSubnetFlow(r)
		switch {
		case !ok:
			st.Unusable += r.Flows
		case in(f.Src) && in(f.Dst):
			st.Inside += r.Flows
		case !in(f.Src) && !in(f.Dst):
			st.Outside += r.Flows
		default:
			f.Outgoing = in(f.Src)
			flows = append(flows, f)
		}
	}
	return flows, st, res, nil
}

// parseSubnetFlow reads a row of subnetFlowBy; ok is false when an
// address or the protocol is absent.
func parseSubnetFlow(r analysis.Row) (subnetFlow, bool) {
	f := subnetFlow{Row: r}
	var err1, err2 error
	f.Src, err1 = netip.ParseAddr(r.Keys[0])
	f.Dst, err2 = netip.ParseAddr(r.Keys[1])
	if errors.Join(err1, err2) != nil || r.Keys[4] == analysis.Absent {
		return f, false
	}
	f.Src, f.Dst = f.Src.Unmap(), f.Dst.Unmap()
	f.SrcPort, _ = strconv.Atoi(r.Keys[2]) // "-" (icmp): 0
	f.DstPort, _ = strconv.Atoi(r.Keys[3])
	f.Protocol = change.Protocol(r.Keys[4])
	return f, true
}
