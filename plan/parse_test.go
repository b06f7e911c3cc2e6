package plan

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func readValid(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// loadValid loads testdata/valid.yaml, failing the test if it does not
// load, and returns the plan and its SHA-256.
func loadValid(t *testing.T) (*Plan, string) {
	t.Helper()
	p, sum, err := Load("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return p, sum
}

func TestLoadValidPlanAppliesDefaults(t *testing.T) {
	p, sum, err := Load("testdata/valid.yaml")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	b, _ := os.ReadFile("testdata/valid.yaml")
	if sum != SHA256(b) || len(sum) != 64 {
		t.Errorf("sha256 = %q, want %q", sum, SHA256(b))
	}
	if got := p.Watch.Probes[0]; got.Interval.D() != 30*time.Second || got.Timeout.D() != 5*time.Second ||
		got.FailureThreshold != 2 || got.HTTP.Method != "GET" {
		t.Errorf("probe defaults not applied: %+v", got)
	}
	if len(p.Targets) != 2 || p.Targets[0].Evidence.Flows != 1200 {
		t.Errorf("targets = %+v", p.Targets)
	}
}

func TestSetDefaultsOnMinimalPlan(t *testing.T) {
	p := &Plan{Watch: Watch{Probes: []Probe{{Name: "fast", Interval: Duration(2 * time.Second), TCP: &TCPProbe{Address: "h:1"}}}}}
	p.SetDefaults()
	want := Timing{Window: Duration(DefaultWindow), PollInterval: Duration(DefaultPollInterval),
		RecoveryTimeout: Duration(DefaultRecoveryTimeout), MaxDuration: Duration(DefaultMaxDuration)}
	if p.Timing != want {
		t.Errorf("timing = %+v, want %+v", p.Timing, want)
	}
	if p.Deny.Direction != "egress" || p.Deny.Protocol != "all" || p.Deny.MaxEntries != 20 {
		t.Errorf("deny = %+v", p.Deny)
	}
	if pr := p.Watch.Probes[0]; pr.Timeout.D() != 2*time.Second {
		t.Errorf("probe timeout = %s, want the 2s interval (shorter than 5s)", pr.Timeout)
	}
}

func TestParseReportsEveryProblemWithPositions(t *testing.T) {
	src := strings.Replace(readValid(t), "name: unit-valid", "name: unit-valid\ncolour: blue", 1)
	src = strings.Replace(src, "window: 5m", "window: five minutes", 1)
	src = strings.Replace(src, "max_entries: 20", "max_entries: twenty", 1)
	src = strings.Replace(src, "region: eu-west-1", "region: Ireland", 1)
	_, _, err := Parse(strings.NewReader(src), "bad.yaml")
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want *ValidationError", err)
	}
	want := []string{
		`bad.yaml:3:1: colour: unknown key "colour"`,
		`bad.yaml:6:11: target.region: "Ireland" is not an AWS region name`,
		`bad.yaml:17:16: deny.max_entries: cannot unmarshal !!str ` + "`twenty`" + ` into int`,
		`bad.yaml:19:11: timing.window: invalid duration "five minutes"`,
	}
	if len(ve.Problems) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(ve.Problems), len(want), err)
	}
	for i, w := range want {
		if got := ve.Problems[i].String(); !strings.HasPrefix(got, w) {
			t.Errorf("problem %d = %q, want prefix %q", i, got, w)
		}
	}
}

func TestParseSyntaxAndShapeErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"empty file", "", "bad.yaml: empty plan"},
		{"not a mapping", "- a\n- b\n", "bad.yaml:1:1: a plan is a mapping"},
		{"syntax error", "name: [unclosed\n", "bad.yaml:1:1: invalid YAML: did not find expected"},
		{"duplicate key", "name: a\nname: b\n", `bad.yaml:2:1: name: duplicate key "name"`},
		{"list where mapping expected", "target: [a]\n", "bad.yaml:1:9: target: want a mapping of keys, got a list"},
		{"scalar where list expected", "targets: 10.0.0.1/32\n", `bad.yaml:1:10: targets: want a list, got the value "10.0.0.1/32"`},
		{"mapping where scalar expected", "name: {a: b}\n", "bad.yaml:1:7: name: want a single value, got a mapping"},
		{"two documents", readValid(t) + "---\nname: other\n", "more than one YAML document"},
		{"unknown nested key", strings.Replace(readValid(t), "      tcp:\n", "      tcp:\n        adress: x:1\n", 1),
			`watch.probes[1].tcp.adress: unknown key "adress" (known keys: address)`},
	}
	wantParseErrors(t, "bad.yaml", tests)
}

func TestParseRejectsRecursiveAndExplosiveAliases(t *testing.T) {
	// 400 targets sharing one evidence with 400 sources: tiny text, 160,000 values.
	bomb := "description: &d [" + strings.Repeat("10.0.0.1, ", 399) + "10.0.0.1]\n" +
		"name: &t {cidr: 10.0.0.1/32, evidence: {flows: 1, bytes: 1, top_sources: *d}}\n" +
		"targets: [" + strings.Repeat("*t, ", 399) + "*t]\n"
	tests := []struct{ name, src, want string }{
		{"recursive", "targets: &x [*x]\n", "targets[0]: want a mapping of keys, got a list"},
		{"alias bomb", bomb, "too complex for a plan"},
	}
	wantParseErrors(t, "a.yaml", tests)
}

// A duplicate key is one problem, reported with both lines: not a cascade
// of "missing" problems for the mapping yaml.v3 then refuses to decode.
func TestParseDuplicateKeyIsOneProblem(t *testing.T) {
	valid := readValid(t)
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"at the top", strings.Replace(valid, "description:", "name: again\ndescription:", 1),
			`bad.yaml:3:1: name: duplicate key "name" (first at line 2)`},
		{"nested", strings.Replace(valid, "  network_acl:", "  region: eu-west-2\n  network_acl:", 1),
			`bad.yaml:6:3: target.region: duplicate key "region" (first at line 5)`},
		{"in a list item", strings.Replace(valid, "    - name: health\n", "    - name: health\n      name: health2\n", 1),
			`watch.probes[0].name: duplicate key "name" (first at line 28)`},
		{"in a map", strings.Replace(valid, "    Environment: staging\n", "    Environment: staging\n    Environment: prod\n", 1),
			`bad.yaml:12:5: guard.require_tags.Environment: duplicate key "Environment" (first at line 11)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse(strings.NewReader(tt.src), "bad.yaml")
			var ve *ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) != 1 || !strings.Contains(ve.Problems[0].String(), tt.want) {
				t.Fatalf("err = %v\nwant exactly one problem containing %q", err, tt.want)
			}
		})
	}
}

// wantParseErrors parses each case's src as the file name and wants an
// error containing the case's want.
func wantParseErrors(t *testing.T, name string, tests []struct{ name, src, want string }) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse(strings.NewReader(tt.src), name)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}
