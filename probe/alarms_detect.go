package probe

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/aclprobe/aclprobe/plan"
)

// maxCompositeDepth bounds how deep composite alarms are followed.
const maxCompositeDepth = 5

// alarmTiming is what DescribeAlarms says about how soon an alarm can
// leave OK.
type alarmTiming struct {
	composite bool
	rule      string        // composite: the AlarmRule
	period    time.Duration // metric: Period, else the longest period of its metric queries
	points    int32         // metric: DatapointsToAlarm, else EvaluationPeriods
}

// AlarmDetectors reads the alarms names (resolved watched alarms) and
// returns, for each, how soon after a break it can leave OK: a metric
// alarm's Period x DatapointsToAlarm (EvaluationPeriods when unset; for a
// metric math alarm the longest period among its queries); a composite
// alarm's is the shortest of its children's when its rule only ORs alarm
// states, and the longest when the rule also uses AND, NOT or AT_LEAST
// (then one child failing may not be enough). Children are read as
// needed; one that cannot be read makes the composite's time unknown.
func AlarmDetectors(ctx context.Context, cw CloudWatchAPI, names []string) ([]plan.Detector, error) {
	timings := map[string]alarmTiming{}
	if err := readTimings(ctx, cw, names, timings); err != nil {
		return nil, err
	}
	out := make([]plan.Detector, 0, len(names))
	for _, n := range names {
		needs, how, unknown := alarmNeeds(ctx, cw, n, timings, 0)
		out = append(out, plan.Detector{Kind: KindAlarm, Name: n, Needs: needs, How: how, Unknown: unknown})
	}
	return out, nil
}

// readTimings adds the timing of every alarm among names (that exists)
// to into.
func readTimings(ctx context.Context, cw CloudWatchAPI, names []string, into map[string]alarmTiming) error {
	var want []string
	for _, n := range names {
		if _, ok := into[n]; !ok {
			want = append(want, n)
		}
	}
	for start := 0; start < len(want); start += maxAlarmNames {
		batch := want[start:min(start+maxAlarmNames, len(want))]
		in := cloudwatch.DescribeAlarmsInput{AlarmNames: batch, AlarmTypes: alarmTypes}
		for page := 0; ; page++ {
			if page == maxAlarmPages {
				return fmt.Errorf("describe alarms: more than %d pages", maxAlarmPages)
			}
			out, err := cw.DescribeAlarms(ctx, &in)
			if err != nil {
				return fmt.Errorf("describe alarms: %w", err)
			}
			for _, a := range out.MetricAlarms {
				into[aws.ToString(a.AlarmName)] = metricTiming(a)
			}
			for _, a := range out.CompositeAlarms {
				into[aws.ToString(a.AlarmName)] = alarmTiming{composite: true, rule: aws.ToString(a.AlarmRule)}
			}
			if aws.ToString(out.NextToken) == "" {
				break
			}
			in.NextToken = out.NextToken
		}
	}
	return nil
}

func metricTiming(a types.MetricAlarm) alarmTiming {
	t := alarmTiming{period: time.Duration(aws.ToInt32(a.Period)) * time.Second, points: aws.ToInt32(a.DatapointsToAlarm)}
	if t.points == 0 {
		t.points = aws.ToInt32(a.EvaluationPeriods)
	}
	if t.period == 0 {
		for _, m := range a.Metrics {
			p := aws.ToInt32(m.Period)
			if m.MetricStat != nil && m.MetricStat.Period != nil {
				p = max(p, aws.ToInt32(m.MetricStat.Period))
			}
			t.period = max(t.period, time.Duration(p)*time.Second)
		}
	}
	return t
}

// alarmNeeds is how soon alarm n can leave OK, how that was found, or
// why it is unknown.
func alarmNeeds(ctx context.Context, cw CloudWatchAPI, n string, timings map[string]alarmTiming, depth int) (time.Duration, string, string) {
	t, ok := timings[n]
	if !ok {
		return 0, "", "alarm " + n + " could not be read"
	}
	if !t.composite {
		if t.period <= 0 || t.points <= 0 {
			return 0, "", "DescribeAlarms gives no period or evaluation periods"
		}
		return t.period * time.Duration(t.points), fmt.Sprintf("period %s x %d datapoints", plan.FormatDuration(t.period), t.points), ""
	}
	if depth >= maxCompositeDepth {
		return 0, "", fmt.Sprintf("composite alarms nested deeper than %d", maxCompositeDepth)
	}
	children := ruleChildren(t.rule)
	if len(children) == 0 {
		return 0, "", "composite alarm rule names no child alarm aclprobe can read: " + t.rule
	}
	if err := readTimings(ctx, cw, children, timings); err != nil {
		return 0, "", "children not readable: " + err.Error()
	}
	all := onlyOr(t.rule)
	var pick time.Duration
	var pickName string
	for i, c := range children {
		needs, _, unknown := alarmNeeds(ctx, cw, c, timings, depth+1)
		if unknown != "" {
			return 0, "", "child " + c + ": " + unknown
		}
		if i == 0 || (all && needs < pick) || (!all && needs > pick) {
			pick, pickName = needs, c
		}
	}
	how := "composite: the shortest of its children, " + pickName
	if !all {
		how = "composite with AND/NOT/AT_LEAST: the longest of its children, " + pickName
	}
	return pick, how, ""
}

// childRef matches ALARM(x), OK(x) and INSUFFICIENT_DATA(x) in a
// composite alarm rule; x may be quoted and may be an alarm ARN.
var childRef = regexp.MustCompile(`\b(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*(?:"([^"]+)"|'([^']+)'|([^()\s"']+))\s*\)`)

// ruleChildren lists the alarm names a composite rule refers to, in
// order, without repeats.
func ruleChildren(rule string) []string {
	var out []string
	for _, m := range childRef.FindAllStringSubmatch(rule, -1) {
		name := m[1] + m[2] + m[3]
		if i := strings.LastIndex(name, ":alarm:"); i >= 0 && strings.HasPrefix(name, "arn:") {
			name = name[i+len(":alarm:"):]
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// onlyOr reports whether a rule combines its alarm states with OR only
// (outside quoted names), so that any one child leaving OK can fire it.
func onlyOr(rule string) bool {
	bare := regexp.MustCompile(`"[^"]*"|'[^']*'`).ReplaceAllString(rule, "")
	for _, w := range []string{"AND", "NOT", "AT_LEAST"} {
		if regexp.MustCompile(`\b` + w + `\b`).MatchString(bare) {
			return false
		}
	}
	return true
}
