package ruleset

import (
	"fmt"

	"github.com/aclprobe/aclprobe/acl/change"
)

// portsText is " ports 443-443" for tcp and udp entries, else "".
func portsText(e change.Entry) string {
	if !e.Protocol.HasPorts() {
		return ""
	}
	return fmt.Sprintf(" ports %d-%d", e.Ports.From, e.Ports.To)
}
