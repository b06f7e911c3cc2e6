package plan

// ACLEntry is one existing entry of a network ACL as the preview and the
// run see it (filled from DescribeNetworkAcls by package acl).
type ACLEntry struct {
	RuleNumber int
	Egress     bool
	Action     string // allow or deny
	Protocol   string // "-1" for all, else the IANA number as a string
	CIDR       string // IPv4 or IPv6 CIDR
	PortFrom   int    // 0 when the protocol has no ports
	PortTo     int
}

// ACLSnapshot is the state of the network ACL under test at one moment.
type ACLSnapshot struct {
	ID      string
	VPC     string
	Entries []ACLEntry
	Tags    map[string]string
	Subnets []string // associated subnet ids
}

// Step is one target's change exactly as the run will make it: the preview
// prints Steps, the run executes them; both get them from Steps(), so what
// is previewed is what is done.
type Step struct {
	Index      int    // 0-based position in the plan
	Target     Target // the plan's target
	RuleNumber int    // 0 when offline: chosen at run time (see RuleNote)
	RuleNote   string // how the rule number is or will be chosen
	Egress     bool
	Protocol   string // "-1" for all, else the IANA number
	Action     string // always "deny"
	CIDR       string // canonical CIDR
	// PortFrom and PortTo are the port range for tcp and udp (0-65535,
	// every port); 0 for other protocols. ICMP entries use type and code
	// -1 (all).
	PortFrom int
	PortTo   int
}

// Check is the outcome of one read-only preflight check, shown by the
// preview and enforced by the run.
type Check struct {
	Name   string // e.g. "guard: account", "acl: rule numbers free"
	OK     bool
	Detail string
}
