package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The report command needs no AWS access: it renders from the report
// package's fixtures.
func TestReportCommand(t *testing.T) {
	fixture := filepath.Join("..", "..", "..", "run", "report", "testdata")
	out := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		wantOut  string // substring of stdout
		wantFile string // file written, and a substring of it
		wantText string
		wantErr  string
	}{
		{"markdown to stdout", []string{"report", filepath.Join(fixture, "breaks")}, "| 2 | `3.5.64.0/21` |", "", "", ""},
		{"results.json path, json", []string{"report", filepath.Join(fixture, "clean", "results.json"), "--format", "json"}, `"action": "block-candidate"`, "", "", ""},
		{"html file by extension", []string{"report", filepath.Join(fixture, "interrupted"), "-o", filepath.Join(out, "r.html")}, "", "r.html", `<table id="findings"`, ""},
		{"explicit format wins over extension", []string{"report", filepath.Join(fixture, "clean"), "-o", filepath.Join(out, "r.txt"), "--format", "md"}, "", "r.txt", "## Findings", ""},
		{"bad format", []string{"report", filepath.Join(fixture, "clean"), "--format", "pdf"}, "", "", "", "want md, html or json"},
		{"compare chart in html", []string{"report", filepath.Join(fixture, "breaks"), "--compare", filepath.Join(fixture, "compare", "nat-story.json"), "-o", filepath.Join(out, "c.html")}, "", "c.html", "After the change", ""},
		{"compare file that is not one", []string{"report", filepath.Join(fixture, "breaks"), "--compare", filepath.Join(fixture, "clean", "results.json")}, "", "", "", "--compare: compare"},
		{"missing run", []string{"report", filepath.Join(out, "nope")}, "", "", "", "no such file"},
		{"no argument", []string{"report"}, "", "", "", "accepts 1 arg"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			root := NewRootCmd(&IO{In: strings.NewReader(""), Out: &stdout, ErrOut: &stderr})
			root.SetArgs(tc.args)
			err := root.Execute()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("report: %v\n%s", err, stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.wantOut) {
				t.Errorf("stdout lacks %q:\n%.600s", tc.wantOut, stdout.String())
			}
			if tc.wantFile != "" {
				b := readFile(t, filepath.Join(out, tc.wantFile))
				if !strings.Contains(string(b), tc.wantText) {
					t.Errorf("%s lacks %q", tc.wantFile, tc.wantText)
				}
				if stdout.Len() != 0 {
					t.Errorf("stdout should be empty when -o is given, got %.200s", stdout.String())
				}
			}
		})
	}
}

// `report -o out.pdf` or `-o json` must not write Markdown under a name that
// promises something else: an extension that names no format is an error
// (exit 1, nothing written) unless --format says which format to write.
func TestBinaryReportOutputExtension(t *testing.T) {
	run := filepath.Join("..", "..", "..", "run", "report", "testdata", "clean")
	tests := []struct {
		name     string
		file     string
		format   []string
		wantCode int
		wantErr  string
		wantText string // substring of the file written
	}{
		{"pdf", "out.pdf", nil, ExitFailure, `out.pdf: ".pdf" names no report format (want .md, .html or .json, or give --format)`, ""},
		{"a format name instead of a file", "json", nil, ExitFailure, `json: no extension names the report format (want .md, .html or .json, or give --format)`, ""},
		{"markdown extension", "r.markdown", nil, ExitOK, "", "## Findings"},
		{"json extension, any case", "r.JSON", nil, ExitOK, "", `"recommendations"`},
		{"--format wins over the extension", "r.pdf", []string{"--format", "html"}, ExitOK, "", "<!DOCTYPE html>"},
		{"--format md for a .json name", "r.json", []string{"--format", "md"}, ExitOK, "", "## Findings"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"report", run, "-o", filepath.Join(dir, tc.file)}, tc.format...)
			out, errOut, code := runBinary(t, nil, args...)
			if code != tc.wantCode || !strings.Contains(errOut, tc.wantErr) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, errOut, tc.wantCode, tc.wantErr)
			}
			if out != "" {
				t.Errorf("stdout = %.200q, want nothing with -o", out)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantCode != ExitOK {
				if len(entries) != 0 {
					t.Fatalf("wrote %s despite the error", entries[0].Name())
				}
				return
			}
			b := readFile(t, filepath.Join(dir, tc.file))
			if !strings.Contains(string(b), tc.wantText) {
				t.Errorf("%s lacks %q:\n%.300s", tc.file, tc.wantText, b)
			}
		})
	}
}

// A bad --compare file is refused before anything is written.
func TestReportBadCompareWritesNothing(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "compare.json")
	if err := os.WriteFile(bad, []byte(`{"total": {"bytes_before": -1}, "rows": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	html := filepath.Join(dir, "report.html")
	run := filepath.Join("..", "..", "..", "run", "report", "testdata", "clean")
	out, errOut, code := runRoot(t, "report", run, "--compare", bad, "-o", html)
	if code != ExitFailure || out != "" || !strings.Contains(errOut, "bytes_before -1: want a count of zero or more") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and the negative count named", code, out, errOut)
	}
	if _, err := os.Stat(html); !os.IsNotExist(err) {
		t.Errorf("%s was written (stat: %v)", html, err)
	}
}
