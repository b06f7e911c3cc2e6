package flowlog

import (
	"strings"
	"testing"
)

func TestParseHeader(t *testing.T) {
	tests := []struct {
		name   string
		line   string
		header bool
	}{
		{"default header", "version account-id interface-id srcaddr", true},
		{"underscores", "pkt_srcaddr pkt_dstaddr log_status", true},
		{"unknown names only", "foo bar baz", false},
		{"a record", "2 123456789010 eni-1 10.0.0.1", false},
		{"instance and interface ids", "i-0abc eni-0abc", false},
		{"a repeated field", "srcaddr srcaddr", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := ParseHeader([]byte(tc.line)); ok != tc.header {
				t.Errorf("ParseHeader(%q) = %v, want %v", tc.line, ok, tc.header)
			}
		})
	}
}

// TestMalformedLineNumbersAcrossChunks checks that lines in later chunks
// of a large file are numbered from the start of the file.
func TestFindHeader(t *testing.T) {
	cur := mustLayout([]string{"srcaddr", "dstaddr"})
	tests := []struct {
		name, data string
		off        int
		lines      int64
	}{
		{"records only", "10.0.0.1 10.0.0.2\n10.0.0.3 10.0.0.4\n", -1, 2},
		{"a repeat of the header is not a change", "srcaddr dstaddr\nsrcaddr   dstaddr\r\n", -1, 2},
		{"another header", "10.0.0.1 10.0.0.2\ndstaddr srcaddr\n10.0.0.2 10.0.0.1\n", 18, 1},
		{"underscores and CRLF", "pkt_srcaddr srcaddr\r\n", 0, 0},
		{"lower-case records of unknown words", "eni-0a vpc-1\n", -1, 1},
		{"a header right after a lower-case record", "eni-0a vpc-1\ndstaddr srcaddr\n", 13, 1},
		{"a header after a long run of records", strings.Repeat("10.0.0.1 10.0.0.2\n", 40) + " dstaddr srcaddr\n", 720, 40},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := FindHeader([]byte(tc.data), cur)
			off := h.Off
			if h.Layout == nil {
				off = -1
			}
			if off != tc.off || h.Lines != tc.lines {
				t.Errorf("FindHeader = off %d, %d lines before; want %d, %d", off, h.Lines, tc.off, tc.lines)
			}
		})
	}
}
