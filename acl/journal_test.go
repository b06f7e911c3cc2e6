package acl

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestJournalRoundTripAndPending(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	now := time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC)
	j, err := OpenJournal(path, "run-1", "eu-west-1", func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	a := ours
	b := ours
	b.RuleNumber, b.CIDR = 91, "198.51.100.9/32"
	for _, r := range []JournalRecord{
		{Op: OpRunStart, ACL: testACL},
		a.Record(OpCreateIntent), a.Record(OpCreateDone), a.Record(OpDeleteIntent), a.Record(OpDeleteDone),
		b.Record(OpCreateIntent), b.Record(OpCreateDone), b.Record(OpDeleteIntent), b.Record(OpUndoFailed),
	} {
		if err := j.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	recs, err := LoadJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 9 || recs[0].RunID != "run-1" || recs[0].Region != "eu-west-1" || !recs[0].Time.Equal(now) {
		t.Fatalf("records %+v", recs)
	}
	if got := Pending(recs); !reflect.DeepEqual(got, []Entry{b}) {
		t.Fatalf("Pending = %+v, want only %+v", got, b)
	}
}

func TestReadJournalTornLastLine(t *testing.T) {
	good := `{"time":"2026-11-21T20:00:00Z","run_id":"r","op":"create-intent","acl":"acl-1","rule_number":90,"egress":true,"cidr":"203.0.113.7/32","protocol":"-1","action":"deny"}`
	tests := []struct {
		name     string
		in       string
		want     int
		wantErr  bool
		wantTorn int // DecodeJournal's torn line, 0 for none
	}{
		{"clean", good + "\n", 1, false, 0},
		{"blank lines", "\n" + good + "\n\n" + good + "\n", 2, false, 0},
		{"torn last line is ignored", good + "\n" + `{"time":"2026-11-2`, 1, false, 2},
		{"bad line in the middle is an error", good + "\n{oops\n" + good + "\n", 0, true, 0},
		{"empty", "", 0, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := ReadJournal(strings.NewReader(tc.in))
			if (err != nil) != tc.wantErr || len(recs) != tc.want {
				t.Fatalf("ReadJournal = %d records, %v", len(recs), err)
			}
			recs, torn, err := DecodeJournal(strings.NewReader(tc.in))
			if (err != nil) != tc.wantErr || len(recs) != tc.want {
				t.Fatalf("DecodeJournal = %d records, %v", len(recs), err)
			}
			gotTorn := 0
			if torn != nil {
				gotTorn = torn.Line
				if torn.Err == nil {
					t.Errorf("torn line %d without its decode error", torn.Line)
				}
			}
			if gotTorn != tc.wantTorn {
				t.Errorf("torn line %d, want %d", gotTorn, tc.wantTorn)
			}
		})
	}
}

func TestJournalAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	for i := 0; i < 2; i++ {
		j, err := OpenJournal(path, "r", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := j.Write(JournalRecord{Op: OpRunStart, ACL: "acl-1"}); err != nil {
			t.Fatal(err)
		}
		j.Close()
	}
	b, _ := os.ReadFile(path)
	if n := strings.Count(string(b), "\n"); n != 2 {
		t.Fatalf("journal has %d lines, want 2 (append)", n)
	}
}

// A journal whose last line was torn (disk full, power loss) is appended
// to by `recover --journal`: the new records must start on their own line,
// or the torn line swallows the first one and every later read fails
// (recover would no longer be idempotent).
func TestJournalAppendAfterTornLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	torn := `{"time":"2026-11-21T20:00:00Z","run_id":"run-1","op":"create-intent","acl":"acl-0test","rule_number":90,"egress":true,"cidr":"203.0.113.7/32","protocol":"-1","action":"deny"}` + "\n" + `{"time":"2026-11-21T20:00:01Z","run_id":"run-1","op":"crea`
	if err := os.WriteFile(path, []byte(torn), 0o644); err != nil {
		t.Fatal(err)
	}
	j, err := OpenJournal(path, "run-1", "eu-west-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Write(ours.Record(OpDeleteDone)); err != nil {
		t.Fatal(err)
	}
	j.Close()
	recs, err := LoadJournal(path)
	if err != nil {
		t.Fatalf("journal unreadable after an append to a torn line: %v", err)
	}
	if len(recs) != 2 || recs[1].Op != OpDeleteDone || len(Pending(recs)) != 0 {
		t.Fatalf("records %+v", recs)
	}
}
