package run

import (
	"context"
	"log/slog"
	"net"
	"net/netip"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/internal/clock"
	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/probe"
)

// Deps are the narrow clients and hooks a run (and its preflight) needs.
// The CLI builds them from the AWS configuration; tests use fakes
// (acl/acltest, probe/probetest) and a virtual clock (clock/clocktest).
type Deps struct {
	EC2        acl.EC2API
	STS        acl.STSAPI
	CloudWatch probe.CloudWatchAPI
	// Region is the AWS region of the clients (for messages and the
	// undo command).
	Region string
	// Endpoints are the EC2, CloudWatch and STS endpoints in use (URLs
	// or host names): a target covering one of their addresses would cut
	// aclprobe off from AWS, so preflight refuses it.
	Endpoints []string
	// Resolver resolves endpoint host names; nil means net.DefaultResolver.
	Resolver Resolver
	// Clock is the one time source of the run, its ACL changes, alarms
	// and probes; nil means the wall clock.
	Clock clock.Clock
	// NewProbes builds the plan's probes; nil means probe.NewSet on
	// Clock. (A clock that moves forward by itself at every sleep, such as
	// clocktest.NewAuto, would make real probes' background loops spin:
	// tests with such a clock fake the probes too.)
	NewProbes func(specs []plan.Probe, defaultInterval time.Duration) (ProbeSet, error)
	// Log receives progress and warnings; nil discards them.
	Log *slog.Logger
	// LeaseSettle is how long to wait before reading the lease tag back
	// (default 2s).
	LeaseSettle time.Duration
}

// Resolver looks up a host's addresses (*net.Resolver satisfies it).
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// ProbeSet is what a run needs of probe.Set.
type ProbeSet interface {
	probe.Source
	// Names lists the probes.
	Names() []string
	// Baseline fails unless every probe passes its threshold in a row.
	Baseline(ctx context.Context) ([]probe.Sample, error)
	// Start runs the probes in the background until Stop.
	Start(ctx context.Context)
	// Stop ends the background probes.
	Stop()
	// Passing reports whether every probe's latest sample passed.
	Passing() bool
}

func (d Deps) clock() clock.Clock { return clock.Or(d.Clock) }

func (d Deps) log() *slog.Logger {
	if d.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Log
}

func (d Deps) resolver() Resolver {
	if d.Resolver == nil {
		return net.DefaultResolver
	}
	return d.Resolver
}

func (d Deps) newProbes(specs []plan.Probe, interval time.Duration) (ProbeSet, error) {
	if d.NewProbes != nil {
		return d.NewProbes(specs, interval)
	}
	s, err := probe.NewSet(specs, interval)
	if err != nil {
		return nil, err
	}
	s.Clock = d.clock()
	return s, nil
}

func (d Deps) ops() *acl.Ops {
	return &acl.Ops{API: d.EC2, Region: d.Region, Log: d.log(), Clock: d.clock()}
}

func (d Deps) alarms(names, prefixes []string) *probe.Alarms {
	a := probe.NewAlarms(d.CloudWatch, names, prefixes)
	a.Clock = d.clock()
	return a
}
