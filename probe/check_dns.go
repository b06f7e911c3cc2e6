package probe

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"
)

// dnsCheck resolves a name, through the system resolver or a given
// server, and optionally checks that every address is inside given CIDRs.
type dnsCheck struct {
	name     string
	server   string // host:port; empty: the system resolver
	cidrs    []netip.Prefix
	timeout  time.Duration
	resolver *net.Resolver
}

// newResolver returns the system resolver, or one that sends every query
// to server (UDP, with TCP for truncated answers, as the Go resolver does).
func newResolver(server string) *net.Resolver {
	if server == "" {
		return net.DefaultResolver
	}
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, server)
		},
	}
}

func (c *dnsCheck) check(ctx context.Context) outcome {
	start := time.Now()
	addrs, err := c.resolver.LookupNetIP(ctx, c.network(), c.name)
	latency := time.Since(start)
	if err != nil {
		return failed(latency, "resolve %s: %s", c.name, describeErr(ctx, c.timeout, err))
	}
	got := make([]string, len(addrs))
	var outside []string
	for i, a := range addrs {
		a = a.Unmap()
		got[i] = a.String()
		if len(c.cidrs) > 0 && !c.inside(a) {
			outside = append(outside, a.String())
		}
	}
	detail := "resolved to " + strings.Join(got, ", ")
	if len(addrs) == 0 {
		return failed(latency, "resolve %s: no addresses", c.name)
	}
	if len(outside) > 0 {
		return outcome{latency: latency, detail: detail, err: fmt.Sprintf("%s: %s outside %s",
			detail, strings.Join(outside, ", "), c.cidrList())}
	}
	return outcome{ok: true, latency: latency, detail: detail}
}

// network asks only for the address families the CIDRs cover.
func (c *dnsCheck) network() string {
	v4, v6 := false, false
	for _, p := range c.cidrs {
		if p.Addr().Is4() {
			v4 = true
		} else {
			v6 = true
		}
	}
	switch {
	case v4 && !v6:
		return "ip4"
	case v6 && !v4:
		return "ip6"
	default:
		return "ip"
	}
}

func (c *dnsCheck) inside(a netip.Addr) bool {
	for _, p := range c.cidrs {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (c *dnsCheck) cidrList() string {
	s := make([]string, len(c.cidrs))
	for i, p := range c.cidrs {
		s[i] = p.String()
	}
	return strings.Join(s, ", ")
}
