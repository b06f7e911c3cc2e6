package plan

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"
)

// APIVersion is the only plan schema version this build understands.
const APIVersion = "aclprobe/v1"

// Plan is a blast test: which ACL, what to deny, how long, what to watch.
type Plan struct {
	APIVersion  string   `yaml:"apiVersion"`
	Name        string   `yaml:"name"`
	Description string   `yaml:"description,omitempty"`
	Target      ACLRef   `yaml:"target"`
	Guard       Guard    `yaml:"guard"`
	Deny        Deny     `yaml:"deny"`
	Timing      Timing   `yaml:"timing"`
	Watch       Watch    `yaml:"watch"`
	Strategy    Strategy `yaml:"strategy,omitempty"` // sequential (default) or group testing
	Targets     []Target `yaml:"targets"`
}

// ACLRef names the network ACL under test and where it lives.
type ACLRef struct {
	Region     string   `yaml:"region"`
	NetworkACL string   `yaml:"network_acl"`
	Subnets    []string `yaml:"subnets,omitempty"` // expected associations, checked when given
}

// Guard is what must be true of the account and the ACL before any change.
type Guard struct {
	Accounts    []string          `yaml:"accounts"`               // allowed AWS account ids
	RequireTags map[string]string `yaml:"require_tags,omitempty"` // tags the ACL must carry
}

// Deny describes the temporary entries aclprobe adds.
type Deny struct {
	Direction  string     `yaml:"direction,omitempty"`   // egress (default) or ingress
	Protocol   string     `yaml:"protocol,omitempty"`    // all (default), tcp, udp, icmp or a number
	RuleRange  *RuleRange `yaml:"rule_range,omitempty"`  // nil: the numbers just below the first allow rule
	MaxEntries int        `yaml:"max_entries,omitempty"` // entries per direction allowed on the ACL (default 20)
}

// RuleRange is the inclusive range of rule numbers reserved for aclprobe.
type RuleRange struct {
	From int `yaml:"from"`
	To   int `yaml:"to"`
}

// Timing bounds every phase of the run.
type Timing struct {
	Window          Duration `yaml:"window"`           // observation per target
	PollInterval    Duration `yaml:"poll_interval"`    // alarm and default probe polling
	RecoveryTimeout Duration `yaml:"recovery_timeout"` // wait for health after removal
	Cooldown        Duration `yaml:"cooldown"`         // pause between targets
	MaxDuration     Duration `yaml:"max_duration"`     // hard stop for the whole run
}

// Watch is what says "something broke".
type Watch struct {
	Alarms        []string `yaml:"alarms,omitempty"`         // alarm names
	AlarmPrefixes []string `yaml:"alarm_prefixes,omitempty"` // alarm name prefixes
	StopAlarms    []string `yaml:"stop_alarms,omitempty"`    // any in ALARM stops the run
	Probes        []Probe  `yaml:"probes,omitempty"`
}

// Probe is one of aclprobe's own checks. Exactly one of HTTP, TCP, DNS and
// Command is set.
type Probe struct {
	Name             string        `yaml:"name"`
	HTTP             *HTTPProbe    `yaml:"http,omitempty"`
	TCP              *TCPProbe     `yaml:"tcp,omitempty"`
	DNS              *DNSProbe     `yaml:"dns,omitempty"`
	Command          *CommandProbe `yaml:"command,omitempty"`
	Interval         Duration      `yaml:"interval,omitempty"`          // default: timing.poll_interval
	Timeout          Duration      `yaml:"timeout,omitempty"`           // default: 5s
	FailureThreshold int           `yaml:"failure_threshold,omitempty"` // default: 2
}

// HTTPProbe checks an HTTP endpoint.
type HTTPProbe struct {
	URL                string   `yaml:"url"`
	Method             string   `yaml:"method,omitempty"` // default GET
	Headers            []Header `yaml:"headers,omitempty"`
	Body               string   `yaml:"body,omitempty"`
	ExpectStatus       []int    `yaml:"expect_status,omitempty"` // default: any 2xx
	BodyRegex          string   `yaml:"body_regex,omitempty"`
	MaxLatency         Duration `yaml:"max_latency,omitempty"`
	InsecureSkipVerify bool     `yaml:"insecure_skip_verify,omitempty"`
}

// Header is one request header; its value is literal or read from an
// environment variable at run time (and never written to results).
type Header struct {
	Name    string `yaml:"name"`
	Value   string `yaml:"value,omitempty"`
	FromEnv string `yaml:"from_env,omitempty"`
}

// TCPProbe checks that a TCP connection can be opened.
type TCPProbe struct {
	Address string `yaml:"address"` // host:port
}

// DNSProbe checks that a name resolves (optionally inside given CIDRs).
type DNSProbe struct {
	Name        string   `yaml:"name"`
	Server      string   `yaml:"server,omitempty"` // host:port; empty: system resolver
	ExpectCIDRs []string `yaml:"expect_cidrs,omitempty"`
}

// CommandProbe runs a program without a shell; exit status 0 is healthy.
type CommandProbe struct {
	Argv []string          `yaml:"argv"`
	Env  map[string]string `yaml:"env,omitempty"`
}

// Target is what one step denies, with why it is in the plan: one CIDR,
// or (a service target) a set of CIDRs denied together in one window.
// Exactly one of CIDR and CIDRs is set; Members lists them either way.
type Target struct {
	CIDR       string    `yaml:"cidr,omitempty"`
	CIDRs      []string  `yaml:"cidrs,omitempty"` // a service target: every member is denied together
	Label      string    `yaml:"label,omitempty"`
	AllowBroad bool      `yaml:"allow_broad,omitempty"` // permit prefixes broader than /16
	Evidence   *Evidence `yaml:"evidence,omitempty"`
}

// Evidence is what the flow logs said about a target when the plan was made.
type Evidence struct {
	Flows      int64    `yaml:"flows" json:"flows"`
	Packets    int64    `yaml:"packets,omitempty" json:"packets,omitempty"`
	Bytes      int64    `yaml:"bytes" json:"bytes"`
	TopSources []string `yaml:"top_sources,omitempty" json:"top_sources,omitempty"`
	// Sources are the local addresses seen talking to the target: every
	// distinct pkt-srcaddr and srcaddr (a NAT gateway's own address as
	// well as the instance behind it), busiest first, at most MaxSources.
	// The path check tests them against the ACL's subnets. Optional:
	// without it the path check uses TopSources.
	Sources       []string `yaml:"sources,omitempty" json:"sources,omitempty"`
	Ports         []string `yaml:"ports,omitempty" json:"ports,omitempty"`
	Service       string   `yaml:"service,omitempty" json:"service,omitempty"`
	ServiceSource string   `yaml:"service_source,omitempty" json:"service_source,omitempty"` // pkt-dst-aws-service, ip-ranges, vendor:NAME, rdns, dns, manual
	// DNSNames are the names the target's sources resolved to its
	// addresses (Route 53 Resolver query logs, --dns-logs), most flows
	// first, at most MaxDNSNames.
	DNSNames []string `yaml:"dns_names,omitempty" json:"dns_names,omitempty"`
	Span     string   `yaml:"span,omitempty" json:"span,omitempty"` // time span of the evidence
}

// Duration is a time.Duration written Go-style in YAML ("90s", "5m").
type Duration time.Duration

// D returns the duration as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String formats the duration Go-style.
func (d Duration) String() string { return time.Duration(d).String() }

// UnmarshalYAML accepts Go duration strings only. Errors are
// *yaml.TypeError so that decoding goes on and reports every problem.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{"duration must be a string like 90s or 5m"}}
	}
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("invalid duration %q (use Go style: 90s, 5m, 1h30m)", n.Value)}}
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the duration Go-style.
func (d Duration) MarshalYAML() (any, error) { return FormatDuration(time.Duration(d)), nil }
