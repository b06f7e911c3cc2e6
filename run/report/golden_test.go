package report

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/aclprobe/aclprobe/internal/golden"
)

var fixtures = []string{"clean", "breaks", "interrupted"}

// TestGolden renders every fixture in every format and compares with
// testdata/<fixture>/report.<format>.golden.
func TestGolden(t *testing.T) {
	for _, fx := range fixtures {
		for _, format := range []string{FormatMarkdown, FormatHTML, FormatJSON} {
			t.Run(fx+"/"+format, func(t *testing.T) {
				in, err := Load(filepath.Join("testdata", fx))
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := Render(&buf, in, format); err != nil {
					t.Fatalf("Render: %v", err)
				}
				golden.Check(t, fx+"/report."+format+".golden", buf.Bytes())
			})
		}
	}
}

// TestWriteFiles is what run calls after every outcome: report.md and
// report.html appear next to results.json, equal to the golden renders.
func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{ResultsFile, JournalFile} {
		b, err := os.ReadFile(filepath.Join("testdata", "interrupted", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteFiles(dir); err != nil {
		t.Fatalf("WriteFiles: %v", err)
	}
	for name, golden := range map[string]string{MarkdownFile: "report.md.golden", HTMLFile: "report.html.golden"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("testdata", "interrupted", golden))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s", name, golden)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("run directory holds %d files, want 4 (no temporary files left)", len(entries))
	}
	if err := WriteFiles(t.TempDir()); err == nil {
		t.Errorf("WriteFiles on a directory without results.json succeeded")
	}
}
