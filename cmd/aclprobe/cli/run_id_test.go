package cli

import (
	"testing"
	"time"
)

// The run id is also the lease's owner key: two runs started in the same
// second (two SREs, or a retry loop) must never share one, or each would
// take the other's lease for its own ("already ours").
func TestNewRunIDUniqueWithinOneSecond(t *testing.T) {
	now := time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for i := 0; i < 10000; i++ {
		id := newRunID(now)
		if seen[id] {
			t.Fatalf("run id %s generated twice among %d ids of the same second", id, i+1)
		}
		seen[id] = true
	}
}
