package probe

import (
	"context"
	"time"
)

// Kinds of watched things.
const (
	KindAlarm = "alarm"
	KindProbe = "probe"
)

// Sample is one observation of one alarm or probe.
type Sample struct {
	At      time.Time
	Kind    string // KindAlarm or KindProbe
	Name    string
	OK      bool
	State   string        // alarm state (OK, ALARM, INSUFFICIENT_DATA); probes: "ok" or "fail"
	Latency time.Duration // probes only
	Error   string        // what failed (never contains secrets)
	Output  string        // command probes: the tail of their output
	Detail  string        // probes: what was observed (HTTP status, resolved addresses, last output line); never secrets
}

// Failure is a watched thing that is currently failing: an alarm not in
// OK, or a probe that has failed its threshold of times in a row.
type Failure struct {
	Kind   string
	Name   string
	Since  time.Time // first failing sample of the current failing streak
	Detail string
}

// Source is anything a run polls for health.
type Source interface {
	// Poll returns the samples taken since the previous Poll (alarms are
	// read now; probes report what their own loops measured) and the items
	// failing at this moment. An error means the health is unknown (for
	// example CloudWatch could not be read), never "healthy".
	Poll(ctx context.Context) (samples []Sample, failing []Failure, err error)
}
