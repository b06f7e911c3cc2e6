package analysis

import (
	"encoding/binary"
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

// atoiFast is atoi for a field whose bytes are known to be digits or "-",
// converting 8 digits at a time (SWAR) when the buffer behind b holds 8
// bytes past each block; it falls back to atoi otherwise.
func atoiFast(b []byte) int64 {
	n := len(b)
	switch {
	case n == 1 && b[0] == '-':
		return -1
	case n >= 1 && n <= 8 && cap(b) >= 8:
		return int64(parse8(padDigits(binary.LittleEndian.Uint64(b[:8]), n)))
	case n > 8 && n <= 16 && cap(b) >= 16:
		hi := parse8(binary.LittleEndian.Uint64(b[:8]))
		lo := parse8(padDigits(binary.LittleEndian.Uint64(b[8:16]), n-8))
		return int64(hi*pow10[n-8] + lo)
	}
	return atoi(b)
}

var pow10 = [9]uint64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000}

// padDigits keeps the first n (1..8) characters of w, a little-endian
// load, as the low digits of an 8-digit number: the bytes past them are
// dropped and '0's are put in front.
func padDigits(w uint64, n int) uint64 {
	return w<<(8*(8-n)) | zeros8>>(8*n)
}

// parse8 converts 8 ASCII digits, loaded little-endian (the first, most
// significant digit in the low byte), to their value: pairs, then
// quadruples, then the whole, each step one multiply and one mask.
func parse8(w uint64) uint64 {
	w -= zeros8
	w = (w*10 + w>>8) & 0x00ff00ff00ff00ff
	w = (w*100 + w>>16) & 0x0000ffff0000ffff
	return (w*10000 + w>>32) & 0xffffffff
}
