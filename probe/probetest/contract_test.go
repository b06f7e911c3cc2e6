package probetest_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/probe"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"
)

// TestCloudWatchContract holds the CloudWatch fake and moto_server
// (through the real client, when ACLPROBE_MOTO_URL is set) to one
// contract for the calls the alarm watcher makes. Where moto differs from
// AWS, the case asserts the named quirk.
func TestCloudWatchContract(t *testing.T) {
	for _, b := range cwBackends() {
		t.Run(b.name, func(t *testing.T) {
			for _, c := range cwCases {
				t.Run(c.name, func(t *testing.T) {
					c.run(&cwHarness{t: t, ctx: context.Background(), alarmWorld: b.newWorld(t), q: b.quirks})
				})
			}
		})
	}
}

type cwHarness struct {
	t   *testing.T
	ctx context.Context
	alarmWorld
	q cwQuirks
}

// alarms creates metric alarms prefix+suffix, each set to OK with reason
// "baseline", and returns their names.
func (h *cwHarness) alarms(suffixes ...string) []string {
	h.t.Helper()
	var names []string
	for _, s := range suffixes {
		n := h.prefix + s
		if err := h.putMetric(n); err != nil {
			h.t.Fatalf("put metric alarm %s: %v", n, err)
		}
		h.set(n, types.StateValueOk, "baseline")
		names = append(names, n)
	}
	return names
}

func (h *cwHarness) set(name string, s types.StateValue, reason string) {
	h.t.Helper()
	if err := h.setState(name, s, reason); err != nil {
		h.t.Fatalf("set %s to %s: %v", name, s, err)
	}
}

// describe follows NextToken through every page (at most 20) and returns
// the pages' metric alarms, and the composite alarms' names.
func (h *cwHarness) describe(in cloudwatch.DescribeAlarmsInput) (pages [][]types.MetricAlarm, composite []string, err error) {
	for range 20 {
		out, err := h.api.DescribeAlarms(h.ctx, &in)
		if err != nil {
			return nil, nil, err
		}
		pages = append(pages, out.MetricAlarms)
		for _, c := range out.CompositeAlarms {
			composite = append(composite, aws.ToString(c.AlarmName))
		}
		if out.NextToken == nil {
			return pages, composite, nil
		}
		in.NextToken = out.NextToken
	}
	h.t.Fatalf("DescribeAlarms %+v: still a NextToken after 20 pages", in)
	return nil, nil, nil
}

// names returns the sorted metric alarm names of a one-call answer.
func (h *cwHarness) names(in cloudwatch.DescribeAlarmsInput) []string {
	h.t.Helper()
	pages, _, err := h.describe(in)
	if err != nil {
		h.t.Fatalf("DescribeAlarms %+v: %v", in, err)
	}
	var out []string
	for _, p := range pages {
		for _, a := range p {
			out = append(out, aws.ToString(a.AlarmName))
		}
	}
	slices.Sort(out)
	return out
}

func (h *cwHarness) wantNames(what string, got, want []string) {
	h.t.Helper()
	if !slices.Equal(got, want) {
		h.t.Fatalf("%s = %q, want %q", what, got, want)
	}
}

func (h *cwHarness) wantCode(what string, err error, code string) {
	h.t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		h.t.Fatalf("%s: error %v, want code %s", what, err, code)
	}
}

var cwCases = []struct {
	name string
	run  func(h *cwHarness)
}{
	{"a new metric alarm starts in INSUFFICIENT_DATA", func(h *cwHarness) {
		n := h.prefix + "new"
		if err := h.putMetric(n); err != nil {
			h.t.Fatal(err)
		}
		out, err := h.api.DescribeAlarms(h.ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{n}})
		if err != nil || len(out.MetricAlarms) != 1 {
			h.t.Fatalf("describe %s: %v, %+v", n, err, out)
		}
		want := types.StateValueInsufficientData
		if h.q.NewAlarmIsOK {
			want = types.StateValueOk
		}
		if got := out.MetricAlarms[0].StateValue; got != want {
			h.t.Errorf("state of a new alarm = %s, want %s", got, want)
		}
	}},
	{"names select exactly those alarms with their state and reason; a missing name is left out", func(h *cwHarness) {
		names := h.alarms("api-5xx", "api-latency", "db-cpu")
		h.set(names[0], types.StateValueAlarm, "denied target broke the API")
		out, err := h.api.DescribeAlarms(h.ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{names[0], names[2], h.prefix + "missing"}})
		if err != nil {
			h.t.Fatal(err)
		}
		got := map[string]string{}
		for _, a := range out.MetricAlarms {
			got[aws.ToString(a.AlarmName)] = string(a.StateValue) + ": " + aws.ToString(a.StateReason)
		}
		want := map[string]string{names[0]: "ALARM: denied target broke the API", names[2]: "OK: baseline"}
		if len(got) != len(want) || got[names[0]] != want[names[0]] || got[names[2]] != want[names[2]] {
			h.t.Errorf("alarms = %v, want %v", got, want)
		}
	}},
	{"a prefix selects by name start and every page together holds each match once", func(h *cwHarness) {
		names := h.alarms("p-1", "p-2", "p-3", "p-4", "p-5", "other")
		pages, _, err := h.describe(cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String(h.prefix + "p-"), MaxRecords: aws.Int32(2)})
		if err != nil {
			h.t.Fatal(err)
		}
		wantPages := 3
		if h.q.NoPaging {
			wantPages = 1
		}
		var got []string
		for _, p := range pages {
			if !h.q.NoPaging && len(p) > 2 {
				h.t.Errorf("a page of %d alarms with MaxRecords 2", len(p))
			}
			for _, a := range p {
				got = append(got, aws.ToString(a.AlarmName))
			}
		}
		slices.Sort(got)
		h.wantNames("alarms over every page", got, names[:5])
		if len(pages) != wantPages {
			h.t.Errorf("%d pages, want %d", len(pages), wantPages)
		}
	}},
	{"MaxRecords outside 1..100 is refused", func(h *cwHarness) {
		h.alarms("a")
		_, _, err := h.describe(cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String(h.prefix), MaxRecords: aws.Int32(101)})
		if h.q.NoPaging {
			if err != nil {
				h.t.Fatalf("quirk: MaxRecords 101 is accepted: %v", err)
			}
			return
		}
		h.wantCode("MaxRecords 101", err, "InvalidParameterValue")
	}},
	{"AlarmNames with AlarmNamePrefix is refused", func(h *cwHarness) {
		names := h.alarms("a", "b")
		in := cloudwatch.DescribeAlarmsInput{AlarmNames: names[:1], AlarmNamePrefix: aws.String(h.prefix)}
		if h.q.PrefixOverridesNames {
			h.wantNames("quirk: the prefix's alarms", h.names(in), names)
			return
		}
		_, _, err := h.describe(in)
		h.wantCode("names and prefix", err, "InvalidParameterCombination")
	}},
	{"StateValue narrows a prefix", func(h *cwHarness) {
		names := h.alarms("a", "b")
		h.set(names[1], types.StateValueAlarm, "broke")
		want := names[1:]
		if h.q.StateValueIgnoredWithSelector {
			want = names
		}
		h.wantNames("prefix in ALARM", h.names(cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String(h.prefix), StateValue: types.StateValueAlarm}), want)
	}},
	{"SetAlarmState sets state and reason; a missing alarm is ResourceNotFound", func(h *cwHarness) {
		names := h.alarms("a")
		h.set(names[0], types.StateValueAlarm, "broke")
		h.set(names[0], types.StateValueAlarm, "still broken")
		out, err := h.api.DescribeAlarms(h.ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: names})
		if err != nil || len(out.MetricAlarms) != 1 {
			h.t.Fatalf("describe: %v, %+v", err, out)
		}
		if a := out.MetricAlarms[0]; a.StateValue != types.StateValueAlarm || aws.ToString(a.StateReason) != "still broken" {
			h.t.Errorf("alarm = %s %q, want ALARM %q", a.StateValue, aws.ToString(a.StateReason), "still broken")
		}
		h.wantCode("set a missing alarm", h.setState(h.prefix+"missing", types.StateValueOk, "x"), "ResourceNotFound")
	}},
	{"composite alarms are answered only when AlarmTypes asks for them", func(h *cwHarness) {
		names := h.alarms("metric")
		err := h.putComposite(h.prefix+"composite", names[0])
		if h.q.NoCompositeAlarms {
			if err == nil {
				h.t.Fatal("quirk: PutCompositeAlarm succeeded, want it not implemented")
			}
			return
		}
		if err != nil {
			h.t.Fatal(err)
		}
		prefix := aws.String(h.prefix)
		_, composite, err := h.describe(cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: prefix})
		if err != nil || len(composite) != 0 {
			h.t.Errorf("without AlarmTypes: composite %q, err %v; want none", composite, err)
		}
		both := []types.AlarmType{types.AlarmTypeMetricAlarm, types.AlarmTypeCompositeAlarm}
		_, composite, err = h.describe(cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: prefix, AlarmTypes: both})
		if err != nil || !slices.Equal(composite, []string{h.prefix + "composite"}) {
			h.t.Errorf("with AlarmTypes: composite %q, err %v; want [%scomposite]", composite, err, h.prefix)
		}
	}},
	// moto never evaluates alarms and has no composite alarms: the watcher's
	// handling of those is covered against the fake in probe's own tests.
	{"the alarm watcher resolves names and a prefix and follows SetAlarmState", func(h *cwHarness) {
		names := h.alarms("api-5xx", "api-latency", "db-cpu")
		a := probe.NewAlarms(h.api, []string{h.prefix + "db-cpu"}, []string{h.prefix + "api-"})
		got, err := a.Resolve(h.ctx)
		if err != nil {
			h.t.Fatal(err)
		}
		h.wantNames("Resolve", got, names)
		if err := a.CheckOK(h.ctx); err != nil {
			h.t.Fatalf("CheckOK: %v", err)
		}
		before := time.Now().Add(-time.Minute)
		h.set(names[0], types.StateValueAlarm, "denied target broke the API")
		samples, failing, err := a.Poll(h.ctx)
		if err != nil {
			h.t.Fatal(err)
		}
		if len(samples) != 3 || len(failing) != 1 || failing[0].Name != names[0] {
			h.t.Fatalf("Poll = %+v, failing %+v; want 3 samples and api-5xx failing", samples, failing)
		}
		if failing[0].Since.Before(before) || failing[0].Detail != "alarm in ALARM: denied target broke the API" {
			h.t.Errorf("failure = %+v", failing[0])
		}
		h.set(names[0], types.StateValueOk, "recovered")
		if err := a.CheckOK(h.ctx); err != nil {
			h.t.Errorf("CheckOK after recovery: %v", err)
		}
		_, err = probe.NewAlarms(h.api, []string{h.prefix + "missing"}, []string{h.prefix + "none-"}).Resolve(h.ctx)
		if !errors.Is(err, probe.ErrAlarmNotFound) {
			h.t.Errorf("Resolve of missing alarms = %v, want ErrAlarmNotFound", err)
		}
	}},
}
