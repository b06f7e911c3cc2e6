package cli

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// windowPolls counts the "window" records (one a poll) in dir's run.log,
// failing the test on a line that is not JSON.
func windowPolls(t *testing.T, dir string) int {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "run.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	polls := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("run.log line %q: %v", sc.Text(), err)
		}
		if rec["msg"] == "window" {
			polls++
		}
	}
	return polls
}
