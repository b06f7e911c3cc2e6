package dnslog

import (
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
