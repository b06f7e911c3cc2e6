package run

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"sort"
	"strings"

	"github.com/aclprobe/aclprobe/plan"
)

// endpointAddrs resolves the endpoints' hosts to addresses.
func endpointAddrs(ctx context.Context, r Resolver, endpoints []string) (map[netip.Addr]string, error) {
	addrs := map[netip.Addr]string{}
	for _, ep := range endpoints {
		host := ep
		if strings.Contains(ep, "://") {
			u, err := url.Parse(ep)
			if err != nil {
				return nil, fmt.Errorf("endpoint %q: %w", ep, err)
			}
			host = u.Hostname()
		}
		if a, err := netip.ParseAddr(host); err == nil {
			addrs[a.Unmap()] = ep
			continue
		}
		got, err := r.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return nil, fmt.Errorf("resolve endpoint %s: %w", host, err)
		}
		for _, a := range got {
			addrs[a.Unmap()] = ep
		}
	}
	return addrs, nil
}

// lockoutCheck refuses targets that cover an address aclprobe itself
// needs to reach AWS (and so to undo its change).
func lockoutCheck(ctx context.Context, d Deps, p *plan.Plan) plan.Check {
	c := plan.Check{Name: "self-lockout: targets miss the AWS endpoints in use"}
	if len(d.Endpoints) == 0 {
		c.Detail = "no endpoints known: cannot prove that no target cuts aclprobe off from AWS"
		return c
	}
	addrs, err := endpointAddrs(ctx, d.resolver(), d.Endpoints)
	if err != nil {
		c.Detail = err.Error()
		return c
	}
	var hits []string
	for _, t := range p.Targets {
		for _, c := range t.Members() {
			pfx, err := netip.ParsePrefix(c)
			if err != nil {
				hits = append(hits, fmt.Sprintf("%s: %v", c, err))
				continue
			}
			for a, ep := range addrs {
				if pfx.Contains(a) {
					hits = append(hits, fmt.Sprintf("%s covers %s (%s)", c, a, ep))
				}
			}
		}
	}
	sort.Strings(hits)
	if len(hits) > 0 {
		c.Detail = "refused: " + strings.Join(hits, "; ")
		return c
	}
	list := make([]string, 0, len(addrs))
	for a := range addrs {
		list = append(list, a.String())
	}
	sort.Strings(list)
	c.OK, c.Detail = true, fmt.Sprintf("%d endpoint address(es) checked: %s", len(list), strings.Join(list, ", "))
	return c
}
