package run

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/plan"
)

// eventLog is an EventSink that keeps every event.
type eventLog struct{ events []Event }

func (l *eventLog) Event(e Event) { l.events = append(l.events, e) }

// lines renders the events that are not status updates or checks, one
// per line, for comparison.
func (l *eventLog) lines() []string {
	var out []string
	for _, e := range l.events {
		switch e.Kind {
		case EventStatus, EventCheck:
			continue
		case EventFailing, EventRecovered:
			out = append(out, fmt.Sprintf("%d/%d %s %d %s %s", e.Target, e.Targets, e.CIDR, e.Kind, e.Item, e.Detail))
		case EventVerdict:
			out = append(out, fmt.Sprintf("%d/%d %s verdict %s", e.Target, e.Targets, e.CIDR, e.Verdict))
		default:
			out = append(out, fmt.Sprintf("%d/%d %s %d", e.Target, e.Targets, e.CIDR, e.Kind))
		}
	}
	return out
}

// TestRunEvents: a run tells its sink what happens to each target: the
// deny, the alarm failing with its reason and recovering, the removal and
// the verdict, and a status update per poll with the window's end.
func TestRunEvents(t *testing.T) {
	w := newWorld()
	w.simulate(kinesis)
	w.plan.Targets = w.plan.Targets[:2]
	sink := &eventLog{}
	o := Options{Plan: w.plan, OutDir: t.TempDir(), RunID: "run-1", Events: sink}
	if _, err := Run(context.Background(), w.runDeps(), o); err != nil {
		t.Fatal(err)
	}
	k, p := "1/2 203.0.113.7/32", "2/2 198.51.100.9/32"
	want := []string{
		k + " 2", k + " 3",
		fmt.Sprintf("%s %d alarm kinesis-errors ALARM: denied 203.0.113.7/32", k, EventFailing),
		k + " 7", k + " 8",
		fmt.Sprintf("%s %d alarm kinesis-errors ", k, EventRecovered),
		k + " verdict broke",
		p + " 2", p + " 3", p + " 7", p + " 8", p + " verdict no-impact",
	}
	if got := sink.lines(); !reflect.DeepEqual(got, want) {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var checks, windowStatus int
	for _, e := range sink.events {
		switch {
		case e.Kind == EventCheck && e.OK:
			checks++
		case e.Kind == EventStatus && e.Phase == "window":
			windowStatus++
			if e.WindowEnd.IsZero() || e.Healthy+e.Failing != 3 {
				t.Errorf("status %+v: want the window's end and 3 items (2 alarms, 1 stop alarm)", e)
			}
		}
	}
	if checks == 0 || windowStatus == 0 {
		t.Errorf("%d passing check events, %d window status events: want some of each", checks, windowStatus)
	}
}

// TestRunNotStartedLeavesOutDirUsable: a run refused at the confirmation
// returns ErrNotStarted, changes nothing, and the same output directory
// takes the next try.
func TestRunNotStartedLeavesOutDirUsable(t *testing.T) {
	w := newWorld()
	dir := filepath.Join(t.TempDir(), "out")
	refuse := func(context.Context, []plan.Check) error { return errors.New("typed \"no\"") }
	o := Options{Plan: w.plan, OutDir: dir, RunID: "run-1", Confirm: refuse}
	before := fmt.Sprint(w.ec2.ACL(testACL).Entries, w.ec2.ACL(testACL).Tags)
	_, err := Run(context.Background(), w.runDeps(), o)
	if !errors.Is(err, ErrNotStarted) || !errors.Is(err, ErrPreflight) {
		t.Fatalf("Run = %v, want ErrNotStarted and ErrPreflight", err)
	}
	if after := fmt.Sprint(w.ec2.ACL(testACL).Entries, w.ec2.ACL(testACL).Tags); after != before {
		t.Fatalf("ACL changed:\n%s\n%s", before, after)
	}
	o.RunID, o.Confirm = "run-2", nil
	if _, err := Run(context.Background(), w.runDeps(), o); err != nil {
		t.Fatalf("second try in the same --out: %v", err)
	}
	if err := ClaimOutDir(dir); err == nil || !strings.Contains(err.Error(), "already holds a run") {
		t.Fatalf("ClaimOutDir after a run that started = %v, want a refusal", err)
	}
}

func TestClaimOutDir(t *testing.T) {
	cases := []struct {
		name    string
		journal string // "" for none
		results bool
		refused bool
	}{
		{name: "empty"},
		{name: "refused start", journal: `{"op":"run-start"}` + "\n" + `{"op":"run-end","detail":"failed"}` + "\n", results: true},
		{name: "still at its prompt (no run-end)", journal: `{"op":"run-start"}` + "\n", refused: true},
		{name: "lease taken", journal: `{"op":"run-start"}` + "\n" + `{"op":"lease-acquire"}` + "\n" + `{"op":"run-end"}` + "\n", refused: true},
		{name: "entry pending", journal: `{"op":"run-start"}` + "\n" +
			`{"op":"create-intent","acl":"acl-1","rule_number":90,"egress":true,"cidr":"192.0.2.1/32","protocol":"-1","action":"deny"}` + "\n" +
			`{"op":"run-end"}` + "\n", refused: true},
		{name: "results without a journal", results: true, refused: true},
		{name: "unreadable journal", journal: "{}\n", refused: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.journal != "" {
				write(t, filepath.Join(dir, JournalFile), tc.journal)
			}
			if tc.results {
				write(t, filepath.Join(dir, ResultsFile), "{}\n")
			}
			err := ClaimOutDir(dir)
			if tc.refused {
				if err == nil || !strings.Contains(err.Error(), "already holds a run") {
					t.Fatalf("ClaimOutDir = %v, want a refusal", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{JournalFile, ResultsFile} {
				if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
					t.Errorf("%s of a run that never started is still there", f)
				}
			}
		})
	}
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestGroupEventsNameTheWindowsTargets: in group mode every target's
// result exists from the start, so the number a window's events carry is
// its first target's, not the count of results (which is always N).
func TestGroupEventsNameTheWindowsTargets(t *testing.T) {
	w := groupWorld(8, 4)
	sink := &eventLog{}
	o := Options{Plan: w.plan, OutDir: t.TempDir(), RunID: "run-1", Events: sink}
	if _, err := Run(context.Background(), w.runDeps(), o); err != nil {
		t.Fatal(err)
	}
	var applied []int
	for _, e := range sink.events {
		if e.Kind == EventApplied {
			applied = append(applied, e.Target)
		}
	}
	if want := []int{1, 5}; !reflect.DeepEqual(applied, want) {
		t.Errorf("applied events name targets %v, want %v (the first target of each window of 4)", applied, want)
	}
}
