package plan

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: Parse never panics, and a plan it accepts is valid and has a
// Steps preview.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../plans/*.yaml")
	seeds = append(seeds, "testdata/valid.yaml")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("apiVersion: aclprobe/v1\ntargets: [{cidr: 10.0.0.0/0}]\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, _, err := Parse(bytes.NewReader(data), "fuzz.yaml")
		if err != nil {
			return
		}
		if err := Validate(p); err != nil {
			t.Fatalf("Parse accepted a plan Validate rejects: %v", err)
		}
		if _, err := Steps(p, nil); err != nil {
			t.Fatalf("Steps on an accepted plan: %v", err)
		}
	})
}
