package analysis

import (
	"math"
	"net/netip"
	"unsafe"
)

// isAbsent reports whether a field value means "no value".
func isAbsent(b []byte) bool { return len(b) == 1 && b[0] == '-' }

// numericOK reports whether b is "-" or a decimal number, the rule for
// numeric flow log fields.
func numericOK(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	if isAbsent(b) {
		return true
	}
	for _, c := range b {
		if c-'0' > 9 {
			return false
		}
	}
	return true
}

// atoi parses a field that numericOK accepted; "-" gives -1 and a number
// above 18 digits saturates at math.MaxInt64 rather than wrapping.
func atoi(b []byte) int64 {
	if isAbsent(b) {
		return -1
	}
	if len(b) > 18 {
		return math.MaxInt64
	}
	var n int64
	for _, c := range b {
		n = n*10 + int64(c-'0')
	}
	return n
}

// parseIPv4 parses a dotted-quad IPv4 address without allocating. Like
// netip, it rejects leading zeros, so only the canonical text parses.
func parseIPv4(b []byte) (uint32, bool) {
	if len(b) < 7 || len(b) > 15 {
		return 0, false
	}
	var ip, val uint32
	octets, digits := 0, 0
	for _, c := range b {
		if c == '.' {
			if digits == 0 || octets == 3 || val > 255 {
				return 0, false
			}
			ip, val, digits = ip<<8|val, 0, 0
			octets++
			continue
		}
		d := uint32(c - '0')
		if d > 9 || digits == 3 || digits == 1 && val == 0 {
			return 0, false
		}
		val = val*10 + d
		digits++
	}
	if digits == 0 || octets != 3 || val > 255 {
		return 0, false
	}
	return ip<<8 | val, true
}

// parseAddrBytes parses an IPv4 or IPv6 address held in b.
func parseAddrBytes(b []byte) (netip.Addr, bool) {
	if v4, ok := parseIPv4(b); ok {
		return netip.AddrFrom4([4]byte{byte(v4 >> 24), byte(v4 >> 16), byte(v4 >> 8), byte(v4)}), true
	}
	if len(b) == 0 || isAbsent(b) {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(bytesView(b))
	return a, err == nil
}

// bytesView returns b as a string without copying; the string must not
// outlive b's contents (netip.ParseAddr keeps nothing of it).
func bytesView(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
