package run

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// results.json is the contract for automation: every target object holds
// every documented key (null when it does not apply), so that a consumer
// can index them without guessing which ones a run left out.
func TestResultsJSONTargetKeys(t *testing.T) {
	w := newWorld()
	w.simulate(kinesis, service{cidr: "198.51.100.9/32", alarm: "site-down"}) // stops at target 2
	w.plan.Targets[0].Label = ""
	dir := t.TempDir()
	o := Options{Plan: w.plan, PlanPath: "plan.yaml", PlanSHA: "abc", OutDir: dir, RunID: "run-1", Owner: "tester@host"}
	if _, err := Run(context.Background(), w.runDeps(), o); err == nil {
		t.Fatal("Run succeeded, want the stop alarm to stop it")
	}
	b, err := os.ReadFile(filepath.Join(dir, ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Plan    map[string]any   `json:"plan"`
		Targets []map[string]any `json:"targets"`
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if err := json.Unmarshal(b, &top); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"account", "region", "acl", "started_at", "ended_at", "outcome", "targets"} {
		if _, ok := top[k]; !ok {
			t.Errorf("results.json lacks %q", k)
		}
	}
	for _, k := range []string{"path", "sha256"} {
		if _, ok := res.Plan[k]; !ok {
			t.Errorf("results.json plan lacks %q", k)
		}
	}
	if len(res.Targets) != 3 {
		t.Fatalf("%d targets, want 3", len(res.Targets))
	}
	keys := []string{"cidr", "label", "verdict", "broken_by", "rule_number", "applied_at", "removed_at", "recovered_after"}
	for i, tr := range res.Targets {
		for _, k := range keys {
			if _, ok := tr[k]; !ok {
				t.Errorf("target %d (%v) lacks %q", i, tr["cidr"], k)
			}
		}
	}
	if n, _ := res.Targets[2]["rule_number"].(float64); n == 0 {
		t.Errorf("untested target rule_number %v, want the number the run chose for it", res.Targets[2]["rule_number"])
	}
}
