package report

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/run"
)

// The fixtures under testdata/<name>/ (results.json, journal.jsonl) are
// written by this generator from the compact scenarios below, one
// character per poll ("baseline|window|recovery"), then committed: the
// tests read the JSON files, not these scenarios.
var regenFixtures = flag.Bool("fixtures", false, "rewrite testdata/*/results.json and journal.jsonl from the scenarios")

const (
	fxACL    = "acl-0a1b2c3d4e5f67890"
	fxRegion = "eu-west-1"
	fxPoll   = 10 * time.Second
)

var fxWatched = run.Watched{
	Alarms:     []string{"checkout-5xx", "kinesis-put-errors", "orders-queue-age"},
	StopAlarms: []string{"staging-total-outage"},
	Probes:     []string{"api-health", "datadog-intake"},
}

type fxTarget struct {
	cidr, label     string
	ev              *plan.Evidence
	verdict, reason string
	shape           string            // "b|w|r" lengths for tracks left healthy, e.g. "..|......|.."
	tracks          map[string]string // "alarm NAME" or "probe NAME" -> "..|..XX..|.."
	notTested       bool
	undoFails       bool // the delete fails: the entry is left in place
}

type fxScenario struct {
	name, outcome, reason string
	targets               []fxTarget
}

func ev(flows, bytes int64, service, source string, sources, ports []string) *plan.Evidence {
	return &plan.Evidence{Flows: flows, Bytes: bytes, Packets: bytes / 900, Service: service, ServiceSource: source,
		TopSources: sources, Ports: ports, Span: "2026-11-14T00:00:00Z/2026-11-21T00:00:00Z"}
}

// TestGenerateFixtures rewrites the fixtures when run with -fixtures.
func TestGenerateFixtures(t *testing.T) {
	if !*regenFixtures {
		t.Skip("run with -fixtures to rewrite the fixtures")
	}
	for _, sc := range fxScenarios() {
		res, journal := sc.generate(t)
		dir := filepath.Join("testdata", sc.name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		b, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, ResultsFile), append(b, '\n'))
		var jl strings.Builder
		for _, r := range journal {
			line, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			jl.Write(line)
			jl.WriteByte('\n')
		}
		writeFile(t, filepath.Join(dir, JournalFile), []byte(jl.String()))
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func (sc fxScenario) generate(t *testing.T) (*run.Results, []acl.JournalRecord) {
	t0 := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	runID := "20261121T100000Z-" + sc.name
	res := &run.Results{
		SchemaVersion: run.ResultsSchemaVersion, RunID: runID,
		Plan:    run.PlanRef{Path: "plans/nat-egress-staging.yaml", Name: "nat-egress-staging", SHA256: "9f2c4e1ab07d3c55e6f1b2a8d4c9e07f3a6b5d2c1e8f9a0b7c6d5e4f3a2b1c0d"},
		Account: "111122223333", Region: fxRegion, ACL: fxACL, Direction: "egress",
		StartedAt: t0, Outcome: sc.outcome, Reason: sc.reason, Watched: fxWatched, Leftovers: []run.Leftover{},
	}
	rec := func(at time.Time, op string, mod func(*acl.JournalRecord)) acl.JournalRecord {
		r := acl.JournalRecord{Time: at, RunID: runID, Op: op, Region: fxRegion, ACL: fxACL}
		if mod != nil {
			mod(&r)
		}
		return r
	}
	journal := []acl.JournalRecord{
		rec(t0.Add(-3*time.Second), acl.OpRunStart, func(r *acl.JournalRecord) {
			r.Detail = "plan plans/nat-egress-staging.yaml sha256 " + res.Plan.SHA256
		}),
		rec(t0.Add(-2*time.Second), acl.OpLeaseAcquire, func(r *acl.JournalRecord) { r.Detail = "lease " + runID + " by sre@example.com" }),
	}
	cursor := t0
	for i, ft := range sc.targets {
		tr, recs, next := ft.generate(t, cursor, 90+i%2, rec)
		res.Targets = append(res.Targets, tr)
		journal = append(journal, recs...)
		if ft.undoFails {
			res.Leftovers = append(res.Leftovers, run.Leftover{ACL: fxACL, RuleNumber: tr.RuleNumber, Egress: true, CIDR: ft.cidr,
				Command: fmt.Sprintf("aws ec2 delete-network-acl-entry --region %s --network-acl-id %s --rule-number %d --egress", fxRegion, fxACL, tr.RuleNumber)})
		}
		cursor = next
	}
	res.EndedAt = cursor
	if len(res.Leftovers) == 0 { // a run that leaves an entry keeps its lease for recover
		journal = append(journal, rec(cursor.Add(-time.Second), acl.OpLeaseRelease, nil))
	}
	journal = append(journal, rec(cursor, acl.OpRunEnd, func(r *acl.JournalRecord) { r.Detail = "outcome " + sc.outcome }))
	return res, journal
}

func (ft fxTarget) generate(t *testing.T, start time.Time, rule int, rec func(time.Time, string, func(*acl.JournalRecord)) acl.JournalRecord) (run.TargetResult, []acl.JournalRecord, time.Time) {
	tr := run.TargetResult{CIDR: ft.cidr, Label: ft.label, Evidence: ft.ev, Verdict: ft.verdict, Reason: ft.reason, BrokenBy: []run.Break{}, Timeline: []run.Sample{}}
	if ft.notTested {
		return tr, nil, start
	}
	parts := strings.Split(ft.shape, "|")
	nb, nw, nr := len(parts[0]), len(parts[1]), len(parts[2])
	applied := start.Add(time.Duration(nb)*fxPoll - 2*time.Second)
	removed := start.Add(time.Duration(nb+nw)*fxPoll - 2*time.Second)
	tr.RuleNumber, tr.AppliedAt, tr.WindowSeconds = rule, &applied, float64(nw)*fxPoll.Seconds()
	// Every watched alarm is a 10 s high-resolution one, every probe
	// checks every 10 s and fails after 2: all could fail in the window.
	tr.CouldDetect = []run.Detect{}
	for _, n := range fxWatched.Alarms {
		tr.CouldDetect = append(tr.CouldDetect, run.Detect{Kind: "alarm", Name: n, Needs: 10, How: "period 10s x 1 datapoints"})
	}
	for _, n := range fxWatched.Probes {
		tr.CouldDetect = append(tr.CouldDetect, run.Detect{Kind: "probe", Name: n, Needs: 20, How: "every 10s x 2 failures"})
	}
	lastBad := -1
	for _, key := range fxTrackKeys() {
		kind, name, _ := strings.Cut(key, " ")
		cells := strings.ReplaceAll(ft.tracks[key], "|", "")
		if cells == "" {
			cells = strings.ReplaceAll(ft.shape, "|", "")
		}
		if len(cells) != nb+nw+nr {
			t.Fatalf("%s %s: %d cells, want %d", ft.cidr, key, len(cells), nb+nw+nr)
		}
		offset := time.Duration(0)
		if kind == "probe" {
			offset = 3 * time.Second
		}
		broke := false
		for k, c := range cells {
			at := start.Add(time.Duration(k)*fxPoll + offset)
			s := run.Sample{At: at, Phase: phase(k, nb, nw), Kind: kind, Name: name, OK: c == '.',
				Stop: kind == "alarm" && slices.Contains(fxWatched.StopAlarms, name)}
			if kind == "alarm" {
				s.State = map[rune]string{'.': "OK", 'X': "ALARM", '?': "INSUFFICIENT_DATA"}[c]
			} else if c == 'X' {
				s.Error = fxProbeErrors[name]
			}
			if kind == "probe" && c == '.' {
				s.LatencyMS = 40 + float64(k%5)*7
			}
			tr.Timeline = append(tr.Timeline, s)
			if c != '.' && k >= nb {
				lastBad = max(lastBad, k)
			}
			if c == 'X' && k >= nb && k < nb+nw && !broke && ft.verdict == run.VerdictBroke {
				broke = true
				tr.BrokenBy = append(tr.BrokenBy, run.Break{Kind: kind, Name: name, FirstFailureAt: at,
					DetectedAfter: at.Sub(applied).Seconds(), Detail: fxBreakDetail(kind, name)})
			}
		}
	}
	intent := func(op string, at time.Time) acl.JournalRecord {
		return rec(at, op, func(r *acl.JournalRecord) {
			r.RuleNumber, r.Egress, r.CIDR, r.Protocol, r.Action = rule, true, ft.cidr, "-1", "deny"
		})
	}
	recs := []acl.JournalRecord{intent(acl.OpCreateIntent, applied.Add(-time.Second)), intent(acl.OpCreateDone, applied)}
	end := start.Add(time.Duration(nb+nw+nr)*fxPoll + 20*time.Second)
	if ft.undoFails {
		failed := intent(acl.OpUndoFailed, removed.Add(time.Second))
		failed.Detail = "delete entry 91: operation error EC2: DeleteNetworkAclEntry, context deadline exceeded"
		return tr, append(recs, intent(acl.OpDeleteIntent, removed), failed), start.Add(time.Duration(nb+nw)*fxPoll + 5*time.Second)
	}
	tr.RemovedAt = &removed
	recovered := removed.Add(8 * time.Second)
	if lastBad >= nb+nw {
		recovered = start.Add(time.Duration(lastBad+1) * fxPoll)
	}
	d := recovered.Sub(removed).Seconds()
	tr.RecoveredAfter = &d
	recs = append(recs, intent(acl.OpDeleteIntent, removed.Add(-time.Second)), intent(acl.OpDeleteDone, removed))
	return tr, recs, end
}

// fxProbeErrors are the probes' failures as probe.Sample.Error spells
// them: an HTTP status the check did not want, a TCP connect timeout.
var fxProbeErrors = map[string]string{
	"api-health":     "status 500 Internal Server Error, want 200",
	"datadog-intake": "timed out after 5s: dial tcp 3.233.146.10:443: i/o timeout",
}

// fxBreakDetail is a Break.Detail as run records it from probe.Failure:
// an alarm's state and reason, a probe's streak and last evidence.
func fxBreakDetail(kind, name string) string {
	switch {
	case kind == "alarm":
		return "alarm in ALARM: Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0)."
	case name == "datadog-intake":
		return "tcp probe failed 2 times in a row: " + fxProbeErrors[name] + "; latency 5s"
	}
	return "http probe failed 2 times in a row: " + fxProbeErrors[name] + "; latency 31ms"
}

func phase(k, nb, nw int) string {
	switch {
	case k < nb:
		return "baseline"
	case k < nb+nw:
		return "window"
	default:
		return "recovery"
	}
}

func fxTrackKeys() []string {
	var keys []string
	for _, n := range append(append([]string{}, fxWatched.Alarms...), fxWatched.StopAlarms...) {
		keys = append(keys, "alarm "+n)
	}
	for _, n := range fxWatched.Probes {
		keys = append(keys, "probe "+n)
	}
	return keys
}

// loadFixture loads testdata/<name>, failing the test when it cannot.
func loadFixture(t *testing.T, name string) *Input {
	t.Helper()
	in, err := Load(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// renderFixture renders testdata/<name> in format.
func renderFixture(t *testing.T, name, format string) string {
	t.Helper()
	var buf strings.Builder
	if err := Render(&buf, loadFixture(t, name), format); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// fixtureHTML writes the HTML report of testdata/<name> to a temporary
// report.html and returns the input and the page's path.
func fixtureHTML(t *testing.T, name string) (*Input, string) {
	t.Helper()
	in := loadFixture(t, name)
	page := filepath.Join(t.TempDir(), "report.html")
	if err := WriteFile(page, in, FormatHTML); err != nil {
		t.Fatal(err)
	}
	return in, page
}
