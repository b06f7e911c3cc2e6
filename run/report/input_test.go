package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

func TestLoad(t *testing.T) {
	noJournal := t.TempDir()
	b, err := os.ReadFile(filepath.Join("testdata", "clean", ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(noJournal, ResultsFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		path        string
		wantJournal bool
		wantWarning string
		wantErr     string
	}{
		{"run directory", filepath.Join("testdata", "breaks"), true, "", ""},
		{"results.json path", filepath.Join("testdata", "breaks", ResultsFile), true, "", ""},
		{"no journal next to it", noJournal, false, "no journal.jsonl", ""},
		{"missing path", filepath.Join(noJournal, "nope"), false, "", "no such file"},
		{"directory without results", t.TempDir(), false, "", "results.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := Load(tc.path)
			if testenv.WantErr(t, err, tc.wantErr) {
				return
			}
			if in.JournalFound != tc.wantJournal || (tc.wantJournal && len(in.Journal) == 0) {
				t.Errorf("journal found %v with %d records, want found %v", in.JournalFound, len(in.Journal), tc.wantJournal)
			}
			if got := strings.Join(in.Warnings, "; "); !strings.Contains(got, tc.wantWarning) || (tc.wantWarning == "" && got != "") {
				t.Errorf("warnings = %q, want %q", got, tc.wantWarning)
			}
			var md bytes.Buffer
			if err := Render(&md, in, FormatMarkdown); err != nil {
				t.Fatal(err)
			}
			if !tc.wantJournal && !strings.Contains(md.String(), "No journal was found") {
				t.Errorf("the report does not say the journal is missing")
			}
		})
	}
}

func TestParseResults(t *testing.T) {
	tests := []struct{ name, json, wantErr string }{
		{"current schema", `{"schema_version":1,"outcome":"completed","targets":[]}`, ""},
		{"unknown fields are accepted", `{"schema_version":1,"added_later":true}`, ""},
		{"newer schema refused", `{"schema_version":2}`, "upgrade aclprobe"},
		{"not results", `{"foo":1}`, "not an aclprobe results.json"},
		{"not json", `plan: x`, "decode results"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseResults(strings.NewReader(tc.json))
			testenv.WantErr(t, err, tc.wantErr)
		})
	}
}

func TestParseJournal(t *testing.T) {
	good := `{"time":"2026-11-21T10:00:00Z","op":"run-start","acl":"acl-1"}`
	tests := []struct {
		name        string
		text        string
		wantRecs    int
		wantWarning string
		wantErr     string
	}{
		{"records and blank lines", good + "\n\n" + good + "\n", 2, "", ""},
		{"torn last line is a warning", good + "\n" + `{"time":"2026-11-21T10:0`, 1, "line 2 is torn", ""},
		{"bad line in the middle is an error", good + "\nnot json\n" + good + "\n", 0, "", "journal line 2"},
		{"empty", "", 0, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs, warns, err := ParseJournal(strings.NewReader(tc.text))
			if testenv.WantErr(t, err, tc.wantErr) {
				return
			}
			if len(recs) != tc.wantRecs {
				t.Errorf("%d records, want %d", len(recs), tc.wantRecs)
			}
			if got := strings.Join(warns, ";"); !strings.Contains(got, tc.wantWarning) || (tc.wantWarning == "" && got != "") {
				t.Errorf("warnings = %q, want %q", got, tc.wantWarning)
			}
		})
	}
}

func TestMarkdownCell(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"pipe", "a | b", `a \| b`},
		{"newline", "a\nb", "a b"},
		{"html", "<script>", "&lt;script&gt;"},
		{"backslash before pipe", `a\|b`, `a\\\|b`},
		{"backtick", "a`b", "a'b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := mdCell(tc.in); got != tc.want {
				t.Errorf("mdCell(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestHTMLSelfContained: the page must work offline and attached to a
// ticket: no script, no external stylesheet, font or image.
func TestHTMLSelfContained(t *testing.T) {
	for _, fx := range fixtures {
		rendered := renderFixture(t, fx, FormatHTML)
		page := strings.ReplaceAll(rendered, `xmlns="http://www.w3.org/2000/svg"`, "")
		for _, bad := range []string{"<script", "<link", "<img", "<iframe", "@import", "url(http", "url(//", "src=", "href="} {
			if strings.Contains(page, bad) {
				t.Errorf("%s: report.html contains %q", fx, bad)
			}
		}
		for _, need := range []string{`<html lang="en">`, `scope="col"`, `scope="row"`, "<caption>", "@media print", `role="img"`} {
			if !strings.Contains(page, need) {
				t.Errorf("%s: report.html lacks %q", fx, need)
			}
		}
	}
}

// TestMarkdownTablesWellFormed: every row of every Markdown table has as
// many cells as its header (unescaped pipes only), so GitHub and GitLab
// render them as tables.
func TestMarkdownTablesWellFormed(t *testing.T) {
	for _, fx := range fixtures {
		rendered := renderFixture(t, fx, FormatMarkdown)
		want, tables := 0, 0
		for i, line := range strings.Split(rendered, "\n") {
			if !strings.HasPrefix(line, "|") {
				want = 0
				continue
			}
			n := strings.Count(line, "|") - strings.Count(line, `\|`)
			if want == 0 {
				want, tables = n, tables+1
				continue
			}
			if n != want {
				t.Errorf("%s line %d has %d cell separators, its table's header has %d: %s", fx, i+1, n, want, line)
			}
		}
		if tables < 3 {
			t.Errorf("%s: %d tables found, want summary, findings and journal", fx, tables)
		}
	}
}
