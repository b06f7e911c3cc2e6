package testenv

import "net/netip"

// Prefixes parses each of s as a CIDR prefix (canonical or not, as
// netip.ParsePrefix accepts it), panicking on a malformed one: for
// literal fixtures only.
func Prefixes(s ...string) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(s))
	for _, v := range s {
		out = append(out, netip.MustParsePrefix(v))
	}
	return out
}
