package probe

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"

	"github.com/aclprobe/aclprobe/internal/clock"
)

// ErrAlarmNotFound is wrapped by every error about a watched alarm (or
// prefix) that does not exist.
var ErrAlarmNotFound = errors.New("alarm not found")

// stateOK is the only CloudWatch alarm state that counts as healthy.
const stateOK = "OK"

// Alarms watches CloudWatch alarms given by name and by name prefix,
// metric and composite. Resolve expands the prefixes once; Poll reads the
// resolved alarms' states. It is safe for concurrent use.
type Alarms struct {
	cw       CloudWatchAPI
	names    []string
	prefixes []string

	// Clock stamps samples and first-seen failures; nil means the wall
	// clock. Tests inject a virtual one.
	Clock clock.Clock

	mu        sync.Mutex
	resolved  []string             // nil until Resolve succeeds
	firstSeen map[string]time.Time // when each failing alarm was first seen failing
}

// NewAlarms returns a watcher for the alarms called names plus every alarm
// whose name starts with one of prefixes.
func NewAlarms(cw CloudWatchAPI, names, prefixes []string) *Alarms {
	return &Alarms{
		cw:        cw,
		names:     dedupe(names),
		prefixes:  dedupe(prefixes),
		firstSeen: map[string]time.Time{},
	}
}

// Resolve returns the sorted names of every watched alarm: the named ones
// and every alarm matching a prefix, across all pages. It fails, naming
// them all, when a named alarm does not exist or a prefix matches nothing
// (both wrap ErrAlarmNotFound). Later Polls watch exactly this set.
func (a *Alarms) Resolve(ctx context.Context) ([]string, error) {
	found, err := describeNames(ctx, a.cw, a.names)
	if err != nil {
		return nil, fmt.Errorf("resolve alarms: %w", err)
	}
	var problems []error
	set := map[string]bool{}
	for _, n := range a.names {
		if _, ok := found[n]; !ok {
			problems = append(problems, fmt.Errorf("alarm %q does not exist: %w", n, ErrAlarmNotFound))
			continue
		}
		set[n] = true
	}
	for _, p := range a.prefixes {
		alarms, err := describeAll(ctx, a.cw, cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String(p)})
		if err != nil {
			return nil, fmt.Errorf("resolve alarm prefix %q: %w", p, err)
		}
		matched := 0
		for _, al := range alarms {
			if strings.HasPrefix(al.Name, p) {
				set[al.Name] = true
				matched++
			}
		}
		if matched == 0 {
			problems = append(problems, fmt.Errorf("alarm prefix %q matches no alarm: %w", p, ErrAlarmNotFound))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("resolve alarms: %w", errors.Join(problems...))
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	slices.Sort(names)
	a.mu.Lock()
	a.resolved = names
	a.mu.Unlock()
	return slices.Clone(names), nil
}

// Poll reads the state of every resolved alarm (resolving first if needed)
// and returns one Sample per alarm and a Failure for each alarm not in OK
// (ALARM and INSUFFICIENT_DATA both count). Since is the time CloudWatch
// reports for the alarm's last state change, or else the first time this
// watcher saw it failing. An alarm that has disappeared since Resolve is an
// error: its health is unknown.
func (a *Alarms) Poll(ctx context.Context) ([]Sample, []Failure, error) {
	names, err := a.watched(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(names) == 0 {
		return nil, nil, nil
	}
	found, err := describeNames(ctx, a.cw, names)
	if err != nil {
		return nil, nil, fmt.Errorf("poll alarms: %w", err)
	}
	now := a.now()
	a.mu.Lock()
	defer a.mu.Unlock()
	var samples []Sample
	var failing []Failure
	var missing []error
	for _, n := range names {
		al, ok := found[n]
		if !ok {
			missing = append(missing, fmt.Errorf("alarm %q no longer exists: %w", n, ErrAlarmNotFound))
			continue
		}
		s := Sample{At: now, Kind: KindAlarm, Name: n, OK: al.State == stateOK, State: al.State}
		if s.OK {
			delete(a.firstSeen, n)
			samples = append(samples, s)
			continue
		}
		s.Error = al.Reason
		samples = append(samples, s)
		failing = append(failing, a.failure(al, now))
	}
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("poll alarms: %w", errors.Join(missing...))
	}
	return samples, failing, nil
}

// CheckOK polls once and returns a *NotOKError listing every alarm that is
// not in OK: the preflight check before the first change.
func (a *Alarms) CheckOK(ctx context.Context) error {
	_, failing, err := a.Poll(ctx)
	if err != nil {
		return err
	}
	if len(failing) > 0 {
		return &NotOKError{Failures: failing}
	}
	return nil
}

// NotOKError says which watched items are failing when they must all be
// healthy (before the first change, or after recovery).
type NotOKError struct {
	Failures []Failure
}

func (e *NotOKError) Error() string {
	parts := make([]string, len(e.Failures))
	for i, f := range e.Failures {
		parts[i] = fmt.Sprintf("%s %q (%s)", f.Kind, f.Name, f.Detail)
	}
	return "not healthy: " + strings.Join(parts, "; ")
}

// failure builds the Failure for a failing alarm; a.mu is held.
func (a *Alarms) failure(al alarmState, now time.Time) Failure {
	first, seen := a.firstSeen[al.Name]
	if !seen {
		first = now
		a.firstSeen[al.Name] = now
	}
	since := al.Changed
	if since.IsZero() {
		since = first
	}
	kind := "alarm"
	if al.Composite {
		kind = "composite alarm"
	}
	detail := fmt.Sprintf("%s in %s", kind, al.State)
	if al.Reason != "" {
		detail += ": " + al.Reason
	}
	return Failure{Kind: KindAlarm, Name: al.Name, Since: since, Detail: detail}
}

// watched returns the resolved names, resolving on first use.
func (a *Alarms) watched(ctx context.Context) ([]string, error) {
	a.mu.Lock()
	names := a.resolved
	a.mu.Unlock()
	if names != nil {
		return names, nil
	}
	return a.Resolve(ctx)
}

func (a *Alarms) now() time.Time { return clock.Or(a.Clock).Now().UTC() }

// dedupe returns the non-empty values of in, without repeats, in order.
func dedupe(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
