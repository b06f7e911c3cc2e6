package analysis

import (
	"slices"
	"strings"
	"testing"
)

// TestFormatChangesInsideASource reads two files of different formats
// concatenated (cat a.log b.log | aclprobe analyze -): the second header
// switches the format, so the same flow written in either order is one
// group, and coverage names the line where the format changed.
func TestFormatChangesInsideASource(t *testing.T) {
	a := "srcaddr dstaddr srcport dstport packets bytes\n" +
		"10.0.0.1 203.0.113.7 40000 443 1 100\n"
	b := "dstaddr srcaddr dstport srcport packets bytes\n" + // same fields, another order
		"203.0.113.7 10.0.0.1 443 40001 2 200\n"
	// Many records before the second header put it in a later chunk.
	long := a + strings.Repeat("10.0.0.1 203.0.113.7 40000 443 1 100\n", 20000)
	tests := []struct {
		name, input string
		want        []string
		at          string
	}{
		{"two files", a + b, []string{"10.0.0.1|203.0.113.7|443=2/3/300"}, "in.log:3: "},
		{"and back", a + b + a, []string{"10.0.0.1|203.0.113.7|443=3/4/400"}, "in.log:3: "},
		{"a later chunk", long + b, []string{"10.0.0.1|203.0.113.7|443=20002/20003/2000300"}, "in.log:20003: "},
		{"header at the end", a + "dstaddr srcaddr\n", []string{"10.0.0.1|203.0.113.7|443=1/1/100"}, "in.log:3: "},
	}
	for _, tc := range tests {
		for _, opts := range []LocalOptions{{Workers: 1}, {Workers: 3}, {Workers: 2, Strict: true}} {
			res := aggregate(t, opts, Query{By: []string{"srcaddr", "dstaddr", "dstport"}}, textSource("in.log", tc.input))
			if got := rowStrings(res.Rows); !slices.Equal(got, tc.want) {
				t.Errorf("%s %+v: rows %q, want %q", tc.name, opts, got, tc.want)
			}
			c := res.Coverage
			if c.Malformed != 0 || c.FormatChanges == 0 || !strings.HasPrefix(c.FormatChangeExamples[0], tc.at) {
				t.Errorf("%s %+v: coverage %+v, want no malformed line and a format change at %s", tc.name, opts, c, tc.at)
			}
		}
	}
}

// TestMalformedLineNumbersAfterAFormatChange: lines keep their numbers in
// the source after a header of another format.
func TestMalformedLineNumbersAfterAFormatChange(t *testing.T) {
	in := "srcaddr packets\n10.0.0.1 1\nsrcaddr dstaddr packets\n10.0.0.1 10.0.0.2 1\nbogus\n"
	res := aggregate(t, LocalOptions{Workers: 2}, Query{By: []string{"srcaddr"}}, textSource("in.log", in))
	if c := res.Coverage; c.Malformed != 1 || !strings.HasPrefix(c.MalformedExamples[0], "in.log:5: ") {
		t.Errorf("coverage %+v, want one malformed line, in.log:5", c)
	}
}

// TestHeaderAfterPreamble: blank lines and # comments before the header,
// and a UTF-8 byte order mark, do not hide the header.
func TestHeaderAfterPreamble(t *testing.T) {
	body := "srcaddr dstaddr dstport packets bytes\n10.0.0.1 10.0.0.2 443 1 10\nbogus\n"
	tests := []struct{ name, input, bad string }{
		{"blank first line", "\n" + body, "in.log:4: "},
		{"blank lines with spaces and CRLF", "  \r\n\t\n" + body, "in.log:5: "},
		{"comment lines", "# exported 2025-12-04\n#\n" + body, "in.log:5: "},
		{"byte order mark", "\ufeff" + body, "in.log:3: "},
		{"byte order mark, then a comment", "\ufeff# flow logs\n" + body, "in.log:4: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := aggregate(t, LocalOptions{}, Query{By: []string{"srcaddr", "dstport"}}, textSource("in.log", tc.input))
			if got := rowStrings(res.Rows); !slices.Equal(got, []string{"10.0.0.1|443=1/1/10"}) {
				t.Errorf("rows %q", got)
			}
			if c := res.Coverage; c.Records != 1 || c.Malformed != 1 || !strings.HasPrefix(c.MalformedExamples[0], tc.bad) {
				t.Errorf("coverage %+v, want 1 record and 1 malformed line at %s", c, tc.bad)
			}
		})
	}
}
