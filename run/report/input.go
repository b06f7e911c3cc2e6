package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/run"
)

// File names inside a run directory.
const (
	ResultsFile  = "results.json"
	JournalFile  = "journal.jsonl"
	MarkdownFile = "report.md"
	HTMLFile     = "report.html"
)

// Input is everything a report is rendered from.
type Input struct {
	Results *run.Results
	// Journal holds the journal's records in file order; nil when
	// JournalFound is false.
	Journal      []acl.JournalRecord
	JournalFound bool
	// Warnings are problems met while reading that did not stop the report
	// (a missing journal, a torn last journal line).
	Warnings []string
	// Compare, when not nil, is a compare result to chart (report
	// --compare): the after-effect of the change the run led to.
	Compare *Compare
}

// Load reads a run directory, or a results.json path, and the journal.jsonl
// next to it when there is one.
func Load(path string) (*Input, error) {
	resultsPath := path
	if st, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("report %s: %w", path, err)
	} else if st.IsDir() {
		resultsPath = filepath.Join(path, ResultsFile)
	}
	f, err := os.Open(resultsPath)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", path, err)
	}
	defer f.Close()
	res, err := ParseResults(f)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", resultsPath, err)
	}
	in := &Input{Results: res}
	journalPath := filepath.Join(filepath.Dir(resultsPath), JournalFile)
	jf, err := os.Open(journalPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		in.Warnings = append(in.Warnings, "no "+JournalFile+" next to "+ResultsFile+": the changes made are not summarized")
		return in, nil
	case err != nil:
		return nil, fmt.Errorf("report %s: %w", journalPath, err)
	}
	defer jf.Close()
	recs, warns, err := ParseJournal(jf)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", journalPath, err)
	}
	in.Journal, in.JournalFound, in.Warnings = recs, true, append(in.Warnings, warns...)
	return in, nil
}

// ParseResults decodes results.json. Unknown fields are accepted (newer
// minor additions); a newer schema version is refused.
func ParseResults(r io.Reader) (*run.Results, error) {
	var res run.Results
	if err := json.NewDecoder(r).Decode(&res); err != nil {
		return nil, fmt.Errorf("decode results: %w", err)
	}
	if res.SchemaVersion > run.ResultsSchemaVersion {
		return nil, fmt.Errorf("results schema_version %d is newer than this aclprobe understands (%d): upgrade aclprobe",
			res.SchemaVersion, run.ResultsSchemaVersion)
	}
	if res.SchemaVersion < 1 {
		return nil, fmt.Errorf("results schema_version %d: not an aclprobe results.json", res.SchemaVersion)
	}
	for i := range res.Leftovers {
		if res.Leftovers[i].Kind == "" { // written before leftovers had a kind: deny entries were the only kind
			res.Leftovers[i].Kind = run.LeftoverDenyEntry
		}
	}
	return &res, nil
}

// ParseJournal decodes journal.jsonl with acl.DecodeJournal. A torn last
// line (a process killed mid-write) becomes a warning; a bad line
// elsewhere is an error, with its line number.
func ParseJournal(r io.Reader) ([]acl.JournalRecord, []string, error) {
	recs, torn, err := acl.DecodeJournal(r)
	if err != nil {
		return nil, nil, err
	}
	var warns []string
	if torn != nil {
		warns = append(warns, fmt.Sprintf("journal line %d is torn (ignored): %v", torn.Line, torn.Err))
	}
	return recs, warns, nil
}
