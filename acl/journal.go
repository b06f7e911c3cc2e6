package acl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// Journal is an append-only JSON-lines file. Every record is written and
// fsync'd before Write returns, so a record written before a change is on
// disk before the change is made.
type Journal struct {
	mu     sync.Mutex
	f      *os.File
	path   string
	runID  string
	region string
	now    func() time.Time
}

// OpenJournal opens (creating or appending to) the journal at path for a
// run. now stamps records; nil means time.Now.
func OpenJournal(path, runID, region string, now func() time.Time) (*Journal, error) {
	_, statErr := os.Stat(path)
	if statErr == nil {
		if err := dropTornLine(path); err != nil {
			return nil, fmt.Errorf("journal %s: %w", path, err)
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("journal %s: open: %w", path, err)
	}
	if os.IsNotExist(statErr) {
		// A new file's name is durable only once its directory is synced:
		// without it a crash could lose the whole fsync'd journal.
		if err := syncDir(filepath.Dir(path)); err != nil {
			f.Close()
			return nil, fmt.Errorf("journal %s: fsync directory: %w", path, err)
		}
	}
	if now == nil {
		now = time.Now
	}
	return &Journal{f: f, path: path, runID: runID, region: region, now: now}, nil
}

// dropTornLine truncates a last line left without its newline (a write
// torn by a full disk or a power loss; the change it announced was never
// made, since a change waits for its record), so that appended records
// start on their own line and the journal stays readable.
func dropTornLine(path string) error {
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 || b[len(b)-1] == '\n' {
		return err
	}
	return os.Truncate(path, int64(bytes.LastIndexByte(b, '\n')+1))
}

// syncDir fsyncs a directory (Windows cannot, and does not need to).
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Path is where the journal is.
func (j *Journal) Path() string { return j.path }

// Write appends r (stamping time, run id and region when unset) and
// fsyncs. A change must not be made when Write fails.
func (j *Journal) Write(r JournalRecord) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if r.Time.IsZero() {
		r.Time = j.now().UTC()
	}
	if r.RunID == "" {
		r.RunID = j.runID
	}
	if r.Region == "" {
		r.Region = j.region
	}
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("journal %s: encode %s: %w", j.path, r.Op, err)
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("journal %s: write %s: %w", j.path, r.Op, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal %s: fsync %s: %w", j.path, r.Op, err)
	}
	return nil
}

// Close closes the file.
func (j *Journal) Close() error { return j.f.Close() }

// TornLine is a journal's last line cut short by a crash in the middle
// of a write: the record it held is lost, the lines before it are intact.
type TornLine struct {
	Line int   // its number, from 1
	Err  error // why it does not decode
}

// ReadJournal decodes a journal. A torn last line (a crash in the middle
// of a write) is ignored; a bad line elsewhere is an error.
func ReadJournal(r io.Reader) ([]JournalRecord, error) {
	recs, _, err := DecodeJournal(r)
	return recs, err
}

// DecodeJournal decodes a journal as ReadJournal does and also returns
// the torn last line it ignored, nil when there is none, for a caller
// that reports it.
func DecodeJournal(r io.Reader) ([]JournalRecord, *TornLine, error) {
	var (
		recs   []JournalRecord
		bad    *TornLine
		lineNo int
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for sc.Scan() {
		lineNo++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if bad != nil {
			return nil, nil, fmt.Errorf("journal line %d: not a JSON record: %w", bad.Line, bad.Err)
		}
		var rec JournalRecord
		if err := json.Unmarshal(line, &rec); err != nil {
			bad = &TornLine{Line: lineNo, Err: err}
			continue
		}
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("journal: read: %w", err)
	}
	return recs, bad, nil
}

// LoadJournal reads the journal file at path.
func LoadJournal(path string) ([]JournalRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	defer f.Close()
	recs, err := ReadJournal(f)
	if err != nil {
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	return recs, nil
}

// Pending returns the entries the journal says were (or may have been)
// created and not verified gone: a create-intent without a later
// delete-done for the same entry, in journal order.
func Pending(recs []JournalRecord) []Entry {
	var order []Entry
	open := map[Entry]bool{}
	for _, r := range recs {
		if r.RuleNumber == 0 {
			continue
		}
		e := EntryFromRecord(r)
		switch r.Op {
		case OpCreateIntent:
			if !open[e] {
				order = append(order, e)
			}
			open[e] = true
		case OpDeleteDone:
			open[e] = false
		}
	}
	var out []Entry
	seen := map[Entry]bool{}
	for _, e := range order {
		if open[e] && !seen[e] {
			out = append(out, e)
			seen[e] = true
		}
	}
	return out
}
