package run

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/probe"
)

// breaks wires a simulated service: while a deny entry for cidr is on
// the ACL, alarm is in ALARM; when the entry goes, the alarm returns to
// OK unless sticky.
type service struct {
	cidr, alarm string
	sticky      bool
}

func (w *world) simulate(svcs ...service) {
	w.ec2.After = func(op string, in any) {
		switch x := in.(type) {
		case *ec2.CreateNetworkAclEntryInput:
			for _, s := range svcs {
				if aws.ToString(x.CidrBlock) == s.cidr {
					w.cw.SetAlarmState(s.alarm, cwtypes.StateValueAlarm, "denied "+s.cidr)
				}
			}
		case *ec2.DeleteNetworkAclEntryInput:
			for _, s := range svcs {
				if !s.sticky && !w.denied(s.cidr) {
					w.cw.SetAlarmState(s.alarm, cwtypes.StateValueOk, "back")
				}
			}
		}
	}
}

// denied reports whether a deny entry for cidr is on the ACL.
func (w *world) denied(cidr string) bool {
	for _, e := range w.ec2.ACL(testACL).Entries {
		if aws.ToString(e.CidrBlock) == cidr && e.RuleAction == "deny" {
			return true
		}
	}
	return false
}

// fakeProbes is a probe set whose one probe fails while cidr is denied.
type fakeProbes struct {
	w    *world
	name string
	cidr string

	panicWhenDenied bool

	mu    sync.Mutex
	since time.Time
}

func (w *world) withProbe(name, cidr string) {
	w.plan.Watch.Probes = []plan.Probe{{Name: name, TCP: &plan.TCPProbe{Address: "10.0.0.1:443"}}}
	w.probes = &fakeProbes{w: w, name: name, cidr: cidr}
}

func (f *fakeProbes) Names() []string       { return []string{f.name} }
func (f *fakeProbes) Start(context.Context) {}
func (f *fakeProbes) Stop()                 {}
func (f *fakeProbes) Passing() bool         { return !f.w.denied(f.cidr) }

func (f *fakeProbes) Baseline(context.Context) ([]probe.Sample, error) {
	return []probe.Sample{{At: f.w.clock.Now(), Kind: probe.KindProbe, Name: f.name, OK: true, State: "ok"}}, nil
}

func (f *fakeProbes) Poll(context.Context) ([]probe.Sample, []probe.Failure, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.w.clock.Now()
	s := probe.Sample{At: now, Kind: probe.KindProbe, Name: f.name, OK: true, State: "ok", Latency: 12 * time.Millisecond}
	if !f.w.denied(f.cidr) {
		f.since = time.Time{}
		return []probe.Sample{s}, nil, nil
	}
	if f.panicWhenDenied {
		panic("probe bug")
	}
	if f.since.IsZero() {
		f.since = now
	}
	s.OK, s.State, s.Error = false, "fail", "dial tcp 10.0.0.1:443: i/o timeout"
	return []probe.Sample{s}, []probe.Failure{{Kind: probe.KindProbe, Name: f.name, Since: f.since, Detail: s.Error}}, nil
}
