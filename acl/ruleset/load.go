package ruleset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"

	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/aclprobe/aclprobe/acl/change"
)

// jsonRule is one rule of aclprobe's rule set JSON (what propose writes).
type jsonRule struct {
	RuleNumber int    `json:"rule_number"`
	Egress     bool   `json:"egress"`
	Protocol   string `json:"protocol"`
	CIDR       string `json:"cidr"`
	PortFrom   *int   `json:"port_from"`
	PortTo     *int   `json:"port_to"`
	Action     string `json:"action"`
}

type jsonSet struct {
	Rules []jsonRule `json:"rules"`
}

// Load reads a rule set file: aclprobe's JSON ({"rules": [...]}, as
// propose writes it) or a saved `aws ec2 describe-network-acls` answer
// holding exactly one network ACL.
func Load(path string) (Set, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Set{}, err
	}
	s, err := Parse(bytes.NewReader(b))
	if err != nil {
		return Set{}, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Parse reads a rule set from r; see Load. Every entry is checked: rule
// number 1-32768 (32767 and 32768 are AWS's own final deny entries in a
// describe-network-acls answer), action allow or
// deny, a known protocol, a valid CIDR, ports 0-65535 in order for tcp
// and udp; in aclprobe's JSON a rule number at most once per direction
// (AWS refuses a second one).
func Parse(r io.Reader) (Set, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return Set{}, err
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return Set{}, fmt.Errorf("not a rule set: %w", err)
	}
	switch {
	case probe["rules"] != nil:
		return parseOwn(b)
	case probe["NetworkAcls"] != nil:
		return parseDescribe(b)
	default:
		return Set{}, errors.New(`not a rule set: want {"rules": [...]} (aclprobe propose) or {"NetworkAcls": [...]} (aws ec2 describe-network-acls)`)
	}
}

func parseOwn(b []byte) (Set, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var js jsonSet
	if err := dec.Decode(&js); err != nil {
		return Set{}, err
	}
	var s Set
	var errs []error
	seen := map[[2]int]bool{}
	for i, r := range js.Rules {
		key := [2]int{int(change.DirectionOf(r.Egress)), r.RuleNumber}
		if seen[key] {
			errs = append(errs, fmt.Errorf("rules[%d]: rule number %d used twice in %s", i, r.RuleNumber, change.DirectionOf(r.Egress)))
			continue
		}
		seen[key] = true
		p, err := change.ParseProtocol(r.Protocol)
		if err != nil {
			errs = append(errs, fmt.Errorf("rules[%d]: %w", i, err))
			continue
		}
		e := change.Entry{RuleNumber: r.RuleNumber, Direction: change.DirectionOf(r.Egress), Action: change.Action(r.Action), Protocol: p, CIDR: r.CIDR}
		if p.HasPorts() {
			if r.PortFrom == nil || r.PortTo == nil {
				errs = append(errs, fmt.Errorf("rules[%d]: %s needs port_from and port_to", i, p.Name()))
				continue
			}
			e.Ports = change.PortRange{From: *r.PortFrom, To: *r.PortTo}
		}
		if err := check(e); err != nil {
			errs = append(errs, fmt.Errorf("rules[%d]: %w", i, err))
			continue
		}
		s.Entries = append(s.Entries, e)
	}
	return s, errors.Join(errs...)
}

func parseDescribe(b []byte) (Set, error) {
	var out struct{ NetworkAcls []types.NetworkAcl }
	if err := json.Unmarshal(b, &out); err != nil {
		return Set{}, err
	}
	if n := len(out.NetworkAcls); n != 1 {
		return Set{}, fmt.Errorf("describe-network-acls answer holds %d network ACLs, want exactly 1 (filter it with --network-acl-ids)", n)
	}
	var s Set
	var errs []error
	for i, x := range out.NetworkAcls[0].Entries {
		e := change.FromEC2(x)
		if err := check(e); err != nil {
			errs = append(errs, fmt.Errorf("entry %d: %w", i, err))
			continue
		}
		s.Entries = append(s.Entries, e)
	}
	return s, errors.Join(errs...)
}

// check validates one entry.
func check(e change.Entry) error {
	var errs []error
	if e.RuleNumber < change.MinRuleNumber || e.RuleNumber > change.DefaultIPv6RuleNumber {
		errs = append(errs, fmt.Errorf("rule number %d: want 1-32766 (32767 and 32768 are AWS's own final deny entries, IPv4 and IPv6)", e.RuleNumber))
	}
	if e.Action != change.Allow && e.Action != change.Deny {
		errs = append(errs, fmt.Errorf("action %q: want allow or deny", e.Action))
	}
	if _, err := netip.ParsePrefix(e.CIDR); err != nil {
		errs = append(errs, fmt.Errorf("cidr %q: %w", e.CIDR, err))
	}
	if e.Protocol.HasPorts() && (e.Ports.From < 0 || e.Ports.To > 65535 || e.Ports.From > e.Ports.To) {
		errs = append(errs, fmt.Errorf("ports %d-%d: want 0-65535, from <= to", e.Ports.From, e.Ports.To))
	}
	return errors.Join(errs...)
}
