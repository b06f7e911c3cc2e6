package plan

import (
	"path/filepath"
	"testing"
)

// Every example plan under plans/ must validate.
func TestExamplePlansValidate(t *testing.T) {
	files, err := filepath.Glob("../plans/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2 {
		t.Fatalf("found %d example plans in plans/, want at least 2", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p, _, err := Load(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Steps(p, nil); err != nil {
				t.Fatalf("Steps: %v", err)
			}
		})
	}
}
