package ruleset

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/aclprobe/aclprobe/acl/change"
)

// Formats are the output formats Write accepts.
var Formats = []string{"json", "aws-cli", "terraform"}

// Write writes s as format: json ({"rules": [{"rule_number", "egress",
// "protocol", "cidr", "port_from", "port_to", "action"}]}, ports null for
// protocols without them), aws-cli (one create-network-acl-entry command
// per entry, for ACL aclID), or terraform (one aws_network_acl_rule
// block per entry; aclID, or var.network_acl_id when empty).
func Write(w io.Writer, s Set, format, aclID string) error {
	switch format {
	case "json", "":
		return writeJSON(w, s)
	case "aws-cli":
		return writeCLI(w, s, aclID)
	case "terraform":
		return writeTerraform(w, s, aclID)
	default:
		return fmt.Errorf("format %q: want %s", format, strings.Join(Formats, ", "))
	}
}

func writeJSON(w io.Writer, s Set) error {
	js := jsonSet{Rules: []jsonRule{}}
	for _, e := range s.Entries {
		r := jsonRule{RuleNumber: e.RuleNumber, Egress: e.Direction.IsEgress(), Protocol: e.Protocol.Name(), CIDR: e.CIDR, Action: string(e.Action)}
		if e.Protocol.HasPorts() {
			from, to := e.Ports.From, e.Ports.To
			r.PortFrom, r.PortTo = &from, &to
		}
		js.Rules = append(js.Rules, r)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(js)
}

func isIPv6(e change.Entry) bool { return strings.Contains(e.CIDR, ":") }

func writeCLI(w io.Writer, s Set, aclID string) error {
	if aclID == "" {
		aclID = "ACL_ID"
	}
	for _, e := range s.Entries {
		dir := "--ingress"
		if e.Direction.IsEgress() {
			dir = "--egress"
		}
		cidr := "--cidr-block " + e.CIDR
		if isIPv6(e) {
			cidr = "--ipv6-cidr-block " + e.CIDR
		}
		extra := ""
		switch {
		case e.Protocol.HasPorts():
			extra = fmt.Sprintf(" --port-range From=%d,To=%d", e.Ports.From, e.Ports.To)
		case e.Protocol.IsICMP():
			extra = " --icmp-type-code Type=-1,Code=-1"
		}
		if _, err := fmt.Fprintf(w, "aws ec2 create-network-acl-entry --network-acl-id %s --rule-number %d %s --protocol %s %s%s --rule-action %s\n",
			aclID, e.RuleNumber, dir, e.Protocol, cidr, extra, e.Action); err != nil {
			return err
		}
	}
	return nil
}

func writeTerraform(w io.Writer, s Set, aclID string) error {
	acl := "var.network_acl_id"
	if aclID != "" {
		acl = fmt.Sprintf("%q", aclID)
	}
	for i, e := range s.Entries {
		if i > 0 {
			fmt.Fprintln(w)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "resource \"aws_network_acl_rule\" \"%s_%d\" {\n", e.Direction, e.RuleNumber)
		fmt.Fprintf(&b, "  network_acl_id = %s\n", acl)
		fmt.Fprintf(&b, "  rule_number    = %d\n", e.RuleNumber)
		fmt.Fprintf(&b, "  egress         = %t\n", e.Direction.IsEgress())
		fmt.Fprintf(&b, "  protocol       = %q\n", string(e.Protocol))
		fmt.Fprintf(&b, "  rule_action    = %q\n", string(e.Action))
		if isIPv6(e) {
			fmt.Fprintf(&b, "  ipv6_cidr_block = %q\n", e.CIDR)
		} else {
			fmt.Fprintf(&b, "  cidr_block     = %q\n", e.CIDR)
		}
		switch {
		case e.Protocol.HasPorts():
			fmt.Fprintf(&b, "  from_port      = %d\n  to_port        = %d\n", e.Ports.From, e.Ports.To)
		case e.Protocol.IsICMP():
			b.WriteString("  icmp_type      = -1\n  icmp_code      = -1\n")
		}
		b.WriteString("}\n")
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}
