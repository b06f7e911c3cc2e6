package dnslog

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzRead feeds arbitrary content to the reader: it must not panic, and
// every entry it hands out must have what Parse requires.
func FuzzRead(f *testing.F) {
	f.Add(fullEntry + "\n")
	f.Add(entry("a.example.com", "10.0.0.1", "192.0.2.1") + "\nnot json\n")
	f.Add(`{"logEvents":[{"message":"` + strings.ReplaceAll(fullEntry, `"`, `\"`) + `"}]}`)
	f.Add("{\n\"events\": [\n")
	f.Add(gz(fullEntry))
	f.Add(`[{"query_timestamp":"2025-12-04T09:30:00Z","query_name":".","srcaddr":"::ffff:10.0.0.1","srcport":-1}]`)
	f.Fuzz(func(t *testing.T, content string) {
		r := &Reader{Each: func(q *Query) {
			if q.Name == "" || !q.SrcAddr.IsValid() {
				t.Fatalf("entry without its required values: %+v", q)
			}
			_ = q.Addresses()
		}}
		_ = r.Read("fuzz", strings.NewReader(content))
		if r.Stats.Malformed < int64(len(r.Stats.MalformedExamples)) {
			t.Fatalf("stats %+v", r.Stats)
		}
	})
}

// FuzzParseMarshal holds MarshalJSON to Parse's inverse: whatever Parse
// accepts, it reads back the same from MarshalJSON's output. Only a time
// that UTC moves outside the years 0-9999 may fail to marshal.
func FuzzParseMarshal(f *testing.F) {
	f.Add(fullEntry)
	f.Add(`{"query_timestamp":"0000-01-01T00:30:00+01:00","query_name":"a.","srcaddr":"10.0.0.1"}`)
	f.Add(`{"query_timestamp":"2025-12-04T09:30:00Z","query_name":"A..","srcaddr":"::ffff:10.0.0.1","answers":[{"Type":"cname"}]}`)
	f.Fuzz(func(t *testing.T, line string) {
		q, err := Parse([]byte(line))
		if err != nil {
			return
		}
		if y := q.Time.Year(); y < 0 || y > 9999 {
			if _, err := json.Marshal(q); err == nil {
				t.Fatalf("MarshalJSON of year %d: no error", y)
			}
			return
		}
		roundTrip(t, q)
	})
}
