package run

import (
	"context"
	"log/slog"
	"net"
	"net/netip"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/probe"
)

// Deps are the narrow clients and hooks a run (and its preflight) needs.
// The CLI builds them from the AWS configuration; tests use fakes
// (acl/acltest, probe/probetest) and a virtual clock.
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
	// Clock is the time source; nil means the real clock.
	Clock Clock
	// NewProbes builds the plan's probes; nil means probe.NewSet.
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

// Clock is the run's notion of time, injectable so that tests never
// wait in real time.
type Clock interface {
	Now() time.Time
	// Sleep waits d, or returns ctx.Err() when ctx ends first.
	Sleep(ctx context.Context, d time.Duration) error
	// WithDeadline returns a copy of ctx that ends when this clock
	// reaches t (or when ctx ends), and its cancel function.
	WithDeadline(ctx context.Context, t time.Time) (context.Context, context.CancelFunc)
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

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (realClock) WithDeadline(ctx context.Context, t time.Time) (context.Context, context.CancelFunc) {
	return context.WithDeadline(ctx, t)
}

func (d Deps) clock() Clock {
	if d.Clock == nil {
		return realClock{}
	}
	return d.Clock
}

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
	return s, nil
}

func (d Deps) ops() *acl.Ops {
	return &acl.Ops{API: d.EC2, Region: d.Region, Log: d.log(), Sleep: d.clock().Sleep, Now: d.clock().Now}
}

func (d Deps) alarms(names, prefixes []string) *probe.Alarms {
	a := probe.NewAlarms(d.CloudWatch, names, prefixes)
	a.Now = d.clock().Now
	return a
}
