package dnslog

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

func entry(name, src, addr string) string {
	return `{"query_timestamp":"2025-12-04T09:30:00Z","query_name":"` + name + `.","query_type":"A","rcode":"NOERROR",` +
		`"answers":[{"Rdata":"` + addr + `","Type":"A","Class":"IN"}],"srcaddr":"` + src + `"}`
}

func gz(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

func TestReaderRead(t *testing.T) {
	e1 := entry("a.example.com", "10.0.0.1", "192.0.2.1")
	e2 := entry("b.example.com", "10.0.0.2", "192.0.2.2")
	quoted := func(s string) string { return strings.ReplaceAll(s, `"`, `\"`) }
	sub := `{"messageType":"DATA_MESSAGE","logGroup":"/resolver","logEvents":[{"id":"1","timestamp":1,"message":"` + quoted(e1) + `"},{"id":"2","timestamp":2,"message":"` + quoted(e2) + `"}]}`
	control := `{"messageType":"CONTROL_MESSAGE","logEvents":[{"id":"","timestamp":1,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}`
	tests := []struct {
		name      string
		content   string
		names     []string
		malformed int64
		control   int64
		strictErr bool
	}{
		{name: "json lines", content: e1 + "\n" + e2 + "\n", names: []string{"a.example.com", "b.example.com"}},
		{name: "gzip, no final newline", content: gz(e1 + "\n" + e2), names: []string{"a.example.com", "b.example.com"}},
		{name: "blank lines and CRLF", content: "\r\n" + e1 + "\r\n\r\n" + e2 + "\r\n", names: []string{"a.example.com", "b.example.com"}},
		{name: "malformed lines counted, the rest read", content: e1 + "\nnot json\n{\"query_name\":\"x.\"}\n{\"a\":1}\n" + e2 + "\n",
			names: []string{"a.example.com", "b.example.com"}, malformed: 3, strictErr: true},
		{name: "cloudwatch subscription payload", content: sub + "\n", names: []string{"a.example.com", "b.example.com"}},
		{name: "firehose: gzip, payloads concatenated, control message", content: gz(control + sub + sub),
			names: []string{"a.example.com", "b.example.com", "a.example.com", "b.example.com"}, control: 1},
		{name: "firehose: entries concatenated without newlines", content: gz(e1 + e2 + e1), names: []string{"a.example.com", "b.example.com", "a.example.com"}},
		{name: "filter-log-events output, pretty-printed", content: "{\n  \"events\": [\n    {\"message\": \"" + quoted(e2) + "\"}\n  ]\n}\n",
			names: []string{"b.example.com"}},
		{name: "array of entries on one line", content: "[" + e1 + "," + e2 + "]\n", names: []string{"a.example.com", "b.example.com"}},
		{name: "bad message inside a wrapper", content: `{"logEvents":[{"message":"nope"}]}` + "\n", malformed: 1, strictErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var names []string
			r := &Reader{Each: func(q *Query) { names = append(names, q.Name) }}
			if err := r.Read("f.log", strings.NewReader(tt.content)); err != nil {
				t.Fatal(err)
			}
			if strings.Join(names, ",") != strings.Join(tt.names, ",") {
				t.Errorf("names %v, want %v", names, tt.names)
			}
			if r.Stats.Malformed != tt.malformed || r.Stats.Queries != int64(len(tt.names)) || r.Stats.ControlMessages != tt.control {
				t.Errorf("stats %+v, want %d queries, %d malformed, %d control", r.Stats, len(tt.names), tt.malformed, tt.control)
			}
			if tt.malformed > 0 && (len(r.Stats.MalformedExamples) == 0 || !strings.HasPrefix(r.Stats.MalformedExamples[0], "f.log:")) {
				t.Errorf("malformed examples %q: want file:line", r.Stats.MalformedExamples)
			}
			strict := &Reader{Strict: true}
			if err := strict.Read("f.log", strings.NewReader(tt.content)); (err != nil) != tt.strictErr {
				t.Errorf("strict: err %v, want error %v", err, tt.strictErr)
			}
		})
	}
}

func TestReaderTruncatedGzip(t *testing.T) {
	full := gz(entry("a.example.com", "10.0.0.1", "192.0.2.1") + "\n")
	r := &Reader{}
	if err := r.Read("cut.gz", strings.NewReader(full[:len(full)-6])); err == nil {
		t.Fatal("truncated gzip: no error")
	}
}
