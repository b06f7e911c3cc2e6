package probetest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"
)

// CloudWatch is an in-memory CloudWatch holding alarms. Its DescribeAlarms
// behaves like the real API: AlarmNames (at most 100) and AlarmNamePrefix
// are mutually exclusive, only metric alarms are returned unless
// AlarmTypes asks for composite ones too, answers are paged (MaxRecords,
// default 50, at most 100) with opaque NextTokens. It is safe for
// concurrent use.
type CloudWatch struct {
	// PageSize, when positive, caps every page below MaxRecords, so tests
	// can force paging with a handful of alarms.
	PageSize int
	// Fail, when set, is called before each DescribeAlarms; a non-nil
	// error is returned instead of an answer (inject throttling with
	// Throttling()).
	Fail func(in *cloudwatch.DescribeAlarmsInput) error
	// Stall, when set, is called after Fail with the call's context; a
	// non-nil error is returned instead of an answer. It models an API
	// that answers late or never: block until ctx is done (with a virtual
	// clock, advance it), then return ctx.Err().
	Stall func(ctx context.Context) error
	// Now is the clock for state timestamps (time.Now when nil).
	Now func() time.Time

	mu     sync.Mutex
	alarms map[string]*alarm
	calls  int
}

type alarm struct {
	name      string
	composite bool
	state     types.StateValue
	reason    string
	updated   time.Time
	// metric alarms: how soon they can leave OK
	period, evaluationPeriods, datapointsToAlarm int32
	rule                                         string // composite alarms
}

// NewCloudWatch returns an empty fake.
func NewCloudWatch() *CloudWatch {
	return &CloudWatch{alarms: map[string]*alarm{}}
}

// PutMetricAlarm creates (or replaces) a metric alarm in state: a
// high-resolution alarm (Period 10 s, EvaluationPeriods 1) that can leave
// OK 10 s after a break; SetAlarmTiming changes that.
func (f *CloudWatch) PutMetricAlarm(name string, state types.StateValue) {
	f.put(&alarm{name: name, state: state, period: 10, evaluationPeriods: 1})
}

// PutCompositeAlarm creates (or replaces) a composite alarm in state,
// with no rule (its time to leave OK cannot be known).
func (f *CloudWatch) PutCompositeAlarm(name string, state types.StateValue) {
	f.put(&alarm{name: name, composite: true, state: state})
}

// PutCompositeAlarmRule creates (or replaces) a composite alarm in state
// with an AlarmRule such as `ALARM("a") OR ALARM("b")` (not evaluated:
// the state is what SetAlarmState says).
func (f *CloudWatch) PutCompositeAlarmRule(name, rule string, state types.StateValue) {
	f.put(&alarm{name: name, composite: true, state: state, rule: rule})
}

func (f *CloudWatch) put(a *alarm) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a.reason, a.updated = "created", f.now()
	f.alarms[a.name] = a
}

// SetAlarmTiming sets a metric alarm's Period (seconds), EvaluationPeriods
// and DatapointsToAlarm (0: unset, as DescribeAlarms omits it).
func (f *CloudWatch) SetAlarmTiming(name string, period, evaluationPeriods, datapointsToAlarm int32) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.alarms[name]
	if !ok || a.composite {
		return &smithy.GenericAPIError{Code: "ResourceNotFound", Message: fmt.Sprintf("metric alarm %s not found", name)}
	}
	a.period, a.evaluationPeriods, a.datapointsToAlarm = period, evaluationPeriods, datapointsToAlarm
	return nil
}

// SetAlarmState changes an alarm's state and reason, like the real
// SetAlarmState; the state timestamp moves only when the state changes.
func (f *CloudWatch) SetAlarmState(name string, state types.StateValue, reason string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.alarms[name]
	if !ok {
		return &smithy.GenericAPIError{Code: "ResourceNotFound", Message: fmt.Sprintf("alarm %s not found", name)}
	}
	if a.state != state {
		a.updated = f.now()
	}
	a.state, a.reason = state, reason
	return nil
}

// DeleteAlarm removes an alarm (no error when it does not exist).
func (f *CloudWatch) DeleteAlarm(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.alarms, name)
}

// Calls returns how many DescribeAlarms calls were made.
func (f *CloudWatch) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// Throttling returns the error real CloudWatch answers when throttled.
func Throttling() error {
	return &smithy.GenericAPIError{Code: "Throttling", Message: "Rate exceeded", Fault: smithy.FaultClient}
}

// DescribeAlarms implements probe.CloudWatchAPI.
func (f *CloudWatch) DescribeAlarms(ctx context.Context, in *cloudwatch.DescribeAlarmsInput, _ ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.calls++
	fail, stall := f.Fail, f.Stall
	f.mu.Unlock()
	if fail != nil {
		if err := fail(in); err != nil {
			return nil, err
		}
	}
	if stall != nil {
		if err := stall(ctx); err != nil {
			return nil, err
		}
	}
	if err := validate(in); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	matched := f.match(in)
	start, err := offset(in.NextToken, len(matched))
	if err != nil {
		return nil, err
	}
	end := min(start+f.pageSize(in.MaxRecords), len(matched))
	out := &cloudwatch.DescribeAlarmsOutput{}
	for _, a := range matched[start:end] {
		a.appendTo(out)
	}
	if end < len(matched) {
		out.NextToken = aws.String("page-" + strconv.Itoa(end))
	}
	return out, nil
}

func validate(in *cloudwatch.DescribeAlarmsInput) error {
	invalid := func(code, msg string) error {
		return &smithy.GenericAPIError{Code: code, Message: msg, Fault: smithy.FaultClient}
	}
	if len(in.AlarmNames) > 0 && in.AlarmNamePrefix != nil {
		return invalid("InvalidParameterCombination", "AlarmNames and AlarmNamePrefix are mutually exclusive")
	}
	if len(in.AlarmNames) > 100 {
		return invalid("InvalidParameterValue", "at most 100 AlarmNames")
	}
	if in.MaxRecords != nil && (*in.MaxRecords < 1 || *in.MaxRecords > 100) {
		return invalid("InvalidParameterValue", "MaxRecords must be between 1 and 100")
	}
	return nil
}

// match returns the alarms the input selects, sorted by name; f.mu is held.
func (f *CloudWatch) match(in *cloudwatch.DescribeAlarmsInput) []*alarm {
	kinds := in.AlarmTypes
	if len(kinds) == 0 {
		kinds = []types.AlarmType{types.AlarmTypeMetricAlarm}
	}
	var out []*alarm
	for _, a := range f.alarms {
		kind := types.AlarmTypeMetricAlarm
		if a.composite {
			kind = types.AlarmTypeCompositeAlarm
		}
		switch {
		case !slices.Contains(kinds, kind):
		case len(in.AlarmNames) > 0 && !slices.Contains(in.AlarmNames, a.name):
		case in.AlarmNamePrefix != nil && !strings.HasPrefix(a.name, *in.AlarmNamePrefix):
		case in.StateValue != "" && in.StateValue != a.state:
		default:
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(x, y *alarm) int { return strings.Compare(x.name, y.name) })
	return out
}

func (f *CloudWatch) pageSize(maxRecords *int32) int {
	n := 50
	if maxRecords != nil {
		n = int(*maxRecords)
	}
	if f.PageSize > 0 && f.PageSize < n {
		n = f.PageSize
	}
	return n
}

func (f *CloudWatch) now() time.Time {
	if f.Now != nil {
		return f.Now().UTC()
	}
	return time.Now().UTC()
}

// offset decodes a NextToken this fake issued.
func offset(token *string, n int) (int, error) {
	if token == nil || *token == "" {
		return 0, nil
	}
	off, err := strconv.Atoi(strings.TrimPrefix(*token, "page-"))
	if err != nil || !strings.HasPrefix(*token, "page-") || off < 0 || off > n {
		return 0, &smithy.GenericAPIError{Code: "InvalidNextToken", Message: "invalid NextToken", Fault: smithy.FaultClient}
	}
	return off, nil
}

func (a *alarm) appendTo(out *cloudwatch.DescribeAlarmsOutput) {
	updated := a.updated
	if a.composite {
		out.CompositeAlarms = append(out.CompositeAlarms, types.CompositeAlarm{
			AlarmName: aws.String(a.name), StateValue: a.state, StateReason: aws.String(a.reason),
			StateUpdatedTimestamp: &updated, StateTransitionedTimestamp: &updated, AlarmRule: optional(a.rule),
		})
		return
	}
	m := types.MetricAlarm{
		AlarmName: aws.String(a.name), StateValue: a.state, StateReason: aws.String(a.reason),
		StateUpdatedTimestamp: &updated,
	}
	for _, f := range []struct {
		v   int32
		dst **int32
	}{{a.period, &m.Period}, {a.evaluationPeriods, &m.EvaluationPeriods}, {a.datapointsToAlarm, &m.DatapointsToAlarm}} {
		if f.v != 0 {
			*f.dst = aws.Int32(f.v)
		}
	}
	out.MetricAlarms = append(out.MetricAlarms, m)
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
