package plan

import "time"

// Defaults of the plan format (documented in plans/README.md). SetDefaults
// is the one place they are applied.
const (
	DefaultDirection        = "egress"
	DefaultProtocol         = "all"
	DefaultMaxEntries       = 20
	DefaultWindow           = 5 * time.Minute
	DefaultPollInterval     = 30 * time.Second
	DefaultRecoveryTimeout  = 10 * time.Minute
	DefaultMaxDuration      = 2 * time.Hour
	DefaultProbeTimeout     = 5 * time.Second
	DefaultFailureThreshold = 2
	DefaultHTTPMethod       = "GET"
)

// SetDefaults fills every optional field left empty with its default.
// A zero duration means "not set" (a zero window, poll interval, recovery
// timeout or maximum is never useful); the cooldown has no default: absent
// means no pause beyond the recovery wait.
func (p *Plan) SetDefaults() {
	if p.Deny.Direction == "" {
		p.Deny.Direction = DefaultDirection
	}
	if p.Deny.Protocol == "" {
		p.Deny.Protocol = DefaultProtocol
	}
	if p.Deny.MaxEntries == 0 {
		p.Deny.MaxEntries = DefaultMaxEntries
	}
	t := &p.Timing
	setDuration(&t.Window, DefaultWindow)
	setDuration(&t.PollInterval, DefaultPollInterval)
	setDuration(&t.RecoveryTimeout, DefaultRecoveryTimeout)
	setDuration(&t.MaxDuration, DefaultMaxDuration)
	for i := range p.Watch.Probes {
		p.Watch.Probes[i].setDefaults(t.PollInterval)
	}
	p.Strategy.setDefaults()
}

// setDefaults fills a probe's interval, timeout, threshold and HTTP method.
// The timeout defaults to 5s, or to the interval when that is shorter.
func (pr *Probe) setDefaults(poll Duration) {
	setDuration(&pr.Interval, poll.D())
	timeout := DefaultProbeTimeout
	if pr.Interval > 0 && pr.Interval.D() < timeout {
		timeout = pr.Interval.D()
	}
	setDuration(&pr.Timeout, timeout)
	if pr.FailureThreshold == 0 {
		pr.FailureThreshold = DefaultFailureThreshold
	}
	if pr.HTTP != nil && pr.HTTP.Method == "" {
		pr.HTTP.Method = DefaultHTTPMethod
	}
}

func setDuration(d *Duration, def time.Duration) {
	if *d == 0 {
		*d = Duration(def)
	}
}
