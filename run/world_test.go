package run

import (
	"context"
	"errors"
	"net/netip"
	"sync"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/probe/probetest"
)

const (
	testACL     = "acl-0test"
	testVPC     = "vpc-0test"
	testAccount = "111122223333"
)

// world is an in-memory AWS for run tests: an EC2 fake with a staging
// ACL, an STS fake, a CloudWatch fake with alarms, a virtual clock.
type world struct {
	ec2    *acltest.EC2
	sts    *acltest.STS
	cw     *probetest.CloudWatch
	clock  *fakeClock
	plan   *plan.Plan
	probes ProbeSet // nil: the plan's probes are not faked
}

func newWorld() *world {
	w := &world{ec2: acltest.NewEC2(), sts: &acltest.STS{Account: testAccount}, cw: probetest.NewCloudWatch(),
		clock: &fakeClock{now: time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC)}}
	w.cw.Now = w.clock.Now
	staging := map[string]string{"Environment": "staging"}
	w.ec2.AddVPC(testVPC, staging)
	w.ec2.AddACL(testACL, testVPC, staging, []string{"subnet-a"},
		acltest.Entry(100, true, "allow", "-1", "0.0.0.0/0"), acltest.Entry(100, false, "allow", "-1", "0.0.0.0/0"))
	for _, n := range []string{"kinesis-errors", "payments-errors", "site-down"} {
		w.cw.PutMetricAlarm(n, cwtypes.StateValueOk)
	}
	p := &plan.Plan{
		APIVersion: plan.APIVersion, Name: "test",
		Target: plan.ACLRef{Region: "eu-west-1", NetworkACL: testACL, Subnets: []string{"subnet-a"}},
		Guard:  plan.Guard{Accounts: []string{testAccount}, RequireTags: staging},
		Timing: plan.Timing{Window: plan.Duration(10 * time.Second), PollInterval: plan.Duration(time.Second),
			RecoveryTimeout: plan.Duration(20 * time.Second), Cooldown: plan.Duration(2 * time.Second), MaxDuration: plan.Duration(time.Hour)},
		Watch: plan.Watch{Alarms: []string{"kinesis-errors", "payments-errors"}, StopAlarms: []string{"site-down"}},
		Targets: []plan.Target{
			{CIDR: "203.0.113.7/32", Label: "kinesis"}, {CIDR: "198.51.100.9/32", Label: "payments"}, {CIDR: "192.0.2.200/32", Label: "idle"},
		},
	}
	p.SetDefaults()
	w.plan = p
	return w
}

func (w *world) deps() Deps {
	return Deps{EC2: w.ec2, STS: w.sts, CloudWatch: w.cw, Region: "eu-west-1", Clock: w.clock,
		Endpoints:   []string{"https://ec2.eu-west-1.amazonaws.com", "http://127.0.0.1:4566"},
		Resolver:    fakeResolver{"ec2.eu-west-1.amazonaws.com": {netip.MustParseAddr("52.95.120.1")}},
		LeaseSettle: time.Second}
}

// runDeps are deps with the world's fake probes.
func (w *world) runDeps() Deps {
	d := w.deps()
	if w.probes != nil {
		d.NewProbes = func([]plan.Probe, time.Duration) (ProbeSet, error) { return w.probes, nil }
	}
	return d
}

// fakeClock is a virtual clock: Sleep advances it at once, and contexts
// from WithDeadline end when it reaches their deadline.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	onTick func(now time.Time) // called after every Sleep, lock released
	timers []*virtualDeadline  // pending WithDeadline contexts
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep advances the clock by d, or only up to ctx's virtual deadline
// when that comes first (like a real sleep that the deadline ends).
func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	if v, ok := ctx.Value(virtualDeadlineKey{}).(*virtualDeadline); ok && ctx.Done() != nil && v.at.Before(c.now.Add(d)) {
		d = v.at.Sub(c.now)
	}
	if d > 0 {
		c.now = c.now.Add(d)
	}
	now, tick := c.now, c.onTick
	var due []*virtualDeadline
	pending := c.timers[:0]
	for _, v := range c.timers {
		if v.at.After(now) {
			pending = append(pending, v)
		} else {
			due = append(due, v)
		}
	}
	c.timers = pending
	c.mu.Unlock()
	for _, v := range due {
		v.cancel(context.DeadlineExceeded)
	}
	if tick != nil {
		tick(now)
	}
	return ctx.Err()
}

// WithDeadline returns a context that ends with DeadlineExceeded when the
// virtual clock reaches t (or an enclosing virtual deadline), or when ctx
// ends.
func (c *fakeClock) WithDeadline(ctx context.Context, t time.Time) (context.Context, context.CancelFunc) {
	if outer, ok := ctx.Value(virtualDeadlineKey{}).(*virtualDeadline); ok && outer.at.Before(t) {
		t = outer.at
	}
	inner, cancel := context.WithCancelCause(ctx)
	v := &virtualDeadline{Context: inner, at: t, cancel: cancel}
	c.mu.Lock()
	expired := !c.now.Before(t)
	if !expired {
		c.timers = append(c.timers, v)
	}
	c.mu.Unlock()
	if expired {
		cancel(context.DeadlineExceeded)
	}
	return v, func() { cancel(context.Canceled) }
}

type virtualDeadlineKey struct{}

// virtualDeadline is a context with a deadline on the fake clock.
type virtualDeadline struct {
	context.Context
	at     time.Time
	cancel context.CancelCauseFunc
}

func (v *virtualDeadline) Deadline() (time.Time, bool) { return v.at, true }

func (v *virtualDeadline) Err() error {
	err := v.Context.Err()
	if err != nil && errors.Is(context.Cause(v.Context), context.DeadlineExceeded) {
		return context.DeadlineExceeded
	}
	return err
}

func (v *virtualDeadline) Value(key any) any {
	if key == (virtualDeadlineKey{}) {
		return v
	}
	return v.Context.Value(key)
}

type fakeResolver map[string][]netip.Addr

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := r[host]; ok {
		return a, nil
	}
	return nil, &lookupError{host}
}

type lookupError struct{ host string }

func (e *lookupError) Error() string { return "lookup " + e.host + ": no such host" }
