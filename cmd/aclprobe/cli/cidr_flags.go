package cli

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// parseCIDRs parses the values of a CIDR flag (each may be a comma list)
// strictly, the way a network ACL entry needs them: canonical network
// addresses with a prefix length. Every bad value is reported, each with
// a suggestion; flag names the flag in messages ("--block").
func parseCIDRs(flag string, vals []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	var errs []error
	for _, v := range vals {
		for _, s := range strings.Split(v, ",") {
			p, err := parseCanonicalCIDR(strings.TrimSpace(s))
			if err != nil {
				errs = append(errs, fmt.Errorf("%s %q: %w", flag, s, err))
				continue
			}
			out = append(out, p)
		}
	}
	return out, errors.Join(errs...)
}

func parseCanonicalCIDR(s string) (netip.Prefix, error) {
	if s == "" {
		return netip.Prefix{}, errors.New("empty value")
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		if a, aerr := netip.ParseAddr(s); aerr == nil {
			return netip.Prefix{}, fmt.Errorf("an address, not a CIDR: did you mean %s/%d?", a, a.BitLen())
		}
		return netip.Prefix{}, errors.New("not a CIDR: want an address block such as 203.0.113.0/24")
	}
	if p.Addr().Is4In6() {
		return netip.Prefix{}, errors.New("an IPv4-mapped IPv6 CIDR: write the IPv4 form")
	}
	if m := p.Masked(); m != p {
		return netip.Prefix{}, fmt.Errorf("host bits set: did you mean %s?", m)
	}
	return p, nil
}
