package report

import (
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/run"
)

var t0 = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

func at(s float64) time.Time { return t0.Add(seconds(s)) }

func alarm(s float64, name, state string) run.Sample {
	return run.Sample{At: at(s), Kind: "alarm", Name: name, State: state, OK: state == "OK"}
}

func probe(s float64, name string, ok bool) run.Sample {
	p := run.Sample{At: at(s), Kind: "probe", Name: name, OK: ok}
	if !ok {
		p.Error = "timeout"
	}
	return p
}

func TestTimelineText(t *testing.T) {
	applied, removed := at(15), at(45)
	tests := []struct {
		name    string
		watched run.Watched
		samples []run.Sample
		want    string
	}{
		{"alarm breaks in the window",
			run.Watched{Alarms: []string{"errs"}},
			[]run.Sample{alarm(0, "errs", "OK"), alarm(10, "errs", "OK"), alarm(20, "errs", "ALARM"), alarm(30, "errs", "ALARM"),
				alarm(40, "errs", "OK"), alarm(50, "errs", "OK"), alarm(60, "errs", "INSUFFICIENT_DATA")},
			"deny entry  -###---\nalarm errs  ..XX..?"},
		{"probe offset from alarms shares the grid, failure wins in a column",
			run.Watched{Alarms: []string{"a"}, Probes: []string{"p"}},
			[]run.Sample{alarm(0, "a", "OK"), alarm(10, "a", "OK"), alarm(20, "a", "OK"), alarm(30, "a", "OK"),
				probe(3, "p", true), probe(13, "p", true), probe(23, "p", false), probe(24, "p", true), probe(34, "p", true)},
			"deny entry  -###\nalarm a     ....\nprobe p     ..X."},
		{"watched but never sampled, and a state held between samples",
			run.Watched{Alarms: []string{"a", "silent"}},
			[]run.Sample{alarm(0, "a", "OK"), alarm(10, "a", "OK"), alarm(40, "a", "OK")},
			"deny entry    -###-\nalarm a       .....\nalarm silent"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tl := buildTimeline(1, run.TargetResult{CIDR: "192.0.2.1/32", AppliedAt: &applied, RemovedAt: &removed, Timeline: tc.samples}, tc.watched)
			if got := tl.Text(); got != tc.want {
				t.Errorf("text timeline:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestTimelineResamplesLongRuns(t *testing.T) {
	var ss []run.Sample
	for i := range 600 { // 100 minutes of 10 s polls
		ss = append(ss, alarm(float64(i*10), "a", "OK"))
	}
	tl := buildTimeline(1, run.TargetResult{Timeline: ss}, run.Watched{})
	if n := tl.Columns(); n > maxColumns || n < maxColumns/2 {
		t.Errorf("%d columns, want at most %d and not far fewer", n, maxColumns)
	}
	if strings.Trim(tl.Tracks[0].Cells, ".") != "" {
		t.Errorf("resampled cells %q should all be healthy", tl.Tracks[0].Cells)
	}
}

func TestTimelineSegmentsAndSummary(t *testing.T) {
	tl := buildTimeline(1, run.TargetResult{Timeline: []run.Sample{
		probe(0, "p", true), probe(10, "p", false), probe(20, "p", false), probe(30, "p", true),
	}}, run.Watched{})
	got := tl.Tracks[0].Summary()
	want := "ok 10:00:00Z–10:00:10Z; failed: timeout 10:00:10Z–10:00:30Z; ok 10:00:30Z–10:00:40Z"
	if got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if d := tl.Describe(); !strings.Contains(d, "probe p: ok") {
		t.Errorf("describe = %q, want the failing probe described", d)
	}
}

func TestSummarizeJournal(t *testing.T) {
	rec := func(s float64, op string, rule int, cidr, detail string) acl.JournalRecord {
		return acl.JournalRecord{Time: at(s), Op: op, ACL: "acl-1", RuleNumber: rule, Egress: true, CIDR: cidr, Action: "deny", Detail: detail}
	}
	js := summarizeJournal([]acl.JournalRecord{
		{Time: at(0), Op: acl.OpRunStart, ACL: "acl-1", Detail: "plan p.yaml"},
		rec(1, acl.OpCreateIntent, 90, "192.0.2.1/32", ""), rec(2, acl.OpCreateDone, 90, "192.0.2.1/32", ""),
		rec(61, acl.OpDeleteIntent, 90, "192.0.2.1/32", ""), rec(62, acl.OpDeleteDone, 90, "192.0.2.1/32", ""),
		// the same rule number reused for the next target
		rec(70, acl.OpCreateIntent, 90, "192.0.2.2/32", ""), rec(71, acl.OpCreateDone, 90, "192.0.2.2/32", ""),
		rec(100, acl.OpDeleteIntent, 90, "192.0.2.2/32", ""), rec(101, acl.OpUndoFailed, 90, "192.0.2.2/32", "throttled"),
		// killed between the intent and the call
		rec(110, acl.OpCreateIntent, 91, "192.0.2.3/32", ""),
	}, true)
	if len(js.Changes) != 3 || js.Undone != 1 || js.NotUndone != 2 {
		t.Fatalf("changes %d (undone %d, not %d), want 3 (1, 2): %+v", len(js.Changes), js.Undone, js.NotUndone, js.Changes)
	}
	want := []struct{ cidr, status string }{
		{"192.0.2.1/32", ChangeUndone}, {"192.0.2.2/32", ChangeNotUndone}, {"192.0.2.3/32", ChangeUnconfirmed},
	}
	for i, w := range want {
		if c := js.Changes[i]; c.CIDR != w.cidr || c.Status != w.status {
			t.Errorf("change %d = %s %s, want %s %s", i, c.CIDR, c.Status, w.cidr, w.status)
		}
	}
	if p := js.Changes[0].InPlaceSecs; p == nil || *p != 60 {
		t.Errorf("in place = %v, want 60s", p)
	}
	if js.Changes[1].FailedDetail != "throttled" {
		t.Errorf("failed detail = %q", js.Changes[1].FailedDetail)
	}
	if len(js.Events) != 1 || js.Events[0].Op != acl.OpRunStart {
		t.Errorf("events = %+v, want the run-start", js.Events)
	}
}

func TestTimelineRefinesSparseSamples(t *testing.T) {
	// A run that records only changes: three samples over ten minutes.
	tl := buildTimeline(1, run.TargetResult{Timeline: []run.Sample{
		alarm(0, "a", "OK"), alarm(300, "a", "ALARM"), alarm(600, "a", "OK"),
	}}, run.Watched{})
	if n := tl.Columns(); n < minColumns {
		t.Errorf("%d columns for sparse samples, want at least %d", n, minColumns)
	}
	if c := tl.Tracks[0].Cells; !strings.Contains(c, ".X") || !strings.HasSuffix(c, "X.") {
		t.Errorf("cells %q should hold OK, then ALARM, then OK", c)
	}
}

// TestStopAlarmsApart: stop alarms (named in the plan, or sampled with
// Stop) come after the watched alarms and probes, set apart in the text
// timeline by a blank line and in the chart by a captioned rule.
func TestStopAlarmsApart(t *testing.T) {
	applied, removed := at(15), at(25)
	stop := func(s float64, name, state string) run.Sample {
		a := alarm(s, name, state)
		a.Stop = true
		return a
	}
	tl := buildTimeline(1, run.TargetResult{CIDR: "192.0.2.1/32", AppliedAt: &applied, RemovedAt: &removed, Timeline: []run.Sample{
		stop(0, "outage", "OK"), alarm(0, "errs", "OK"), probe(0, "p", true), stop(0, "unplanned-stop", "OK"),
		stop(10, "outage", "OK"), alarm(10, "errs", "OK"), probe(10, "p", true), stop(10, "unplanned-stop", "OK"),
		stop(20, "outage", "ALARM"), alarm(20, "errs", "ALARM"), probe(20, "p", true), stop(20, "unplanned-stop", "OK"),
	}}, run.Watched{Alarms: []string{"errs"}, StopAlarms: []string{"outage"}, Probes: []string{"p"}})
	want := "deny entry                 -#-\n" +
		"alarm errs                 ..X\n" +
		"probe p                    ...\n" +
		"\n" +
		"stop alarm outage          ..X\n" +
		"stop alarm unplanned-stop  ..."
	if got := tl.Text(); got != want {
		t.Errorf("text timeline:\n%s\nwant:\n%s", got, want)
	}
	c := tl.Chart()
	if c.Stops == nil {
		t.Fatal("chart has no stop-alarm group")
	}
	var labels []string
	for _, r := range c.Rows {
		labels = append(labels, r.Label)
		if stopRow := strings.HasPrefix(r.Label, "stop alarm"); stopRow != (r.Y > c.Stops.Y) {
			t.Errorf("row %q at y %.1f, stop-alarm rule at %.1f: stop alarms belong below it, the rest above", r.Label, r.Y, c.Stops.Y)
		}
	}
	if got := strings.Join(labels, ", "); got != "alarm errs, probe p, stop alarm outage, stop alarm unplanned-stop" {
		t.Errorf("chart rows %q", got)
	}
	if d := tl.Describe(); !strings.Contains(d, "stop alarm outage: OK") {
		t.Errorf("describe = %q, want the stop alarm named as one", d)
	}
	noStop := buildTimeline(1, run.TargetResult{Timeline: []run.Sample{alarm(0, "errs", "OK")}}, run.Watched{Alarms: []string{"errs"}})
	if noStop.Chart().Stops != nil || strings.Contains(noStop.Text(), "\n\n") {
		t.Errorf("a timeline without stop alarms has a stop-alarm group")
	}
}
