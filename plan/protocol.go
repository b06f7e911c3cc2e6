package plan

import (
	"fmt"
	"strconv"
	"strings"
)

// protocolNames maps the plan's protocol names to IANA numbers as the EC2
// API spells them ("-1" is all protocols).
var protocolNames = map[string]string{
	"all":    "-1",
	"tcp":    "6",
	"udp":    "17",
	"icmp":   "1",
	"icmpv6": "58",
}

// ProtocolNumber converts a plan protocol (all, tcp, udp, icmp, icmpv6,
// -1 or a number 0-255) to the EC2 API form: "-1" or the IANA number.
func ProtocolNumber(s string) (string, error) {
	if n, ok := protocolNames[strings.ToLower(s)]; ok {
		return n, nil
	}
	if s == "-1" {
		return "-1", nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 255 {
		return "", fmt.Errorf("protocol %q: want all, tcp, udp, icmp, icmpv6 or an IANA number 0-255", s)
	}
	return strconv.Itoa(n), nil
}

// ProtocolName turns an EC2 protocol number into a short name for display.
func ProtocolName(num string) string {
	for name, n := range protocolNames {
		if n == num {
			return name
		}
	}
	return num
}

// protocolsIntersect reports whether two EC2 protocol numbers can match
// the same packet.
func protocolsIntersect(a, b string) bool {
	return a == "-1" || b == "-1" || a == b
}

// hasPorts reports whether entries of this protocol carry a port range.
func hasPorts(num string) bool { return num == "6" || num == "17" }
